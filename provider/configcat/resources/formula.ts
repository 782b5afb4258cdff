import type { ConditionModel, SettingFormula, SettingType, TargetingRuleModel, ValueModel } from "../api";
import { comparisonMember } from "../api/comparators";
import { jsonEquals } from "../../core";
import type { Condition, ListItem, PercentageOption, Served, TargetingRule } from "./setting-value";

/*
 * The served value and targeting of a V2 flag in one environment, in the program's terms (plain values, a
 * condition as `{user}` / `{segment}` / `{prerequisite}`, flag-level percentage options apart; the types are
 * setting-value.ts's), and the conversions to and from ConfigCat's `UpdateEvaluationFormulaModel` / `SettingFormulaModel`.
 */

/** The served-value fields of a `SettingValue`, as the program gives them and state records them. */
export interface FormulaFields {
  value?: Served;
  targetingRules?: TargetingRule[];
  percentageOptions?: PercentageOption[];
  percentageEvaluationAttribute?: string;
}

const MEMBER: Record<SettingType, "boolValue" | "stringValue" | "intValue" | "doubleValue"> = {
  boolean: "boolValue", string: "stringValue", int: "intValue", double: "doubleValue",
};

/**
 * A `ValueModel` for a raw value of a flag type.
 * @param type - the flag's type.
 * @param value - the raw value.
 */
export function toValueModel(type: SettingType, value: Served): ValueModel {
  return { [MEMBER[type]]: value };
}

/** The raw value a `ValueModel` holds for a flag type (`null` when the member is missing). */
export function fromValueModel(type: SettingType, v: ValueModel | null | undefined): Served | null {
  const raw = v?.[MEMBER[type]];
  return raw === undefined || raw === null ? null : raw;
}

/**
 * Whether a raw value fits a flag type (int = int32, double = finite).
 * @param type - the flag's type.
 * @param value - the value.
 */
export function fitsType(type: SettingType, value: unknown): boolean {
  switch (type) {
    case "boolean": return typeof value === "boolean";
    case "string": return typeof value === "string";
    case "int": return typeof value === "number" && Number.isInteger(value) && value >= -2147483648 && value <= 2147483647;
    default: return typeof value === "number" && Number.isFinite(value);
  }
}

/** What converting needs besides the formula: the flag's type and, for writes, its prerequisites' types. */
export interface TypeContext {
  readonly settingType: SettingType;
  /** The type of another flag of the same config (prerequisites); needed only to write. */
  readonly typeOf: (settingId: number) => SettingType | undefined;
}

function listItem(item: { value: string; hint?: string | null }): ListItem {
  return item.hint === undefined || item.hint === null ? item.value : { value: item.value, hint: item.hint };
}

function conditionFromWire(c: ConditionModel, ctx: TypeContext): Condition {
  if (c.userCondition) {
    const u = c.userCondition;
    const member = comparisonMember(u.comparator);
    const cv = u.comparisonValue;
    const comparisonValue = member === "listValue" ? (cv.listValue ?? []).map(listItem) : member === "stringValue" ? (cv.stringValue ?? "") : (cv.doubleValue ?? 0);
    return { user: { attribute: u.comparisonAttribute, comparator: u.comparator, comparisonValue } };
  }
  if (c.segmentCondition) return { segment: { segmentId: c.segmentCondition.segmentId, comparator: c.segmentCondition.comparator as "isIn" } };
  const p = c.prerequisiteFlagCondition!;
  // The member that is set says the prerequisite's type: no need to look the other flag up on a read.
  const v = p.prerequisiteComparisonValue;
  const value = (v.boolValue ?? v.stringValue ?? v.intValue ?? v.doubleValue) as Served;
  return { prerequisite: { settingId: p.prerequisiteSettingId, comparator: p.comparator as "equals", value } };
}

function conditionToWire(c: Condition, ctx: TypeContext): Record<string, unknown> {
  if ("user" in c) {
    const member = comparisonMember(c.user.comparator);
    const v = c.user.comparisonValue;
    const comparisonValue = member === "listValue"
      ? { listValue: (v as ListItem[]).map((i) => (typeof i === "string" ? { value: i } : { value: i.value, hint: i.hint ?? null })) }
      : { [member]: v };
    return { userCondition: { comparisonAttribute: c.user.attribute, comparator: c.user.comparator, comparisonValue } };
  }
  if ("segment" in c) return { segmentCondition: { segmentId: c.segment.segmentId, comparator: c.segment.comparator } };
  const type = ctx.typeOf(c.prerequisite.settingId);
  if (type === undefined) throw new Error(`prerequisite flag ${c.prerequisite.settingId} is not a flag of the same config`);
  return {
    prerequisiteFlagCondition: {
      prerequisiteSettingId: c.prerequisite.settingId, comparator: c.prerequisite.comparator,
      prerequisiteComparisonValue: toValueModel(type, c.prerequisite.value),
    },
  };
}

const options = (type: SettingType, list: { percentage: number; value: ValueModel }[]): PercentageOption[] =>
  list.map((o) => ({ percentage: o.percentage, value: fromValueModel(type, o.value) as Served }));

/**
 * The live formula in the program's terms. A last rule without conditions that serves percentage options is the
 * flag-level `percentageOptions` (that is how the API represents config_v6's setting-level options, design §6.3).
 * @param f - the live formula.
 * @param ctx - types.
 */
