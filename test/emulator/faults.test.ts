import { errors, request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import { call, createConfig, start } from "./helpers";

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
});

async function statuses(n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await call(emu!, "GET", "/api/1/flags")).status);
  return out;
}

describe("fault injection", () => {
  it("is deterministic for a seed, both at start and through PUT /__admin/faults", async () => {
    emu = await start({ faults: { rate500: 0.3, rate502: 0.1, rate503: 0.1, rate429: 0.1 }, seed: 42 });
    const first = await statuses(40);
    expect(new Set(first)).toEqual(new Set([200, 429, 500, 502, 503]));
    await call(emu, "PUT", "/__admin/faults", { rate500: 0.3, rate502: 0.1, rate503: 0.1, rate429: 0.1, seed: 42 });
    expect(await statuses(40)).toEqual(first);
    await call(emu, "PUT", "/__admin/faults", { rate500: 0.3, rate502: 0.1, rate503: 0.1, rate429: 0.1, seed: 7 });
    expect(await statuses(40)).not.toEqual(first);
    const stats = (await call(emu, "GET", "/__admin/stats")).json;
    expect(stats.byStatus["500"]).toBeGreaterThan(0);
  });

  it("sends JSON error bodies for injected statuses, with Retry-After on 429 when enabled", async () => {
    emu = await start({ faults: { rate429: 1 }, retryAfterHeader: true });
    const r = await call(emu, "GET", "/api/1/flags");
    expect(r).toMatchObject({ status: 429, json: { error: "Too many requests" } });
    expect(r.headers["retry-after"]).toBe("1");
    await call(emu, "PUT", "/__admin/faults", { rate503: 1 });
    expect(await call(emu, "GET", "/api/1/flags")).toMatchObject({ status: 503, json: { error: "Service unavailable" } });
    await call(emu, "PUT", "/__admin/faults", {});
    expect((await call(emu, "GET", "/api/1/flags")).status).toBe(200);
    expect((await call(emu, "GET", "/__admin/faults")).json).toMatchObject({ rate429: 0, rate503: 0 });
  });

  it("resets the connection before processing a write", async () => {
    emu = await start({ faults: { rateReset: 1 } });
    // A TCP reset (RST), as a proxy or load balancer would send.
    await expect(call(emu, "POST", "/api/1/flags", { projectId: "100000", key: "never" })).rejects.toMatchObject({ code: "ECONNRESET" });
    await call(emu, "PUT", "/__admin/faults", {});
    expect(emu.getState().flags).toEqual([]);
    expect((await call(emu, "GET", "/__admin/requests")).json[0]).toMatchObject({ method: "POST", status: 0, fault: "reset" });
  });

  it("applies the write, then drops the connection without a reply (the duplicate-create trap)", async () => {
    emu = await start({ faults: { rateDropAfterWrite: 1 } });
    // A clean close with no reply: undici reports "other side closed".
    await expect(call(emu, "POST", "/api/1/flags", { projectId: "100000", key: "dropped" })).rejects.toBeInstanceOf(errors.SocketError);
    expect(emu.getState().flags.map((f) => f.key)).toEqual(["dropped"]);
    // GETs are never dropped.
    expect((await call(emu, "GET", "/api/1/flags")).json.flags).toHaveLength(1);
    // A retried create now collides with the key the first attempt took.
    await call(emu, "PUT", "/__admin/faults", {});
    expect((await call(emu, "POST", "/api/1/flags", { projectId: "100000", key: "dropped" })).status).toBe(400);
  });

  it("adds latency (fixed + jitter)", async () => {
    emu = await start({ faults: { latencyMs: 60, latencyJitterMs: 20 } });
    const t0 = performance.now();
    await call(emu, "GET", "/api/1/flags");
    const elapsed = performance.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(55);
    expect(elapsed).toBeLessThan(1000);
  });

  it("applies faults only after auth, so a bad key still gets 401", async () => {
    emu = await start({ faults: { rate500: 1 } });
    expect((await call(emu, "GET", "/api/1/flags", undefined, { key: "bad" })).status).toBe(401);
  });

  it("keeps serving after dropped sockets", async () => {
    emu = await start({ faults: { rateReset: 0.5 }, seed: 3 });
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      outcomes.push(await request(`${emu.url}/api/1/flags`, { headers: { authorization: "Bearer emulator-key" } }).then((r) => r.body.text().then(() => "ok"), () => "reset"));
    }
    expect(outcomes).toContain("ok");
    expect(outcomes).toContain("reset");
    await call(emu, "PUT", "/__admin/faults", {});
    const id = await createConfig(emu, "flags", { key: "after" });
    expect((await call(emu, "GET", `/api/1/flags/${id}`)).status).toBe(200);
  });
});
