import { describe, expect, it } from "vitest";
import { WindowLimiter } from "./window-limiter";

const SECOND = { limit: 3, periodMs: 1000 };
const MINUTE = { limit: 5, periodMs: 60_000 };

describe("WindowLimiter", () => {
  it("admits N per sliding second, reports the longest window, and tells when a slot frees", () => {
    let now = 10_000;
    const rl = new WindowLimiter([SECOND, MINUTE], () => now);
    expect(rl.take("k")).toEqual({ allowed: true, remaining: 4, resetAt: 70_000, window: MINUTE });
    now = 10_200;
    rl.take("k");
    now = 10_400;
    expect(rl.take("k")).toMatchObject({ allowed: true, remaining: 2 });
    now = 10_500;
    expect(rl.take("k")).toEqual({ allowed: false, retryAfterSeconds: 1, window: SECOND, resetAt: 11_000 });
    now = 11_000; // the first admission is exactly 1 s old
    expect(rl.take("k")).toMatchObject({ allowed: true, remaining: 1 });
  });

  it("refuses on the minute window with Retry-After up to the minute's oldest slot", () => {
    let now = 0;
    const rl = new WindowLimiter([SECOND, MINUTE], () => now);
    for (let i = 0; i < 5; i++) {
      now = i * 2000;
      expect(rl.take("k").allowed).toBe(true);
    }
    now = 30_000;
    expect(rl.take("k")).toEqual({ allowed: false, retryAfterSeconds: 30, window: MINUTE, resetAt: 60_000 });
    now = 60_000;
    expect(rl.take("k").allowed).toBe(true);
  });

  it("keeps keys apart, does not count refusals, and admits everything when windows are off", () => {
    const rl = new WindowLimiter([{ limit: 1, periodMs: 1000 }], () => 0);
    expect(rl.take("a").allowed).toBe(true);
    expect(rl.take("a").allowed).toBe(false);
    expect(rl.take("b").allowed).toBe(true);
    rl.setWindows([{ limit: 0, periodMs: 1000 }]);
    for (let i = 0; i < 100; i++) expect(rl.take("a")).toEqual({ allowed: true });
  });

  it("stays exact over many requests (queue compaction)", () => {
    let now = 0;
    const rl = new WindowLimiter([{ limit: 10, periodMs: 1000 }], () => now);
    let admitted = 0;
    for (let i = 0; i < 20_000; i++) {
      now = i * 10; // 100 requests per second offered
      if (rl.take("k").allowed) admitted++;
    }
    expect(admitted).toBe(2000); // 10 per second over 200 s
  });

  it("drops idle keys at least once per longest period, and peeks without counting", () => {
    let now = 10_000;
    const rl = new WindowLimiter([SECOND, MINUTE], () => now);
    for (let i = 0; i < 20; i++) rl.take(`path-${i}`);
    expect(rl.size).toBe(20);
    expect(rl.peek("path-0")).toEqual({ window: MINUTE, remaining: 3, resetAt: 70_000 });
    expect(rl.peek("path-0")).toEqual({ window: MINUTE, remaining: 3, resetAt: 70_000 });
    now = 70_001;
    rl.take("fresh");
    expect(rl.size).toBe(1);
  });
});
