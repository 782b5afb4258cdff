import { isJsonObject, type JsonObject, type JsonValue } from "../core/json";
import { invalid, MESSAGES } from "./errors";
import { at, intId, objectAt, optArray, optInt, optString, reqEnum, reqString, reqUuid } from "./fields";
import type { SettingType, StoredSetting } from "./model";
import type { ResolvedFidelity } from "./options";
import type { Store } from "./store";
import { pairKey } from "./store";

/*
 * Served-value formulas: parsing a write body (PUT, PATCH result, bulk item) into the normalised
 * writable representation that is stored and returned, with the validation rules of the design's §2.9.
 * Normalised = every member present, unused ones null, so a GET → PATCH → PUT round trip is lossless
 * and "did anything change?" is a deep comparison.
 */

/** `RolloutRuleComparator`: V1 rules and segments. */
export const V1_COMPARATORS = [
  "isOneOf", "isNotOneOf", "contains", "doesNotContain", "semVerIsOneOf", "semVerIsNotOneOf", "semVerLess", "semVerLessOrEquals",
  "semVerGreater", "semVerGreaterOrEquals", "numberEquals", "numberDoesNotEqual", "numberLess", "numberLessOrEquals", "numberGreater",
  "numberGreaterOrEquals", "sensitiveIsOneOf", "sensitiveIsNotOneOf",
] as const;

const LIST_COMPARATORS = [
  "isOneOf", "isNotOneOf", "containsAnyOf", "doesNotContainAnyOf", "semVerIsOneOf", "semVerIsNotOneOf", "sensitiveIsOneOf", "sensitiveIsNotOneOf",
  "sensitiveTextStartsWithAnyOf", "sensitiveTextNotStartsWithAnyOf", "sensitiveTextEndsWithAnyOf", "sensitiveTextNotEndsWithAnyOf",
  "sensitiveArrayContainsAnyOf", "sensitiveArrayDoesNotContainAnyOf", "textStartsWithAnyOf", "textNotStartsWithAnyOf", "textEndsWithAnyOf",
  "textNotEndsWithAnyOf", "arrayContainsAnyOf", "arrayDoesNotContainAnyOf",
] as const;
const STRING_COMPARATORS = [
  "semVerLess", "semVerLessOrEquals", "semVerGreater", "semVerGreaterOrEquals", "sensitiveTextEquals", "sensitiveTextDoesNotEqual", "textEquals", "textDoesNotEqual",
] as const;
const DOUBLE_COMPARATORS = [
  "numberEquals", "numberDoesNotEqual", "numberLess", "numberLessOrEquals", "numberGreater", "numberGreaterOrEquals", "dateTimeBefore", "dateTimeAfter",
] as const;

/** `UserComparator`: V2 user conditions (config_v6 order). */
export const USER_COMPARATORS = [...LIST_COMPARATORS, ...STRING_COMPARATORS, ...DOUBLE_COMPARATORS] as const;
type UserComparator = (typeof USER_COMPARATORS)[number];

const VALUE_MEMBER: Record<SettingType, "boolValue" | "stringValue" | "intValue" | "doubleValue"> = {
  boolean: "boolValue", string: "stringValue", int: "intValue", double: "doubleValue",
};

/**
 * The default served value of a new flag (false / "" / 0 / 0.0; `"{}"` for an `isJson` string flag, whose
 * values must parse as JSON).
 * @param setting - the flag's type and `isJson`
 */
export function typedDefault(setting: Pick<StoredSetting, "settingType" | "isJson">): boolean | string | number {
  const type = setting.settingType;
  return type === "boolean" ? false : type === "string" ? (setting.isJson ? "{}" : "") : 0;
}

/**
 * A V2 `ValueModel` holding one raw value in its type's member.
 * @param type - setting type
 * @param raw - the value (already checked)
 */
export function valueModel(type: SettingType, raw: boolean | string | number): JsonObject {
  const v: JsonObject = { boolValue: null, stringValue: null, intValue: null, doubleValue: null, predefinedVariationId: null };
  v[VALUE_MEMBER[type]] = raw;
  return v;
}

/**
 * The formula of a new flag: the type's default (or an initial value) and no rules.
 * @param version - the config's evaluation version
 * @param setting - the flag's type and `isJson`
 * @param raw - initial served value
 */
