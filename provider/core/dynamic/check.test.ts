import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkInputs, engineFailures, jsonDepth, MAX_INPUT_DEPTH } from "./check";
import { UNKNOWN } from "./unknown";

const deep = (levels: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < levels; i += 1) v = i % 2 ? { a: v } : [v];
  return v;
};

describe("check helpers", () => {
  it("measure depth without recursion, also far beyond the stack's reach", () => {
    expect(jsonDepth(1)).toBe(0);
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth({ a: [1] })).toBe(2);
    expect(jsonDepth(deep(100_000))).toBeGreaterThan(MAX_INPUT_DEPTH);
  });

  it("refuse a value nested deeper than the engine carries, naming the top-level property", () => {
    const r = checkInputs(z.looseObject({}), { extra: deep(MAX_INPUT_DEPTH + 1), fine: deep(MAX_INPUT_DEPTH) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.failures).toEqual([{ property: "extra", reason: expect.stringContaining(`more than ${MAX_INPUT_DEPTH} levels`) }]);
  });

  it("send nested failures as resource-level ones that start with the path (the engine prints top-level values only)", () => {
    expect(engineFailures([{ property: "tags[1]", reason: "is empty" }, { property: "key", reason: "is required" }])).toEqual([
      { property: "", reason: "tags[1]: is empty" },
      { property: "key", reason: "is required" },
    ]);
  });

  it("drop failures at or below unknown values", () => {
    const r = checkInputs(z.strictObject({ tags: z.array(z.string().min(1)) }), { tags: [UNKNOWN, UNKNOWN] });
    expect(r.ok).toBe(true);
  });
});
