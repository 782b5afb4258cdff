import type { JsonValue } from "./args";

/**
 * A variant with every member, as the provider works with it. `users`/`cohorts` are `null` when the program
 * does not manage them. State stores it as a {@link VariantOutput}.
 */
export interface LiveVariant {
  key: string;
  name: string | null;
  description: string | null;
  payload: JsonValue;
  rolloutWeight: number | null;
  users: string[] | null;
  cohorts: string[] | null;
}

/**
 * A variant as the `variants` output of a flag or experiment holds it. A member at its default is left out
 * of the state (see state-shape.ts); state written by 0.2.0 and earlier holds every member.
 */
export interface VariantOutput {
  /** Variant key. */
  key: string;
  /** Display name; absent when empty (`""`), `null` when the server sent none. */
  name?: string | null;
  /** Description; absent when empty (`""`), `null` when the server sent none. */
  description?: string | null;
  /** Payload; absent when there is none. */
  payload?: JsonValue;
  /** Weight for users outside every target segment; `null` when the server sent none. */
  rolloutWeight: number | null;
  /** Users always served this variant; absent when the program does not manage them. */
  users?: string[] | null;
  /** Cohort ids always served this variant; absent when the program does not manage them. */
  cohorts?: string[] | null;
}

/**
 * A flag or experiment with every member, as the provider works with it; the resource's outputs store it
 * without the members at their default (state-shape.ts). Fields are `null` where the value is not known
 * without a read (for example the salt Amplitude generates on create).
 */
export interface LiveConfigObject {
  projectId: string;
  key: string;
  name: string | null;
  description: string | null;
  enabled: boolean | null;
  evaluationMode: string | null;
  bucketingKey: string | null;
  bucketingSalt: string | null;
  bucketingUnit: string | null;
  rolloutPercentage: number | null;
  variants: LiveVariant[];
  targetSegments: JsonValue[];
  deployments: string[];
  tags: string[];
  url: string | null;
  /** As in the inputs: stored only when `true` (state written by 0.2.0 and earlier also holds `false`). */
  adopt?: boolean;
  /** As in the inputs: stored only when not `archive` (state written by 0.2.0 and earlier always holds it). */
  deletionPolicy?: string;
  /** Archived outside Pulumi (Amplitude's `deleted`); `up` restores it. Stored only when `true`. */
  deleted?: boolean;
  /** Amplitude's `lastModifiedAt` as last read; a refresh skips detail reads while the list shows the same value. */
  lastModifiedAt?: string | null;
  /** Experiment-only fields live here too, keyed by their API names. */
  [field: string]: JsonValue | LiveVariant[] | undefined;
}

/** Fields that are both read and written through the object's own PATCH endpoint. */
export const commonPatchFields = [
  "name", "description", "enabled", "evaluationMode", "bucketingKey", "bucketingSalt", "bucketingUnit",
  "rolloutPercentage", "targetSegments", "tags",
] as const;

/** Fields accepted in the create body besides projectId, key, variants and deployments. */
export const commonCreateFields = ["name", "description", "evaluationMode", "bucketingKey", "targetSegments"] as const;