export function defaultFormula(version: "v1" | "v2", setting: Pick<StoredSetting, "settingType" | "isJson">, raw: boolean | string | number = typedDefault(setting)): JsonObject {
  return version === "v1"
    ? { value: raw, rolloutRules: [], rolloutPercentageItems: [] }
    : { defaultValue: valueModel(setting.settingType, raw), targetingRules: [], percentageEvaluationAttribute: null };
}

/**
 * The switches a formula already stored is re-read under (state load, revalidation after a flag
 * change): none of the placement rules a switch decides, so whatever any switch let through loads back.
 * @param fidelity - the switches in force
 */
export function storedRules(fidelity: ResolvedFidelity): ResolvedFidelity {
  return { ...fidelity, conditionlessRules: "anywhere" };
}

/**
 * Re-reads a stored formula with the API's rules (under {@link storedRules}).
 * @param version - the config's evaluation version
 * @param ctx - flag, environment, store, switches
 * @param formula - the stored formula
 * @throws ConfigCatError 400 naming the first problem
 */
export function reparseStored(version: "v1" | "v2", ctx: FormulaContext, formula: JsonValue): JsonObject {
  const c = { ...ctx, fidelity: storedRules(ctx.fidelity) };
  return version === "v1" ? parseV1Formula(formula, c) : parseV2Formula(formula, c);
}

/**
 * Checks a raw served value against a flag's type (int = int32, double = finite, `isJson` strings = JSON).
 * @returns the value, or undefined when it does not fit
 */
export function checkRaw(setting: Pick<StoredSetting, "settingType" | "isJson">, v: JsonValue | undefined): boolean | string | number | undefined {
  switch (setting.settingType) {
    case "boolean":
      return typeof v === "boolean" ? v : undefined;
    case "string":
      if (typeof v !== "string") return undefined;
      if (setting.isJson) {
        try {
          JSON.parse(v);
        } catch {
          return undefined;
        }
      }
      return v;
    case "int":
      return typeof v === "number" && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? v : undefined;
    default:
      return typeof v === "number" && Number.isFinite(v) ? v : undefined;
  }
}

/** What parsing a formula needs besides the body. */
export interface FormulaContext {
  readonly setting: StoredSetting;
  readonly environmentId: string;
  readonly productId: string;
  readonly store: Store;
  readonly fidelity: ResolvedFidelity;
}

function parseValueModel(setting: StoredSetting, v: JsonValue | undefined, path: string, message: string): JsonObject {
  if (!isJsonObject(v)) throw invalid(path, message);
  if (v.predefinedVariationId !== undefined && v.predefinedVariationId !== null) {
    throw invalid(at(path, "predefinedVariationId"), "Predefined variations are not supported by this emulator.");
  }
  const member = VALUE_MEMBER[setting.settingType];
  // Exactly one populated member, the one of the flag's type (reference §4.11.2).
  if (Object.values(VALUE_MEMBER).some((m) => m !== member && v[m] !== undefined && v[m] !== null)) throw invalid(path, message);
  const raw = checkRaw(setting, v[member]);
  if (raw === undefined) throw invalid(path, message);
  return valueModel(setting.settingType, raw);
}

function parsePercentages(items: JsonValue[], path: string, parseValue: (v: JsonValue | undefined, p: string) => JsonValue): JsonObject[] {
  let sum = 0;
  const out = items.map((item, i) => {
    const p = at(path, i);
    const o = objectAt(item, p);
    const percentage = optInt(o, "percentage", p);
    if (percentage === undefined || percentage === null || percentage < 0 || percentage > 100) {
      throw invalid(at(p, "percentage"), "The field Percentage must be between 0 and 100.");
    }
    sum += percentage;
    return { percentage, value: parseValue(o.value, at(p, "value")) };
  });
  if (out.length > 0 && sum !== 100) throw invalid(path, "The sum of all percentages must be 100.");
  return out;
}

function comparisonKind(c: UserComparator): "listValue" | "stringValue" | "doubleValue" {
  if ((LIST_COMPARATORS as readonly string[]).includes(c)) return "listValue";
  if ((STRING_COMPARATORS as readonly string[]).includes(c)) return "stringValue";
  return "doubleValue";
}