export function formulaFromWire(f: Pick<SettingFormula, "defaultValue" | "targetingRules" | "percentageEvaluationAttribute">, ctx: TypeContext): Required<Omit<FormulaFields, "percentageEvaluationAttribute">> & { percentageEvaluationAttribute: string | null } {
  const rules = [...f.targetingRules];
  const last = rules[rules.length - 1];
  let percentageOptions: PercentageOption[] = [];
  if (last && last.conditions.length === 0 && last.percentageOptions.length > 0 && last.value === null) {
    rules.pop();
    percentageOptions = options(ctx.settingType, last.percentageOptions);
  }
  return {
    value: fromValueModel(ctx.settingType, f.defaultValue) as Served,
    targetingRules: rules.map((r: TargetingRuleModel) => {
      const rule: TargetingRule = { conditions: r.conditions.map((c) => conditionFromWire(c, ctx)) };
      if (r.percentageOptions.length > 0) rule.percentageOptions = options(ctx.settingType, r.percentageOptions);
      else rule.value = fromValueModel(ctx.settingType, r.value) as Served;
      return rule;
    }),
    percentageOptions,
    percentageEvaluationAttribute: f.percentageEvaluationAttribute,
  };
}

/**
 * The `UpdateEvaluationFormulaModel` for the program's fields; unset fields keep what `live` holds (a value write is
 * a full replace, so unmanaged parts must be sent back as they are).
 * @param desired - the program's fields.
 * @param live - the live formula in the program's terms.
 * @param ctx - types.
 */
export function formulaToWire(desired: FormulaFields, live: ReturnType<typeof formulaFromWire>, ctx: TypeContext): {
  defaultValue: ValueModel; targetingRules: unknown[]; percentageEvaluationAttribute: string | null;
} {
  const t = ctx.settingType;
  const rules = (desired.targetingRules ?? live.targetingRules).map((r) => ({
    conditions: r.conditions.map((c) => conditionToWire(c, ctx)),
    ...(r.percentageOptions && r.percentageOptions.length > 0
      ? { percentageOptions: r.percentageOptions.map((o) => ({ percentage: o.percentage, value: toValueModel(t, o.value) })) }
      : { value: toValueModel(t, r.value as Served) }),
  }));
  const trailing = desired.percentageOptions ?? live.percentageOptions;
  if (trailing.length > 0) rules.push({ conditions: [], percentageOptions: trailing.map((o) => ({ percentage: o.percentage, value: toValueModel(t, o.value) })) });
  return {
    defaultValue: toValueModel(t, desired.value ?? live.value),
    targetingRules: rules,
    percentageEvaluationAttribute: desired.percentageEvaluationAttribute ?? live.percentageEvaluationAttribute,
  };
}

/**
 * A condition in a form where equal conditions print equally: members in a fixed order (the engine hands inputs
 * over with object keys sorted, the API answers in its own order), list values sorted, hints explicit.
 */
function canonicalCondition(c: Condition): string {
  if ("user" in c) {
    const v = c.user.comparisonValue;
    const cv = Array.isArray(v)
      ? v.map((i) => (typeof i === "string" ? { value: i, hint: null } : { value: i.value, hint: i.hint ?? null })).map((i) => JSON.stringify(i)).sort()
      : v;
    return JSON.stringify({ user: { attribute: c.user.attribute, comparator: c.user.comparator, comparisonValue: cv } });
  }
  if ("segment" in c) return JSON.stringify({ segment: { segmentId: c.segment.segmentId, comparator: c.segment.comparator } });
  return JSON.stringify({ prerequisite: { settingId: Number(c.prerequisite.settingId), comparator: c.prerequisite.comparator, value: c.prerequisite.value } });
}

const sameOptions = (a: PercentageOption[] | undefined, b: PercentageOption[] | undefined): boolean =>
  (a ?? []).length === (b ?? []).length && (a ?? []).every((o, i) => o.percentage === b![i]!.percentage && jsonEquals(o.value, b![i]!.value));

/**
 * Equality of two rule lists as ConfigCat evaluates them: rules in order (first match wins), conditions inside a
 * rule as a multiset (they are AND-ed), list comparison values as a multiset of (value, hint), numbers numerically.
 */
export function sameRules(a: readonly TargetingRule[], b: readonly TargetingRule[]): boolean {
  return a.length === b.length && a.every((r, i) => {
    const o = b[i]!;
    const ca = r.conditions.map(canonicalCondition).sort();
    const cb = o.conditions.map(canonicalCondition).sort();
    const hasOptions = (r.percentageOptions ?? []).length > 0;
    return jsonEquals(ca, cb) && hasOptions === (o.percentageOptions ?? []).length > 0
      && (hasOptions ? sameOptions(r.percentageOptions, o.percentageOptions) : jsonEquals(r.value, o.value));
  });
}

/**
 * The served-value fields the program sets that differ from `live` (an empty list: nothing to write).
 * @param desired - the program's fields (unset = not managed).
 * @param live - live fields in the program's terms.
 */
export function changedFormulaFields(desired: FormulaFields, live: Omit<FormulaFields, "percentageEvaluationAttribute"> & { percentageEvaluationAttribute?: string | null }): string[] {
  const out: string[] = [];
  if (desired.value !== undefined && !jsonEquals(desired.value, live.value)) out.push("value");
  if (desired.targetingRules !== undefined && !sameRules(desired.targetingRules, live.targetingRules ?? [])) out.push("targetingRules");
  if (desired.percentageOptions !== undefined && !sameOptions(desired.percentageOptions, live.percentageOptions)) out.push("percentageOptions");
  if (desired.percentageEvaluationAttribute !== undefined && desired.percentageEvaluationAttribute !== (live.percentageEvaluationAttribute ?? undefined)) {
    out.push("percentageEvaluationAttribute");
  }
  return out;
}
