import { afterEach, describe, expect, it } from "vitest";
import { LIMITS_REGISTRY_KEY, resetSharedLimits, sharedLimits } from "./shared-limits";

afterEach(() => resetSharedLimits());

describe("sharedLimits", () => {
  it("is one state per (base URL, scope), kept on globalThis under the documented symbol", () => {
    const a = sharedLimits("http://x/", "1");
    const b = sharedLimits("http://x", "1", { ratePerSecond: 20, maxInFlight: 3, dailyBudget: 5 });
    expect(b).toBe(a);
    expect(sharedLimits("http://x", "2")).not.toBe(a);
    expect(a.bucket.currentRate).toBe(20);
    expect(a.budget.limit).toBe(5);
    expect(LIMITS_REGISTRY_KEY).toBe(Symbol.for("pulumi-feature-flags.limiters"));
    const registry = (globalThis as unknown as Record<symbol, Map<string, unknown>>)[Symbol.for("pulumi-feature-flags.limiters")];
    expect([...registry.keys()].sort()).toEqual(["http://x|1", "http://x|2"]);
  });
});