function parseUserCondition(o: JsonObject, path: string): JsonObject {
  const comparisonAttribute = reqString(o, "comparisonAttribute", { max: 1000 }, path);
  const comparator = reqEnum(o, "comparator", USER_COMPARATORS, path);
  const cvPath = at(path, "comparisonValue");
  const cv = isJsonObject(o.comparisonValue) ? o.comparisonValue : {};
  const kind = comparisonKind(comparator);
  const out: JsonObject = { stringValue: null, doubleValue: null, listValue: null };
  if (kind === "stringValue") {
    if (typeof cv.stringValue !== "string") throw invalid(cvPath, MESSAGES.stringValue);
    out.stringValue = cv.stringValue;
  } else if (kind === "doubleValue") {
    if (typeof cv.doubleValue !== "number" || !Number.isFinite(cv.doubleValue)) throw invalid(cvPath, MESSAGES.doubleValue);
    out.doubleValue = cv.doubleValue;
  } else {
    if (!Array.isArray(cv.listValue) || cv.listValue.length === 0) throw invalid(cvPath, MESSAGES.listValue);
    out.listValue = cv.listValue.map((item, i) => {
      const ip = at(at(cvPath, "listValue"), i);
      const io = objectAt(item, ip);
      return { value: reqString(io, "value", {}, ip), hint: optString(io, "hint", { max: 1500 }, ip) ?? null };
    });
  }
  return { comparisonAttribute, comparator, comparisonValue: out };
}

function parseCondition(item: JsonValue, path: string, ctx: FormulaContext): JsonObject {
  const o = objectAt(item, path);
  const present = (["userCondition", "segmentCondition", "prerequisiteFlagCondition"] as const).filter((k) => o[k] !== undefined && o[k] !== null);
  if (present.length !== 1) throw invalid(path, "Exactly one of UserCondition, SegmentCondition or PrerequisiteFlagCondition must be set.");
  const out: JsonObject = { userCondition: null, segmentCondition: null, prerequisiteFlagCondition: null };
  const kind = present[0];
  const p = at(path, kind);
  const c = objectAt(o[kind], p);
  if (kind === "userCondition") {
    out.userCondition = parseUserCondition(c, p);
  } else if (kind === "segmentCondition") {
    const segmentId = reqUuid(c, "segmentId", p);
    const segment = ctx.store.segments.get(segmentId);
    if (!segment || segment.productId !== ctx.productId) throw invalid(at(p, "segmentId"), "Segment not found.");
    out.segmentCondition = { segmentId, comparator: reqEnum(c, "comparator", ["isIn", "isNotIn"] as const, p) };
  } else {
    const id = intId(c.prerequisiteSettingId, at(p, "prerequisiteSettingId"));
    const pre = ctx.store.settings.get(id);
    if (!pre || pre.configId !== ctx.setting.configId) throw invalid(at(p, "prerequisiteSettingId"), MESSAGES.prerequisiteNotFound);
    const comparator = reqEnum(c, "comparator", ["equals", "doesNotEqual"] as const, p);
    const value = parseValueModel(pre, c.prerequisiteComparisonValue, at(p, "prerequisiteComparisonValue"), MESSAGES.invalidPrerequisiteValue);
    out.prerequisiteFlagCondition = { prerequisiteSettingId: id, comparator, prerequisiteComparisonValue: value };
  }
  return out;
}

/**
 * Parses an `UpdateEvaluationFormulaModel` (V2) into its normalised form.
 * @param body - the body (or the PATCH result)
 * @param ctx - flag, environment, store, switches
 * @param parent - path prefix for messages (bulk items)
 * @throws ConfigCatError 400 with the §2.4 messages
 */
