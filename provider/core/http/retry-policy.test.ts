import { describe, expect, it } from "vitest";
import { ApiError, ErrorCode, type ErrorCode as Code } from "../errors";
import { DEFAULT_RETRY_OPTIONS, retryPolicy } from "./retry-policy";

const err = (code: Code, retryAfterMs?: number) => new ApiError("x", { code, method: "GET", route: "/", remedy: "", retryAfterMs });

describe("retryPolicy", () => {
  it("has the documented defaults", () => {
    expect(DEFAULT_RETRY_OPTIONS).toMatchObject({ maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 30_000 });
    expect(retryPolicy().options.maxAttempts).toBe(8);
  });

  it("backs off exponentially with full jitter under the cap", () => {
    const max = retryPolicy({ random: () => 0.999999 });
    expect([1, 2, 3, 4, 7, 8, 20].map((a) => max.backoff(a))).toEqual([499, 999, 1999, 3999, 29999, 29999, 29999]);
    expect(retryPolicy({ random: () => 0 }).backoff(5)).toBe(0);
  });

  it("never retries 4xx, auth or shape errors, or non-ApiErrors", () => {
    const p = retryPolicy();
    for (const code of [ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND, ErrorCode.BAD_REQUEST, ErrorCode.RESPONSE_SHAPE, ErrorCode.DAILY_BUDGET]) {
      expect(p.decide(err(code), 1, "GET", false)).toEqual({ action: "fail" });
    }
    expect(p.decide(new Error("x"), 1, "GET", false)).toEqual({ action: "fail" });
  });

  it("retries 429 for every method; Retry-After wins and is never shortened", () => {
    const p = retryPolicy({ random: () => 0.5, baseDelayMs: 100 });
    expect(p.decide(err(ErrorCode.RATE_LIMITED), 1, "POST", false)).toEqual({ action: "retry", delayMs: 50 });
    const d = p.decide(err(ErrorCode.RATE_LIMITED, 5000), 1, "POST", false);
    expect(d).toEqual({ action: "retry", delayMs: 5050 });
    expect(p.decide(err(ErrorCode.RATE_LIMITED, 10 * 60_000), 1, "GET", false)).toEqual({ action: "fail" });
  });

  it("replays idempotent methods on 5xx/network/timeout, reconciles when it can, never replays a bare POST", () => {
    const p = retryPolicy({ random: () => 0 });
    for (const code of [ErrorCode.SERVER, ErrorCode.NETWORK, ErrorCode.TIMEOUT]) {
      for (const m of ["GET", "PATCH", "DELETE", "PUT"] as const) expect(p.decide(err(code), 1, m, false).action).toBe("retry");
      expect(p.decide(err(code), 1, "POST", false).action).toBe("fail");
      expect(p.decide(err(code), 1, "POST", true).action).toBe("reconcile");
      expect(p.decide(err(code), 1, "POST", false, true).action).toBe("retry");
    }
  });

  it("stops at the attempt bound", () => {
    const p = retryPolicy({ maxAttempts: 3 });
    expect(p.decide(err(ErrorCode.SERVER), 2, "GET", false).action).toBe("retry");
    expect(p.decide(err(ErrorCode.SERVER), 3, "GET", false).action).toBe("fail");
    expect(retryPolicy({ maxAttempts: 0 }).options.maxAttempts).toBe(1);
  });
});
