import { describe, expect, it } from "vitest";
import { createPrng, randomAlphanumeric } from "./prng";

describe("prng", () => {
  it("is deterministic per seed and stays in [0, 1)", () => {
    const a = createPrng(123);
    const b = createPrng(123);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(createPrng(1)()).not.toBe(createPrng(2)());
  });

  it("draws alphanumeric strings of the asked length", () => {
    expect(randomAlphanumeric(createPrng(5), 8)).toMatch(/^[A-Za-z0-9]{8}$/);
  });
});
