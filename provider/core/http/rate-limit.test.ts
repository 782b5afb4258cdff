import { describe, expect, it } from "vitest";
import { ApiError, ErrorCode } from "../errors";
import { manualClock } from "../testing/manual-clock";
import { AdaptiveTokenBucket, rateLimit } from "./rate-limit";

describe("AdaptiveTokenBucket", () => {
  it("allows the burst at once, then paces waiters at the rate, FIFO", async () => {
    const clock = manualClock(0);
    const bucket = new AdaptiveTokenBucket({ ratePerSecond: 100, burst: 10, now: clock.now, sleep: clock.sleep });
    const released: number[] = [];
    await Promise.all(Array.from({ length: 110 }, (_, i) => bucket.acquire().then(() => released.push(i))));
    expect(released).toEqual(Array.from({ length: 110 }, (_, i) => i));
    // The burst of 10 left without waiting; the next 90 follow at 100/s, one wake per token of ~10 ms (no
    // stampede); the last 10 wait for the sliding window to roll.
    expect(clock.now()).toBeGreaterThanOrEqual(1000);
    expect(clock.now()).toBeLessThan(1200);
    expect(clock.sleeps.length).toBeGreaterThanOrEqual(90);
    expect(clock.sleeps.filter((ms) => ms > 10).length).toBeLessThanOrEqual(1);
  });

  it("never grants more than the rate in any (window + slack), and sustains the rate", async () => {
    const clock = manualClock(0);
    const bucket = new AdaptiveTokenBucket({ ratePerSecond: 100, burst: 10, now: clock.now, sleep: clock.sleep });
    const times: number[] = [];
    for (let i = 0; i < 500; i += 1) {
      await bucket.acquire();
      times.push(clock.now());
    }
    for (let i = 0; i + 100 < times.length; i += 1) expect(times[i + 100]! - times[i]!).toBeGreaterThanOrEqual(1030);
    const rate = (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000);
    expect(rate).toBeGreaterThan(95);
  });

  it("halves the rate on 429 (once per window) for everyone, then recovers additively", async () => {
    const clock = manualClock(0);
    const bucket = new AdaptiveTokenBucket({ ratePerSecond: 100, burst: 10, decreaseFactor: 0.5, recoveryPerSecond: 10, now: clock.now, sleep: clock.sleep });
    bucket.onThrottle();
    bucket.onThrottle();
    expect(bucket.currentRate).toBe(50);
    expect(bucket.throttleCount).toBe(2);
    clock.advance(1000);
    // +10/s per second, then halved again.
    bucket.onThrottle();
    expect(bucket.currentRate).toBe(30);
    clock.advance(3000);
    expect(bucket.currentRate).toBeCloseTo(60, 5);
    clock.advance(60_000);
    expect(bucket.currentRate).toBe(100);
    for (let i = 0; i < 20; i += 1) { clock.advance(1000); bucket.onThrottle(); }
    // Halving once a second against +10/s settles at 10–20/s rather than ratcheting down to the floor.
    expect(bucket.currentRate).toBeGreaterThan(9);
    expect(bucket.currentRate).toBeLessThan(21);
    bucket.configure({ ratePerSecond: 100, minRatePerSecond: 50, decreaseFactor: 0.1 });
    clock.advance(1000);
    bucket.onThrottle();
    expect(bucket.currentRate).toBe(50);
  });

  it("holds every caller for a server-named wait", async () => {
    const clock = manualClock(0);
    const bucket = new AdaptiveTokenBucket({ ratePerSecond: 100, burst: 10, now: clock.now, sleep: clock.sleep });
    bucket.onThrottle(5000);
    await bucket.acquire();
    expect(clock.now()).toBeGreaterThanOrEqual(5000);
  });

  it("reconfigures in place and reports waiting callers", () => {
    const clock = manualClock(0);
    const bucket = new AdaptiveTokenBucket({ now: clock.now, sleep: async () => new Promise(() => undefined) });
    bucket.configure({ ratePerSecond: 10, burst: 1 });
    expect(bucket.currentRate).toBe(10);
    void bucket.acquire();
    void bucket.acquire();
    expect(bucket.waiting).toBe(1);
  });
});

describe("rateLimit step", () => {
  it("takes a token per attempt and reports 429s to the bucket", async () => {
    const clock = manualClock(0);
    const bucket = new AdaptiveTokenBucket({ ratePerSecond: 100, burst: 10, now: clock.now, sleep: clock.sleep });
    const step = rateLimit(bucket);
    const req = { method: "GET" as const, path: "/", route: "/", what: "x" };
    await step(req, async () => ({ status: 200, headers: {}, text: "" }));
    const e429 = new ApiError("x", { code: ErrorCode.RATE_LIMITED, method: "GET", route: "/", remedy: "" });
    await expect(step(req, async () => { throw e429; })).rejects.toBe(e429);
    expect(bucket.throttleCount).toBe(1);
    await expect(step(req, async () => { throw new Error("other"); })).rejects.toThrow("other");
    expect(bucket.throttleCount).toBe(1);
  });
});
