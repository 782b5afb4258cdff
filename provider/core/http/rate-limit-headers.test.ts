import { describe, expect, it } from "vitest";
import { parseRateLimitHeaders } from "./rate-limit-headers";

describe("parseRateLimitHeaders", () => {
  const now = Date.UTC(2026, 10, 29, 14, 0, 0);
  it("reads AspNetCoreRateLimit's headers: period, remaining, ISO-8601 reset", () => {
    expect(parseRateLimitHeaders({ "x-rate-limit-limit": "1m", "x-rate-limit-remaining": "499", "x-rate-limit-reset": "2026-11-29T14:00:30.5000000Z" }, now))
      .toEqual({ periodMs: 60_000, remaining: 499, resetAt: now + 30_500 });
  });
  it("accepts epoch seconds, epoch milliseconds and delta seconds for the reset", () => {
    expect(parseRateLimitHeaders({ "x-rate-limit-reset": String(now / 1000 + 5) }, now)?.resetAt).toBe(now + 5000);
    expect(parseRateLimitHeaders({ "x-rate-limit-reset": String(now + 5000) }, now)?.resetAt).toBe(now + 5000);
    expect(parseRateLimitHeaders({ "x-rate-limit-reset": "5" }, now)?.resetAt).toBe(now + 5000);
  });
  it("returns undefined without headers and ignores unreadable values", () => {
    expect(parseRateLimitHeaders({}, now)).toBeUndefined();
    expect(parseRateLimitHeaders({ "x-rate-limit-remaining": "many", "x-rate-limit-reset": "soon" }, now)).toEqual({ remaining: undefined, resetAt: undefined, periodMs: undefined });
  });
});
