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
  /** Top-level fields the program sets. */
  fields: string[];
  /** For each variant the program declares, the variant fields it sets besides `key`. */
  variants: Record<string, string[]>;
  /** Whether any declared segment sets `bucketingKey` (the server fills it in otherwise). */
  segmentBucketingKey: boolean;
}

const identity = ["projectId", "key", "adopt", "deletionPolicy"];

/** The {@link ManagedFields} of a program's inputs. */
export function managedFieldsOf(inputs: Record<string, unknown>): ManagedFields {
  const variants = (inputs.variants as DesiredVariant[] | undefined) ?? [];
  const segments = (inputs.targetSegments as { bucketingKey?: string }[] | undefined) ?? [];
  return {
    fields: Object.keys(inputs).filter((f) => !identity.includes(f) && f !== "__provider" && inputs[f] !== undefined),
    variants: Object.fromEntries(variants.map((v) => [v.key, Object.keys(v).filter((f) => f !== "key")])),
    segmentBucketingKey: segments.some((s) => s.bucketingKey !== undefined),
  };
}

const pick = (source: Record<string, unknown>, fields: string[]) =>
  Object.fromEntries(fields.filter((f) => source[f] !== undefined && source[f] !== null).map((f) => [f, source[f]]));

/** What the program's inputs would be if they described the live object. */
export function projectInputs(live: LiveConfigObject, managed: ManagedFields): Record<string, unknown> {
  const inputs: Record<string, unknown> = pick(live, identity);
  for (const field of managed.fields) {
    if (field === "variants") {
      inputs.variants = live.variants.map((v) => pick({ ...v }, ["key", ...(managed.variants[v.key] ?? [])]));
    } else if (field === "targetSegments") {
      const fields = ["name", "conditions", "percentage", "rolloutWeights", ...(managed.segmentBucketingKey ? ["bucketingKey"] : [])];
      inputs.targetSegments = live.targetSegments.map((s) => pick(s as Record<string, unknown>, fields));
    } else {
      inputs[field] = live[field] ?? null;
    }
  }
  return withoutUndefined(inputs);
}
