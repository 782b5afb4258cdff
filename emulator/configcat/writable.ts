import { isJsonObject, type JsonValue } from "../core/json";
import { invalid } from "./errors";
import { at } from "./fields";

/*
 * The writable representations JSON Patch applies to (design §2.6), as member trees. A PATCH result is
 * checked against them at every depth before it is validated like a PUT, so `add /bogus` or
 * `add /targetingRules/0/bogus` is a 400 naming the member instead of a silently dropped no-op.
 */

/** A member tree: an object's members (each with its own shape), an array's item shape, or a leaf. */
export type Shape = { readonly [member: string]: Shape } | readonly [Shape] | "leaf";

const VALUE: Shape = { boolValue: "leaf", stringValue: "leaf", intValue: "leaf", doubleValue: "leaf", predefinedVariationId: "leaf" };

/** Flag metadata (`ReplaceSettingModel`; `key` and `settingType` are refused with their own message). */
export const SETTING_SHAPE: Shape = { name: "leaf", hint: "leaf", order: "leaf", isJson: "leaf", tags: ["leaf"] };

/** V1 value (`UpdateSettingValueModel`). */
export const V1_FORMULA_SHAPE: Shape = {
  value: "leaf",
  rolloutRules: [{ comparisonAttribute: "leaf", comparator: "leaf", comparisonValue: "leaf", segmentComparator: "leaf", segmentId: "leaf", value: "leaf" }],
  rolloutPercentageItems: [{ percentage: "leaf", value: "leaf" }],
};

/** V2 value (`UpdateEvaluationFormulaModel`). */
export const V2_FORMULA_SHAPE: Shape = {
  defaultValue: VALUE,
  targetingRules: [{
    conditions: [{
      userCondition: { comparisonAttribute: "leaf", comparator: "leaf", comparisonValue: { stringValue: "leaf", doubleValue: "leaf", listValue: [{ value: "leaf", hint: "leaf" }] } },
      segmentCondition: { segmentId: "leaf", comparator: "leaf" },
      prerequisiteFlagCondition: { prerequisiteSettingId: "leaf", comparator: "leaf", prerequisiteComparisonValue: VALUE },
    }],
    percentageOptions: [{ percentage: "leaf", value: VALUE }],
    value: VALUE,
  }],
  percentageEvaluationAttribute: "leaf",
};

/** Webhook (`WebHookRequestModel`). */
export const WEBHOOK_SHAPE: Shape = { url: "leaf", httpMethod: "leaf", content: "leaf", webHookHeaders: [{ key: "leaf", value: "leaf", isSecure: "leaf" }] };

/**
 * Refuses the first member of a PATCH result that the writable representation does not have, at any
 * depth: 400 keyed by the member's path (`targetingRules[0].bogus`), `The member 'bogus' cannot be patched.`
 * Values of the wrong kind (an object where a list belongs) are left to the PUT validation.
 * @param value - the patched document
 * @param shape - its writable representation
 * @param parent - path of `value` ("" at the top)
 * @throws ConfigCatError 400
 */
export function rejectUnknownMembers(value: JsonValue, shape: Shape, parent = ""): void {
  if (shape === "leaf") return;
  if (Array.isArray(shape)) {
    if (Array.isArray(value)) value.forEach((item, i) => rejectUnknownMembers(item, (shape as readonly [Shape])[0], at(parent, i)));
    return;
  }
  if (!isJsonObject(value)) return;
  const members = shape as { readonly [member: string]: Shape };
  for (const [k, v] of Object.entries(value)) {
    const inner = Object.prototype.hasOwnProperty.call(members, k) ? members[k] : undefined;
    if (inner === undefined) throw invalid(at(parent, k), `The member '${k}' cannot be patched.`);
    rejectUnknownMembers(v, inner, at(parent, k));
  }
}
