import { describe, expect, it } from "vitest";
import { checkInputs } from "../../core/dynamic/check";
import { UNKNOWN } from "../../core/dynamic/unknown";
import { deploymentSchema, experimentSchema, flagSchema } from "./validation";

const flag = (extra: Record<string, unknown>) => ({ projectId: "100000", key: "a-flag", ...extra });
const properties = (r: ReturnType<typeof checkInputs>) => (r.ok ? [] : r.failures.map((f) => f.property));

describe("flag validation", () => {
  it("accepts a complete flag and normalizes numbers and condition types", () => {
    const r = checkInputs(flagSchema, flag({
      projectId: 100000,
      variants: [{ key: "on", payload: { a: [1, 2] }, rolloutWeight: 2, users: ["u1"] }],
      targetSegments: [{ name: "s", conditions: [{ prop: "country", op: "is", values: ["FR"] }], percentage: 50, rolloutWeights: { on: 1 } }],
      deployments: ["12"], enabled: true, tags: ["t"],
    }));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.projectId).toBe("100000");
      expect(r.value.targetSegments?.[0].conditions[0].type).toBe("property");
    }
  });

  it.each([
    [{ key: "has space" }, "key"],
    [{ key: "" }, "key"],
    [{ projectId: "abc" }, "projectId"],
    [{ variants: [{ key: "off" }] }, "variants[0].key"],
    [{ variants: [{ key: "a" }, { key: "a" }] }, "variants[1].key"],
    [{ variants: [{ key: "a", rolloutWeight: 1.5 }] }, "variants[0].rolloutWeight"],
    [{ variants: [{ key: "a", users: Array.from({ length: 2001 }, (_, i) => `u${i}`) }] }, "variants[0].users"],
    [{ rolloutPercentage: 101 }, "rolloutPercentage"],
    [{ evaluationMode: "edge" }, "evaluationMode"],
    [{ enabled: true }, "enabled"],
    [{ deployments: ["web"] }, "deployments[0]"],
    [{ targetSegments: [{ name: "s", conditions: [{ prop: "p", op: "equals", values: [] }], percentage: 1, rolloutWeights: {} }] }, "targetSegments[0].conditions[0].op"],
    [{ variants: [{ key: "on" }], targetSegments: [{ name: "s", conditions: [], percentage: 1, rolloutWeights: { nope: 1 } }] }, "targetSegments[0].rolloutWeights.nope"],
    [{ colour: "red" }, "colour"],
    [{ variants: [{ key: "a", wieght: 1 }] }, "variants[0].wieght"],
    [{ deletionPolicy: "destroy" }, "deletionPolicy"],
  ])("rejects %j at %s", (extra, property) => {
    const r = checkInputs(flagSchema, flag(extra));
    expect(r.ok).toBe(false);
    expect(properties(r)).toContain(property);
  });

  it("does not judge values that are unknown during a preview", () => {
    const r = checkInputs(flagSchema, flag({ deployments: [UNKNOWN], enabled: true, rolloutPercentage: UNKNOWN }));
    expect(r.ok).toBe(true);
  });

  it("still reports known problems next to unknown values", () => {
    const r = checkInputs(flagSchema, flag({ deployments: [UNKNOWN], rolloutPercentage: 500 }));
    expect(properties(r)).toEqual(["rolloutPercentage"]);
  });
});

describe("experiment and deployment validation", () => {
  it("checks experiment-only fields, and reports cross-field problems in the same pass", () => {
    const r = checkInputs(experimentSchema, flag({
      experimentType: "split-test", startDate: "tomorrow", decision: "ship", variants: [{ key: "control" }], rolledOutVariant: "treatment",
    }));
    expect(properties(r).sort()).toEqual(["decision", "experimentType", "rolledOutVariant", "startDate"]);
  });

  it("checks that the rolled-out variant and the dates agree with the rest", () => {
    const r = checkInputs(experimentSchema, flag({
      variants: [{ key: "control" }], rolledOutVariant: "treatment", startDate: "2026-03-01", endDate: "2026-02-01",
    }));
    expect(properties(r).sort()).toEqual(["endDate", "rolledOutVariant"]);
  });

  it("accepts legacy experiment types and date-only or timestamp dates", () => {
    const r = checkInputs(experimentSchema, flag({ experimentType: "hypothesis-testing", startDate: "2026-01-02", endDate: "2026-02-01T10:00:00Z" }));
    expect(r.ok).toBe(true);
  });

  it("checks deployment label and type", () => {
    const r = checkInputs(deploymentSchema, { projectId: "1", label: "my app", type: "mobile" });
    expect(properties(r).sort()).toEqual(["label", "type"]);
  });
});

describe("rules that span fields, with values unknown during a preview", () => {
  it.each([
    ["a whole deployments list", { enabled: true, deployments: UNKNOWN }],
    ["two unknown variant keys", { variants: [{ key: UNKNOWN }, { key: UNKNOWN }] }],
    ["a variant key a segment weighs", { variants: [{ key: "on" }, { key: UNKNOWN }], targetSegments: [{ name: "s", conditions: [], percentage: 1, rolloutWeights: { beta: 1 } }] }],
    ["a segment's whole weights", { variants: [{ key: "on" }], targetSegments: [{ name: "s", conditions: [], percentage: 1, rolloutWeights: UNKNOWN }] }],
  ])("skip %s", (_name, extra) => {
    expect(checkInputs(flagSchema, flag(extra))).toMatchObject({ ok: true });
  });

  it.each([
    ["the rolled-out variant among unknown keys", { variants: [{ key: "control" }, { key: UNKNOWN }], rolledOutVariant: "treatment" }],
    ["an unknown start date", { startDate: UNKNOWN, endDate: "2026-01-01" }],
  ])("skip %s (experiments)", (_name, extra) => {
    expect(checkInputs(experimentSchema, flag(extra))).toMatchObject({ ok: true });
  });

  it("refuse a payload nested past the limit, at the payload, before parsing it", () => {
    let payload: unknown = "x";
    for (let i = 0; i < 1000; i += 1) payload = i % 2 ? { a: payload } : [payload];
    const r = checkInputs(flagSchema, flag({ variants: [{ key: "on", payload }] }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.failures).toEqual([{ property: "variants[0].payload", reason: expect.stringContaining("at most 32 levels") }]);
  });
});