export function parseV2Formula(body: JsonValue | undefined, ctx: FormulaContext, parent = ""): JsonObject {
  const o = objectAt(body, parent === "" ? "" : parent);
  const s = ctx.setting;
  const defaultValue = parseValueModel(s, o.defaultValue, at(parent, "defaultValue"), "Invalid default value.");
  const rulesPath = at(parent, "targetingRules");
  const rules = optArray(o, "targetingRules", parent) ?? [];
  const targetingRules = rules.map((item, i) => {
    const p = at(rulesPath, i);
    const r = objectAt(item, p);
    const conditions = (optArray(r, "conditions", p) ?? []).map((c, j) => parseCondition(c, at(at(p, "conditions"), j), ctx));
    const options = optArray(r, "percentageOptions", p) ?? [];
    const hasValue = r.value !== undefined && r.value !== null;
    if (hasValue && options.length > 0) throw invalid(p, "A targeting rule must serve either a value or percentage options, not both.");
    if (!hasValue && options.length === 0) throw invalid(p, "A targeting rule must serve either a value or percentage options.");
    if (conditions.length === 0 && ctx.fidelity.conditionlessRules === "trailingPercentageOnly" && (i !== rules.length - 1 || hasValue)) {
      throw invalid(at(p, "conditions"), "Only the last targeting rule may have no conditions, and it must serve percentage options.");
    }
    const percentageOptions = parsePercentages(options, at(p, "percentageOptions"), (v, vp) => parseValueModel(s, v, vp, MESSAGES.invalidPercentageValue));
    const value = hasValue ? parseValueModel(s, r.value, at(p, "value"), MESSAGES.invalidTermValue) : null;
    return { conditions, percentageOptions, value };
  });
  const percentageEvaluationAttribute = optString(o, "percentageEvaluationAttribute", { max: 1000 }, parent) ?? null;
  return { defaultValue, targetingRules, percentageEvaluationAttribute };
}

/**
 * Parses an `UpdateSettingValueModel` (V1) into its normalised form.
 * @param body - the body (or the PATCH result)
 * @param ctx - flag, environment, store
 * @param parent - path prefix for messages (bulk items)
 * @throws ConfigCatError 400
 */
export function parseV1Formula(body: JsonValue | undefined, ctx: FormulaContext, parent = ""): JsonObject {
  const o = objectAt(body, parent);
  const s = ctx.setting;
  const typed = (v: JsonValue | undefined, path: string, message: string): boolean | string | number => {
    const raw = checkRaw(s, v);
    if (raw === undefined) throw invalid(path, message);
    return raw;
  };
  const value = typed(o.value, at(parent, "value"), "Invalid value.");
  const rulesPath = at(parent, "rolloutRules");
  const rolloutRules = (optArray(o, "rolloutRules", parent) ?? []).map((item, i) => {
    const p = at(rulesPath, i);
    const r = objectAt(item, p);
    const out: JsonObject = { comparisonAttribute: null, comparator: null, comparisonValue: null, segmentComparator: null, segmentId: null, value: null };
    if (r.segmentId !== undefined && r.segmentId !== null) {
      const segmentId = reqUuid(r, "segmentId", p);
      const segment = ctx.store.segments.get(segmentId);
      if (!segment || segment.productId !== ctx.productId) throw invalid(at(p, "segmentId"), "Segment not found.");
      out.segmentId = segmentId;
      out.segmentComparator = reqEnum(r, "segmentComparator", ["isIn", "isNotIn"] as const, p);
    } else {
      out.comparisonAttribute = reqString(r, "comparisonAttribute", { max: 1000 }, p);
      out.comparator = reqEnum(r, "comparator", V1_COMPARATORS, p);
      out.comparisonValue = reqString(r, "comparisonValue", { max: 65535 }, p);
    }
    out.value = typed(r.value, at(p, "value"), MESSAGES.invalidTermValue);
    return out;
  });
  const items = optArray(o, "rolloutPercentageItems", parent) ?? [];
  const rolloutPercentageItems = parsePercentages(items, at(parent, "rolloutPercentageItems"), (v, vp) => typed(v, vp, MESSAGES.invalidPercentageValue));
  return { value, rolloutRules, rolloutPercentageItems };
}

/** Prerequisite flag ids a V2 formula refers to. */
export function prerequisitesOf(formula: JsonValue): number[] {
  const out: number[] = [];
  if (!isJsonObject(formula) || !Array.isArray(formula.targetingRules)) return out;
  for (const rule of formula.targetingRules) {
    if (!isJsonObject(rule) || !Array.isArray(rule.conditions)) continue;
    for (const c of rule.conditions) {
      const pre = isJsonObject(c) && isJsonObject(c.prerequisiteFlagCondition) ? c.prerequisiteFlagCondition.prerequisiteSettingId : undefined;
      if (typeof pre === "number") out.push(pre);
    }
  }
  return out;
}

