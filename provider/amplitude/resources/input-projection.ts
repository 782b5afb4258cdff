import { withoutUndefined } from "../../core/dynamic/check";
import type { DesiredVariant } from "./compare";
import type { LiveConfigObject } from "./live-state";

/**
 * Which inputs the program sets, recorded in the outputs. A refresh uses it to restate what is live in the
 * program's own terms (the engine shows a refreshed resource's update as old inputs → new inputs, and the
 * dynamic-provider host forwards no per-property diff), so `preview --refresh --diff` marks exactly the
 * drifted properties: `~ name: "Edited in the UI" => "Checkout"`.
 */
export interface ManagedFields {
  /**
   * Top-level fields the program sets, besides the identity (`projectId`, `key`, `owner` and the options): a
   * bit mask over {@link fieldBits} (bit i set: `fieldBits[i]` is managed), or their names when one is not in
   * that table. State written by ab21d28 and earlier always holds the names.
   */
  fields: string[] | number;
  /**
   * For each variant the program declares with fields besides `key`, those fields. Left out when no variant
   * has any (state written by 0.2.0 and earlier also lists variants with none).
   */
  variants?: Record<string, string[]>;
  /** `true` when some declared segment sets `bucketingKey` (the server fills it in otherwise); absent: `false`. */
  segmentBucketingKey?: boolean;
}

const identity = ["projectId", "key", "adopt", "deletionPolicy", "owner"];

/**
 * The fields {@link ManagedFields.fields} can name by bit, flags' and experiments' alike. Stored states refer
 * to these positions: append only, never reorder or remove.
 */
const fieldBits = [
  "variants", "deployments", "name", "description", "enabled", "evaluationMode", "bucketingKey", "bucketingSalt",
  "bucketingUnit", "rolloutPercentage", "targetSegments", "tags", "experimentType", "stickyBucketing", "startDate",
  "endDate", "exposureEvent", "decision", "decisionReason", "rolledOutVariant",
] as const;

/** `fields` as stored: a bit mask when {@link fieldBits} has every one of them. */
function encodeFields(fields: string[]): string[] | number {
  const bits = fields.map((f) => (fieldBits as readonly string[]).indexOf(f));
  return bits.includes(-1) ? fields : bits.reduce((mask, bit) => mask | (1 << bit), 0);
}

/** The names of the managed top-level fields, from either stored form. */
export function managedFieldNames(managed: ManagedFields): string[] {
  const { fields } = managed;
  return typeof fields === "number" ? fieldBits.filter((_, bit) => (fields & (1 << bit)) !== 0) : fields;
}

/**
 * The {@link ManagedFields} of a program's inputs, stored in every flag's outputs: only what is not empty, as
 * it is paid on every checkpoint.
 */
export function managedFieldsOf(inputs: Record<string, unknown>): ManagedFields {
  const variants = (inputs.variants as DesiredVariant[] | undefined) ?? [];
  const segments = (inputs.targetSegments as { bucketingKey?: string }[] | undefined) ?? [];
  const variantFields = variants
    .map((v) => [v.key, Object.keys(v).filter((f) => f !== "key")] as const)
    .filter(([, fields]) => fields.length > 0);
  return {
    fields: encodeFields(Object.keys(inputs).filter((f) => !identity.includes(f) && f !== "__provider" && inputs[f] !== undefined)),
    ...(variantFields.length > 0 ? { variants: Object.fromEntries(variantFields) } : {}),
    ...(segments.some((s) => s.bucketingKey !== undefined) ? { segmentBucketingKey: true } : {}),
  };
}

const pick = (source: Record<string, unknown>, fields: string[]) =>
  Object.fromEntries(fields.filter((f) => source[f] !== undefined && source[f] !== null).map((f) => [f, source[f]]));

/** What the program's inputs would be if they described the live object. */
export function projectInputs(live: LiveConfigObject, managed: ManagedFields): Record<string, unknown> {
  const inputs: Record<string, unknown> = pick(live, identity);
  for (const field of managedFieldNames(managed)) {
    if (field === "variants") {
      inputs.variants = live.variants.map((v) => pick({ ...v }, ["key", ...(managed.variants?.[v.key] ?? [])]));
    } else if (field === "targetSegments") {
      const fields = ["name", "conditions", "percentage", "rolloutWeights", ...(managed.segmentBucketingKey === true ? ["bucketingKey"] : [])];
      inputs.targetSegments = live.targetSegments.map((s) => pick(s as Record<string, unknown>, fields));
    } else {
      inputs[field] = live[field] ?? null;
    }
  }
  return withoutUndefined(inputs);
}
