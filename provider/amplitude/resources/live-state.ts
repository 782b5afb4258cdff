import type { JsonValue } from "./args";

/** A variant as recorded in state. `users`/`cohorts` are `null` when the program does not manage them. */
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
 * A flag or experiment as recorded in state (the resource's outputs). Fields are `null` where the value is
 * not known without a read (for example the salt Amplitude generates on create).
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
  adopt: boolean;
  deletionPolicy: string;
  /** Archived outside Pulumi (Amplitude's `deleted`); `up` restores it. Missing in state written by earlier versions. */
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
