/**
 * V2 user-condition comparators and the comparison member each takes (design §2.9; config_v6 order). The client
 * picks the wire member from the comparator, so programs give a plain value.
 */

/** Comparators that take a list (`listValue`). */
export const LIST_COMPARATORS = [
  "isOneOf", "isNotOneOf", "containsAnyOf", "doesNotContainAnyOf", "semVerIsOneOf", "semVerIsNotOneOf", "sensitiveIsOneOf", "sensitiveIsNotOneOf",
  "sensitiveTextStartsWithAnyOf", "sensitiveTextNotStartsWithAnyOf", "sensitiveTextEndsWithAnyOf", "sensitiveTextNotEndsWithAnyOf",
  "sensitiveArrayContainsAnyOf", "sensitiveArrayDoesNotContainAnyOf", "textStartsWithAnyOf", "textNotStartsWithAnyOf", "textEndsWithAnyOf",
  "textNotEndsWithAnyOf", "arrayContainsAnyOf", "arrayDoesNotContainAnyOf",
] as const;

/** Comparators that take a string (`stringValue`). */
export const STRING_COMPARATORS = [
  "semVerLess", "semVerLessOrEquals", "semVerGreater", "semVerGreaterOrEquals", "sensitiveTextEquals", "sensitiveTextDoesNotEqual", "textEquals", "textDoesNotEqual",
] as const;

/** Comparators that take a number (`doubleValue`; `dateTime*` in Unix seconds). */
export const NUMBER_COMPARATORS = [
  "numberEquals", "numberDoesNotEqual", "numberLess", "numberLessOrEquals", "numberGreater", "numberGreaterOrEquals", "dateTimeBefore", "dateTimeAfter",
] as const;

/** Every V2 `UserComparator`. */
export const USER_COMPARATORS = [...LIST_COMPARATORS, ...STRING_COMPARATORS, ...NUMBER_COMPARATORS] as const;
/** A V2 `UserComparator`. */
export type UserComparator = (typeof USER_COMPARATORS)[number];

/** `RolloutRuleComparator`: what a segment's condition compares with (also for V2 flags). */
export const SEGMENT_COMPARATORS = [
  "isOneOf", "isNotOneOf", "contains", "doesNotContain", "semVerIsOneOf", "semVerIsNotOneOf", "semVerLess", "semVerLessOrEquals",
  "semVerGreater", "semVerGreaterOrEquals", "numberEquals", "numberDoesNotEqual", "numberLess", "numberLessOrEquals", "numberGreater",
  "numberGreaterOrEquals", "sensitiveIsOneOf", "sensitiveIsNotOneOf",
] as const;

/**
 * The comparison member a comparator takes.
 * @param comparator - a user comparator.
 */
export function comparisonMember(comparator: string): "listValue" | "stringValue" | "doubleValue" {
  if ((LIST_COMPARATORS as readonly string[]).includes(comparator)) return "listValue";
  if ((STRING_COMPARATORS as readonly string[]).includes(comparator)) return "stringValue";
  return "doubleValue";
}

/** V1 `RolloutRuleComparator`s whose comparison value is a comma-separated list (V1 rules and segments). */
export const V1_LIST_COMPARATORS = ["isOneOf", "isNotOneOf", "semVerIsOneOf", "semVerIsNotOneOf", "sensitiveIsOneOf", "sensitiveIsNotOneOf"] as const;

/** V1 `RolloutRuleComparator`s that compare numbers. */
export const V1_NUMBER_COMPARATORS = ["numberEquals", "numberDoesNotEqual", "numberLess", "numberLessOrEquals", "numberGreater", "numberGreaterOrEquals"] as const;
