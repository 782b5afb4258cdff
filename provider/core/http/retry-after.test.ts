import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "./retry-after";

const now = Date.UTC(2026, 0, 1, 0, 0, 0);

describe("parseRetryAfter", () => {
  it("reads delta seconds and HTTP dates from Retry-After", () => {
    expect(parseRetryAfter({ "retry-after": "3" }, now)).toBe(3000);
    expect(parseRetryAfter({ "retry-after": "0.5" }, now)).toBe(500);
    expect(parseRetryAfter({ "retry-after": new Date(now + 7000).toUTCString() }, now)).toBe(7000);
    expect(parseRetryAfter({ "retry-after": new Date(now - 7000).toUTCString() }, now)).toBe(0);
  });
  it("falls back to RateLimit-Reset, X-RateLimit-Reset (delta, epoch s, epoch ms), X-RateLimit-Reset-After", () => {
    expect(parseRetryAfter({ "ratelimit-reset": "2" }, now)).toBe(2000);
    expect(parseRetryAfter({ "x-ratelimit-reset": "4" }, now)).toBe(4000);
    expect(parseRetryAfter({ "x-ratelimit-reset": String(now / 1000 + 9) }, now)).toBe(9000);
    expect(parseRetryAfter({ "x-ratelimit-reset": String(now + 1234) }, now)).toBe(1234);
    expect(parseRetryAfter({ "x-ratelimit-reset-after": "1" }, now)).toBe(1000);
  });
  it("prefers Retry-After and ignores garbage", () => {
    expect(parseRetryAfter({ "retry-after": "1", "ratelimit-reset": "9" }, now)).toBe(1000);
    expect(parseRetryAfter({ "retry-after": "soon" }, now)).toBeUndefined();
    expect(parseRetryAfter({ "ratelimit-reset": "x", "x-ratelimit-reset": "y" }, now)).toBeUndefined();
    expect(parseRetryAfter({}, now)).toBeUndefined();
  });
});
