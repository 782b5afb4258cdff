import { afterEach, expect, it } from "vitest";
import { closedPort } from "../helpers/closed-port";
import { amplitudeClient } from "../../provider/amplitude/api";
import { resetSharedLimits } from "../../provider/core";

/*
 * A wrong `amplitude:serverUrl`, or no network: one request gives up after its retries, and every other request of
 * the run fails at once with the same clear error, instead of each resource retrying for minutes on its own.
 */

afterEach(() => resetSharedLimits());

it("after one request gives up on a refused connection, the others fail at once with its message, without retries of their own", async () => {
  let waits = 0;
  let clock = Date.now();
  const client = amplitudeClient({
    serverUrl: `http://127.0.0.1:${await closedPort()}`, apiKey: "k", projectId: "100000",
    maxAttempts: 5, now: () => clock, sleep: async (ms) => { waits += 1; clock += ms; },
  });
  const first = await client.flags.findByKey("x").then(() => undefined, (e: Error) => e);
  expect(first?.message).toMatch(/network error \(ECONNREFUSED/);
  const afterFirst = waits;
  expect(afterFirst).toBeGreaterThanOrEqual(4); // 5 attempts
  const others = await Promise.all(Array.from({ length: 20 }, () => client.flags.findByKey("y").then(() => undefined, (e: Error) => e)));
  expect(others.every((e) => e?.message === first?.message)).toBe(true);
  expect(waits).toBe(afterFirst);
});
