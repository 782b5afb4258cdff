import { describe, expect, it } from "vitest";
import { TargetingRuleSchema } from "../api/schemas";
import { changedFormulaFields, formulaFromWire, formulaToWire, sameRules } from "./formula";
import type { TargetingRule } from "./setting-value";

const ctx = { settingType: "int" as const, typeOf: (id: number) => (id === 7 ? ("string" as const) : undefined) };

describe("V2 formula conversions", () => {
  it("round-trips rules, conditions of each kind and flag-level options through the wire model", () => {
    const desired = {
      value: 3,
      targetingRules: [
        {
          conditions: [
            { user: { attribute: "Email", comparator: "isOneOf", comparisonValue: ["a", { value: "b", hint: "Bob" }] } },
            { user: { attribute: "Age", comparator: "numberGreater", comparisonValue: 18 } },
            { prerequisite: { settingId: 7, comparator: "equals" as const, value: "on" } },
          ],
          value: 5,
        },
      ] as TargetingRule[],
      percentageOptions: [{ percentage: 40, value: 1 }, { percentage: 60, value: 2 }],
    };
    const empty = formulaFromWire({ defaultValue: { intValue: 0 }, targetingRules: [], percentageEvaluationAttribute: null }, ctx);
    const wire = formulaToWire(desired, empty, ctx);
    expect(wire.targetingRules).toHaveLength(2);
    expect(wire.targetingRules[1]).toEqual({ conditions: [], percentageOptions: [{ percentage: 40, value: { intValue: 1 } }, { percentage: 60, value: { intValue: 2 } }] });
    expect(JSON.stringify(wire.targetingRules[0])).toContain('"prerequisiteComparisonValue":{"stringValue":"on"}');
    // As the client parses an answer: the schema fills the members the wire leaves out.
    const back = formulaFromWire({ ...wire, targetingRules: wire.targetingRules.map((r) => TargetingRuleSchema.parse(r)) }, ctx);
    expect(back).toMatchObject({ value: 3, percentageOptions: desired.percentageOptions });
    expect(changedFormulaFields(desired, back)).toEqual([]);
  });

  it("keeps unmanaged parts of the live formula on a write", () => {
    const live = formulaFromWire({
      defaultValue: { intValue: 9 }, percentageEvaluationAttribute: "Country",
      targetingRules: [{ conditions: [], percentageOptions: [{ percentage: 100, value: { intValue: 1 } }], value: null }],
    }, ctx);
    const wire = formulaToWire({ value: 4 }, live, ctx);
    expect(wire).toEqual({
      defaultValue: { intValue: 4 }, percentageEvaluationAttribute: "Country",
      targetingRules: [{ conditions: [], percentageOptions: [{ percentage: 100, value: { intValue: 1 } }] }],
    });
  });

  it("compares conditions and list values as sets, numbers numerically, rules in order", () => {
    const a: TargetingRule = { conditions: [{ user: { attribute: "E", comparator: "isOneOf", comparisonValue: ["x", "y"] } }, { segment: { segmentId: "s", comparator: "isIn" } }], value: 1 };
    const b: TargetingRule = { conditions: [{ segment: { segmentId: "s", comparator: "isIn" } }, { user: { attribute: "E", comparator: "isOneOf", comparisonValue: ["y", { value: "x", hint: null }] } }], value: 1.0 };
    const c: TargetingRule = { conditions: [{ segment: { segmentId: "t", comparator: "isIn" } }], value: 2 };
    expect(sameRules([a, c], [b, c])).toBe(true);
    expect(sameRules([a, c], [c, a])).toBe(false);
    expect(sameRules([a], [{ ...a, value: 2 }])).toBe(false);
  });

  it("compares conditions whatever the key order of their objects (the engine hands inputs over with keys sorted)", () => {
    const live: TargetingRule[] = [{
      conditions: [
        { segment: { segmentId: "08d00003-7cfd-418a-bb44-ea71f7f799b4", comparator: "isIn" } },
        { prerequisite: { settingId: 7, comparator: "equals", value: "on" } },
        { user: { attribute: "Email", comparator: "isOneOf", comparisonValue: [{ value: "b", hint: "Bob" }] } },
      ],
      value: 1,
    }];
    const sorted = JSON.parse(JSON.stringify(live, (_k, v: unknown) =>
      v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v)) as TargetingRule[];
    expect(JSON.stringify(sorted)).not.toBe(JSON.stringify(live));
    expect(sameRules(sorted, live)).toBe(true);
    expect(changedFormulaFields({ targetingRules: sorted }, { targetingRules: live })).toEqual([]);
  });
});
