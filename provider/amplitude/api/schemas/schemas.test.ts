import { describe, expect, it } from "vitest";
import { DeploymentSchema, ExperimentSchema, FlagListSchema, FlagSchema, StringListSchema, VariantSchema, VersionEntrySchema } from ".";

describe("schemas", () => {
  it("normalise ids to strings and fill list defaults", () => {
    const f = FlagSchema.parse({ id: 5, projectId: 100000, key: "k", deployments: [1, "2"] });
    expect(f).toMatchObject({ id: "5", projectId: "100000", deployments: ["1", "2"], tags: [], variants: [], targetSegments: [], deleted: false });
  });

  it("keep unknown fields at every level", () => {
    const f = FlagSchema.parse({ id: "1", key: "k", brandNew: 1, variants: [{ key: "on", extra: true }], targetSegments: [{ name: "s", conditions: [{ prop: "p", op: "is", type: "property", values: [1], x: 2 }], y: 3 }] });
    expect(f).toMatchObject({ brandNew: 1, variants: [{ key: "on", extra: true }], targetSegments: [{ y: 3, conditions: [{ x: 2, values: ["1"] }] }] });
  });

  it("accept variants that carry only a key, and nullable experiment fields", () => {
    expect(VariantSchema.parse({ key: "on" })).toEqual({ key: "on" });
    const e = ExperimentSchema.parse({ id: 1, key: "e", state: null, startDate: null, endDate: "2023-07-29", decision: null, experimentType: "hypothesis-testing", variants: [{ key: "control" }] });
    expect(e).toMatchObject({ id: "1", state: null, startDate: null, endDate: "2023-07-29", experimentType: "hypothesis-testing" });
  });

  it("parse deployments, versions, pages and id lists", () => {
    expect(DeploymentSchema.parse({ id: 3, projectId: "1", label: "l", key: "server-x" })).toMatchObject({ id: "3", deleted: false });
    expect(VersionEntrySchema.parse({ version: 3, createdBy: 42, flagConfig: { key: "k" } })).toMatchObject({ version: 3, createdBy: "42" });
    expect(FlagListSchema.parse({ flags: [] }).nextCursor).toBeUndefined();
    expect(FlagListSchema.parse({ flags: [], nextCursor: null }).nextCursor).toBeNull();
    expect(StringListSchema.parse(["a", 7, { id: 9 }, { userId: "u" }])).toEqual(["a", "7", "9", "u"]);
  });

  it("reject a really wrong shape and say where", () => {
    const r = FlagListSchema.safeParse({ flags: [{ id: 1, key: "a" }, { id: { x: 1 } }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["flags.1.id", "flags.1.key"]));
  });
});