/** Segment ids a V1 or V2 formula refers to. */
export function segmentsOf(formula: JsonValue): string[] {
  const out: string[] = [];
  if (!isJsonObject(formula)) return out;
  for (const rule of [...(Array.isArray(formula.rolloutRules) ? formula.rolloutRules : []), ...(Array.isArray(formula.targetingRules) ? formula.targetingRules : [])]) {
    if (!isJsonObject(rule)) continue;
    if (typeof rule.segmentId === "string") out.push(rule.segmentId);
    for (const c of Array.isArray(rule.conditions) ? rule.conditions : []) {
      if (isJsonObject(c) && isJsonObject(c.segmentCondition) && typeof c.segmentCondition.segmentId === "string") out.push(c.segmentCondition.segmentId);
    }
  }
  return out;
}

/**
 * Refuses a V2 formula whose prerequisites lead back to the flag being written, in that environment.
 * The message walks the cycle from the new prerequisite to the written flag: writing B → A while
 * A → B exists gives `Circular dependency detected. A ➔ B`.
 * @param ctx - the flag and environment written
 * @param formula - the new, parsed formula
 * @param pending - formulas written in the same request (bulk), by setting id
 */
export function checkCycles(ctx: FormulaContext, formula: JsonValue, pending: ReadonlyMap<number, JsonValue> = new Map()): void {
  const target = ctx.setting.settingId;
  const edges = (id: number): number[] => {
    if (id === target) return prerequisitesOf(formula);
    const f = pending.get(id) ?? ctx.store.values.get(pairKey(id, ctx.environmentId))?.formula;
    return f === undefined ? [] : prerequisitesOf(f);
  };
  const keyOf = (id: number): string => ctx.store.settings.get(id)?.key ?? String(id);
  for (const start of new Set(edges(target))) {
    // Depth-first search for a path start → … → target.
    const path: number[] = [];
    const seen = new Set<number>();
    const dfs = (id: number): boolean => {
      path.push(id);
      if (id === target) return true;
      if (!seen.has(id)) {
        seen.add(id);
        for (const next of edges(id)) if (dfs(next)) return true;
      }
      path.pop();
      return false;
    };
    if (start === target) throw invalid("", `Circular dependency detected. ${keyOf(target)} ➔ ${keyOf(target)}`);
    if (dfs(start)) throw invalid("", `Circular dependency detected. ${path.map(keyOf).join(" ➔ ")}`);
  }
}

/**
 * Removes references to a deleted segment or prerequisite flag (`deleteInUse: "cascade"`): V1 rules on
 * the segment, and V2 conditions on either; V2 rules left without conditions are dropped too.
 * @param formula - a stored formula
 * @param ref - what was deleted
 */
export function dropReferences(formula: JsonValue, ref: { segmentId?: string; settingId?: number }): JsonValue {
  const f = structuredClone(formula);
  if (!isJsonObject(f)) return f;
  const matches = (c: JsonValue): boolean =>
    isJsonObject(c) &&
    ((ref.segmentId !== undefined && isJsonObject(c.segmentCondition) && c.segmentCondition.segmentId === ref.segmentId) ||
      (ref.settingId !== undefined && isJsonObject(c.prerequisiteFlagCondition) && c.prerequisiteFlagCondition.prerequisiteSettingId === ref.settingId));
  if (Array.isArray(f.rolloutRules) && ref.segmentId !== undefined) {
    f.rolloutRules = f.rolloutRules.filter((r) => !(isJsonObject(r) && r.segmentId === ref.segmentId));
  }
  if (Array.isArray(f.targetingRules)) {
    f.targetingRules = f.targetingRules.flatMap((rule) => {
      if (!isJsonObject(rule) || !Array.isArray(rule.conditions)) return [rule];
      const before = rule.conditions.length;
      rule.conditions = rule.conditions.filter((c) => !matches(c));
      return before > 0 && rule.conditions.length === 0 ? [] : [rule];
    });
  }
  return f;
}
