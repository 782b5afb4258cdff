import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limiter";

describe("RateLimiter", () => {
  it("admits N per sliding second and tells when the oldest slot frees up", () => {
    let now = 10_000;
    const rl = new RateLimiter({ perSecond: 3, perDay: 0 }, () => now);
    for (const t of [10_000, 10_200, 10_400]) {
      now = t;
      expect(rl.take("p").allowed).toBe(true);
    }
    now = 10_500;
    expect(rl.take("p")).toEqual({ allowed: false, reason: "second", retryAfterSeconds: 1 });
    now = 11_000; // the first admission is now exactly 1 s old: one slot frees, the next is 800 ms old
    expect(rl.take("p").allowed).toBe(true);
    expect(rl.take("p").allowed).toBe(false);
  });

  it("keeps keys apart", () => {
    const rl = new RateLimiter({ perSecond: 1, perDay: 0 }, () => 0);
    expect(rl.take("a").allowed).toBe(true);
    expect(rl.take("a").allowed).toBe(false);
    expect(rl.take("b").allowed).toBe(true);
  });

  it("enforces the daily quota until UTC midnight and reports the seconds left", () => {
    let now = Date.parse("2025-06-01T23:58:30.000Z");
    const rl = new RateLimiter({ perSecond: 0, perDay: 2 }, () => now);
    rl.take("p");
    rl.take("p");
    expect(rl.take("p")).toEqual({ allowed: false, reason: "day", retryAfterSeconds: 90 });
    expect(rl.usedToday("p")).toBe(2);
    now = Date.parse("2025-06-02T00:00:00.000Z");
    expect(rl.take("p").allowed).toBe(true);
    expect(rl.usedToday("p")).toBe(1);
  });

  it("does not count refused requests and can be told the usage so far", () => {
    const rl = new RateLimiter({ perSecond: 1, perDay: 10 }, () => 0);
    rl.take("p");
    rl.take("p");
    expect(rl.usedToday("p")).toBe(1);
    rl.setUsedToday("p", 10);
    expect(rl.take("p")).toMatchObject({ allowed: false, reason: "day" });
  });

  it("admits everything when both limits are 0", () => {
    const rl = new RateLimiter({ perSecond: 0, perDay: 0 });
    for (let i = 0; i < 1000; i++) expect(rl.take("p").allowed).toBe(true);
  });
});
