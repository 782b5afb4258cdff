import { afterEach, expect, it } from "vitest";
import { closedPort } from "../helpers/closed-port";
import { configcatClient, resetConfigCatLimits } from "../../provider/configcat/api";

/*
 * A wrong `configcat:serverUrl`, or no network: one request gives up after its retries, and every other request of
 * the run fails at once with the same clear error, instead of each of a thousand resources retrying for minutes
 * (a fresh user saw `preview --refresh` of 108 resources take 12 minutes to fail).
 */

afterEach(() => resetConfigCatLimits());

it("after one request gives up on a refused connection, the others fail at once with its message, without retries of their own", async () => {
  let waits = 0;
  let clock = Date.now();
  const client = configcatClient({
    serverUrl: `http://127.0.0.1:${await closedPort()}`, basicAuthUsername: "u", basicAuthPassword: "p".repeat(44),
    maxAttempts: 5, now: () => clock, sleep: async (ms) => { waits += 1; clock += ms; },
  });
  const first = await client.products.list().then(() => undefined, (e: Error) => e);
  expect(first?.message).toMatch(/network error \(ECONNREFUSED/);
  expect(first?.message).toMatch(/serverUrl/);
  expect(waits).toBe(4); // 5 attempts
  const others = await Promise.all(Array.from({ length: 20 }, () => client.products.list().then(() => undefined, (e: Error) => e)));
  expect(others.every((e) => e?.message === first?.message)).toBe(true);
  expect(waits).toBe(4);
  // The failure stands 30 s: then the server is tried again (and is still refused, after retries).
  clock += 30_001;
  await expect(client.products.list()).rejects.toThrow(/ECONNREFUSED/);
  expect(waits).toBe(8);
});
