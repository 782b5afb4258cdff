import { jsonEqual, sameSet } from "../../core/dynamic/canonical";
import { containsUnknown } from "../../core/dynamic/unknown";
import type { JsonValue } from "./args";
import type { LiveConfigObject, LiveVariant } from "./live-state";

/** A desired variant after validation. */
export interface DesiredVariant {
  key: string;
  name?: string;
  description?: string;
  payload?: JsonValue;
  rolloutWeight?: number;
  users?: string[];
  cohorts?: string[];
}

const variantFields = ["name", "description", "payload", "rolloutWeight"] as const;

/** Which scalar fields of one variant differ from what is live. Unset desired fields are not managed. */
export function changedVariantFields(live: LiveVariant, desired: DesiredVariant): (typeof variantFields)[number][] {
  return variantFields.filter((f) => desired[f] !== undefined && !jsonEqual(desired[f], live[f]));
}

function variantEqual(live: LiveVariant, desired: DesiredVariant): boolean {
  return (
    changedVariantFields(live, desired).length === 0 &&
    (desired.users === undefined || (live.users !== null && sameSet(live.users, desired.users))) &&
    (desired.cohorts === undefined || (live.cohorts !== null && sameSet(live.cohorts, desired.cohorts)))
  );
}

/** Variants are a set keyed by `key`: same keys, and each desired variant matches its live one. */
function variantsEqual(live: LiveVariant[], desired: DesiredVariant[]): boolean {
  if (!sameSet(live.map((v) => v.key), desired.map((v) => v.key))) return false;
  return desired.every((d) => variantEqual(live.find((v) => v.key === d.key)!, d));
}

type Segment = { name?: string; conditions?: { type?: string }[]; bucketingKey?: string; [k: string]: unknown };

// The server may fill in a segment's bucketingKey and a condition's type; compare only what the program says.
function segmentEqual(live: Segment, desired: Segment): boolean {
  return Object.entries(desired).every(([field, value]) => {
    if (value === undefined) return true;
    if (field !== "conditions") return jsonEqual(value, live[field]);
    const liveConditions = (live.conditions ?? []) as Segment[];
    const conditions = value as Segment[];
    return (
      liveConditions.length === conditions.length &&
      conditions.every((c, i) => jsonEqual({ type: "property", ...c }, { type: "property", ...liveConditions[i] }))
    );
  });
}

/** Segments are ordered: their order is the evaluation priority. */
function segmentsEqual(live: JsonValue[], desired: JsonValue[]): boolean {
  return live.length === desired.length && desired.every((d, i) => segmentEqual(live[i] as Segment, d as Segment));
}

const dateOnly = (v: unknown) => (typeof v === "string" ? v.slice(0, 10) : v);

/** Whether one desired field matches the live object. */
export function fieldEqual(field: string, live: LiveConfigObject, desired: unknown): boolean {
  if (containsUnknown(desired)) return false;
  const current = live[field];
  switch (field) {
    case "variants":
      return variantsEqual(live.variants, desired as DesiredVariant[]);
    case "targetSegments":
      return segmentsEqual(live.targetSegments, desired as JsonValue[]);
    case "deployments":
    case "tags":
      return sameSet(current as string[], desired as string[]);
    case "startDate":
    case "endDate":
      return dateOnly(current) === dateOnly(desired);
    default:
      return jsonEqual(current ?? null, desired);
  }
}

/** Desired fields (set in the program) whose value differs from the live object, in a stable order. */
export function changedFields(
  live: LiveConfigObject,
  desired: Record<string, unknown>,
  managed: readonly string[],
): string[] {
  return managed.filter((f) => desired[f] !== undefined && !fieldEqual(f, live, desired[f]));
}
