import { describe, expect, it } from "vitest";
import { ApiError, ErrorCode } from "../errors";
import { manualClock } from "../testing/manual-clock";
import { KeyedWindowLimiter, windowRateLimit } from "./window-limiter";

const windows = [{ limit: 15, periodMs: 1000 }, { limit: 450, periodMs: 60_000 }];

/** Largest number of grants in any half-open interval of `span` ms. */
function maxInAnySpan(times: number[], span: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i += 1) {
    while (times[i]! - times[j]! >= span) j += 1;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe("KeyedWindowLimiter", () => {
  it("keeps every key within both windows and serves each key first-in first-out", async () => {
    const clock = manualClock(0);
    const limiter = new KeyedWindowLimiter({ windows, slackMs: 50, now: clock.now, sleep: clock.sleep });
    const order: number[] = [];
    await Promise.all(Array.from({ length: 100 }, (_, i) => limiter.acquire("GET /q").then(() => order.push(i))));
    expect(order).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const times: number[] = [];
    const start = clock.now();
    for (let i = 0; i < 1000; i += 1) {
      await limiter.acquire("GET /a");
      times.push(clock.now() - start);
    }
    expect(maxInAnySpan(times, 1050)).toBeLessThanOrEqual(15);
    expect(maxInAnySpan(times, 60_050)).toBeLessThanOrEqual(450);
    // 1,000 requests at 450 per minute need a bit over two minutes, and not much more.
    expect(times.at(-1)!).toBeGreaterThanOrEqual(120_000);
    expect(times.at(-1)!).toBeLessThan(128_000); // two full minutes, then 100 more at 15 per 1,050 ms
  });

  it("counts keys separately", async () => {
    const clock = manualClock(0);
    const limiter = new KeyedWindowLimiter({ windows, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 15; i += 1) await limiter.acquire("GET /a");
    for (let i = 0; i < 15; i += 1) await limiter.acquire("GET /b");
    expect(clock.now()).toBe(0);
    await limiter.acquire("GET /a");
    expect(clock.now()).toBe(1050);
  });

  it("pauses a key until X-Rate-Limit-Reset when X-Rate-Limit-Remaining is 0", async () => {
    const clock = manualClock(0);
    const limiter = new KeyedWindowLimiter({ windows, slackMs: 50, now: clock.now, sleep: clock.sleep });
    limiter.observe("GET /a", { "x-rate-limit-remaining": "0", "x-rate-limit-reset": new Date(7000).toISOString(), "x-rate-limit-limit": "1m" });
    await limiter.acquire("GET /b");
    expect(clock.now()).toBe(0);
    await limiter.acquire("GET /a");
    expect(clock.now()).toBe(7050);
  });

  it("honours Retry-After in full, and without it doubles a blind pause until a success", async () => {
    const clock = manualClock(0);
    const limiter = new KeyedWindowLimiter({ windows, now: clock.now, sleep: clock.sleep });
    limiter.onThrottle("k", 3000);
    await limiter.acquire("k");
    expect(clock.now()).toBe(3000);
    limiter.onThrottle("k");
    await limiter.acquire("k");
    expect(clock.now()).toBe(4000);
    limiter.onThrottle("k");
    await limiter.acquire("k");
    expect(clock.now()).toBe(6000);
    limiter.observe("k", {});
    limiter.onThrottle("k");
    await limiter.acquire("k");
    expect(clock.now()).toBe(7000);
    expect(limiter.throttleCount).toBe(4);
  });

  it("as a pipeline step, keys by method and route and feeds 429s back", async () => {
    const clock = manualClock(0);
    const limiter = new KeyedWindowLimiter({ windows, now: clock.now, sleep: clock.sleep });
    const step = windowRateLimit(limiter);
    const request = { method: "GET" as const, path: "/v1/settings/1", route: "/v1/settings/{settingId}", what: "get flag" };
    const refused = new ApiError("x", { code: ErrorCode.RATE_LIMITED, method: "GET", route: "GET /v1/settings/{settingId}", remedy: "", retryAfterMs: 2000 });
    await expect(step(request, () => Promise.reject(refused))).rejects.toBe(refused);
    await step({ ...request, path: "/v1/settings/2" }, () => Promise.resolve({ status: 200, headers: {}, text: "{}" }));
    expect(clock.now()).toBe(2000);
  });
});
