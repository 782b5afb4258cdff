import { afterEach, describe, expect, it } from "vitest";
import { startFixture, type Fixture } from "./emulator-fixture";

let fx: Fixture | undefined;
afterEach(async () => fx?.stop());

describe("shared adaptive rate limit against a 100/s server", () => {
  it("completes a burst of 1,000 concurrent calls with 0 failures and few 429s", async () => {
    fx = await startFixture({ rateLimitPerSecond: 100 });
    const seed = fx.client();
    const { id } = await seed.flags.create({ key: "burst" });
    fx.emu.resetStats();
    // Ten clients, as ten resources would build them: they share one limiter through the globalThis registry.
    const clients = Array.from({ length: 10 }, () => fx!.client());
    const started = Date.now();
    const results = await Promise.allSettled(Array.from({ length: 1000 }, (_, i) => clients[i % 10]!.flags.get(id)));
    const seconds = (Date.now() - started) / 1000;
    const failures = results.filter((r) => r.status === "rejected");
    const stats = fx.emu.stats();
    const throttled = stats.byStatus["429"] ?? 0;
    console.log(`1000 calls in ${seconds.toFixed(1)} s, ${throttled} 429s, ${stats.total} requests`);
    expect(failures).toEqual([]);
    // Typically 0–10 (the emulator shares this process, so event-loop stalls shift arrival times); bound at 5%.
    expect(throttled).toBeLessThanOrEqual(50);
    expect(seed.requestCount()).toBe(stats.total + 1);
    expect(seconds).toBeLessThan(20);
  }, 60_000);
});
