import type * as pulumi from "@pulumi/pulumi";

/** A JSON value, as carried by a variant payload. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * What happens in Amplitude when a resource is deleted from the program (or the stack is destroyed).
 * - `archive` (default): archive the object. Amplitude has no hard delete; an archived key stays reserved.
 * - `disable-then-archive`: turn the flag off first, so SDKs stop serving it before it is archived.
 * - `retain`: leave the object as it is and only forget it in the stack.
 */
export type DeletionPolicy = "archive" | "disable-then-archive" | "retain";

/** Options every Amplitude resource takes. */
export interface CommonArgs {
  /**
   * Adopt the object that already has this key (or, for a deployment, this label) instead of creating one.
   * Pulumi's `import` option does not work for dynamic resources; this is its replacement. An archived
   * object is unarchived. The first `up` then only sends what differs from the program.
   *
   * Without it, a create never takes over an existing object: it fails with `… already exists (id N) …`,
   * leaving the object untouched, unless the object is provably this resource's own create that was
   * interrupted before Pulumi recorded it. After renaming a resource, use `aliases` rather than `adopt`.
   * @default false
   */
  adopt?: pulumi.Input<boolean>;
  /**
   * What to do in Amplitude when the resource is deleted.
   * @default "archive"
   */
  deletionPolicy?: pulumi.Input<DeletionPolicy>;
}

/**
 * How deeply a variant payload may nest objects and arrays (`{"a": [1]}` is 2 levels). Amplitude documents
 * no limit; this one is the provider's: each level becomes two or three nested protobuf messages on the way
 * through the Pulumi engine, whose usual recursion limit is 100 messages, and at about 1,000 levels the
 * Pulumi SDK exhausts its stack after the object was already created. `check` refuses a deeper payload,
 * naming it (`variants[0].payload`), before any request is sent.
 */
export const MAX_PAYLOAD_DEPTH = 32;

/** One variant of a flag or experiment, keyed by `key`. Variants are compared as a set: order does not matter. */
export interface VariantArgs {
  /** The value SDKs receive, e.g. `on` or `treatment`. Letters, digits, `_` and `-`; `off` is reserved. */
  key: pulumi.Input<string>;
  /** Display name. Not managed when unset. */
  name?: pulumi.Input<string>;
  /** Description. Not managed when unset. */
  description?: pulumi.Input<string>;
  /**
   * Any JSON value delivered with the variant, nested at most {@link MAX_PAYLOAD_DEPTH} (32) levels. Compared as
   * data, so formatting never shows as a change.
   */
  payload?: pulumi.Input<JsonValue>;
  /** Weight of this variant for users outside every target segment (integer ≥ 0). */
  rolloutWeight?: pulumi.Input<number>;
  /** User or device ids always served this variant (at most 2,000). Compared as a set. Not managed when unset. */
  users?: pulumi.Input<pulumi.Input<string>[]>;
  /** Amplitude cohort ids always served this variant (at most 2,000). Compared as a set. Not managed when unset. */
  cohorts?: pulumi.Input<pulumi.Input<string>[]>;
}

/** Condition operators the Management API documents. */
export const conditionOps = [
  "is", "is not", "contains", "does not contain", "less", "less or equal", "greater", "greater or equal",
  "set is", "set is not", "set contains", "set does not contain", "glob match", "glob does not match",
  "version less than", "version less than or equal to", "version greater than", "version greater than or equal to",
] as const;

/** A condition of a target segment. */
export interface ConditionArgs {
  /** User property; custom properties take the `gp:` prefix, e.g. `gp:plan`. */
  prop: pulumi.Input<string>;
  /** Comparison operator, e.g. `is` or `set contains`. */
  op: pulumi.Input<(typeof conditionOps)[number]>;
  /** Values to compare with. */
  values: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Condition type; the API accepts only `property`.
   * @default "property"
   */
  type?: pulumi.Input<"property">;
}

/** A target segment. Segments are an ordered list: the first matching segment decides. */
export interface SegmentArgs {
  /** Segment name. */
  name: pulumi.Input<string>;
  /** All conditions must hold for a user to match. */
  conditions: pulumi.Input<pulumi.Input<ConditionArgs>[]>;
  /** Share (0–100) of matching users who get a variant. */
  percentage: pulumi.Input<number>;
  /** Variant weights for matching users, by variant key. */
  rolloutWeights: pulumi.Input<Record<string, pulumi.Input<number>>>;
  /** Bucketing property for this segment. Not managed when unset. */
  bucketingKey?: pulumi.Input<string>;
}

/** Arguments shared by flags and experiments. Unset optional fields are not managed: never sent, never compared. */
export interface ConfigObjectArgs extends CommonArgs {
  /** Amplitude project id. Changing it replaces the resource. */
  projectId: pulumi.Input<string>;
  /** Key SDKs use, unique in the project across flags and experiments. Letters, digits, `_`, `-`. Changing it replaces the resource. */
  key: pulumi.Input<string>;
  /** Display name. Amplitude uses the key when unset. */
  name?: pulumi.Input<string>;
  /** Description. */
  description?: pulumi.Input<string>;
  /** Whether it is served. `true` needs at least one deployment. */
  enabled?: pulumi.Input<boolean>;
  /** `remote` (evaluated by Amplitude) or `local` (evaluated in the SDK). */
  evaluationMode?: pulumi.Input<"remote" | "local">;
  /** User property used for bucketing, e.g. `amplitude_id`, `device_id`, `user_id`. */
  bucketingKey?: pulumi.Input<string>;
  /** Bucketing salt. Changing it reshuffles users. Amplitude generates one when unset. */
  bucketingSalt?: pulumi.Input<string>;
  /** `User`, or a group type of the Accounts add-on. */
  bucketingUnit?: pulumi.Input<string>;
  /** Share (0–100) of users outside every target segment who get a variant. */
  rolloutPercentage?: pulumi.Input<number>;
  /** Variants, keyed by `key`. */
  variants?: pulumi.Input<pulumi.Input<VariantArgs>[]>;
  /** Target segments, in evaluation order. */
  targetSegments?: pulumi.Input<pulumi.Input<SegmentArgs>[]>;
  /** Deployment ids, typically `deployment.id`. Compared as a set. */
  deployments?: pulumi.Input<pulumi.Input<string>[]>;
  /** Tags. Compared as a set; the API replaces the whole list on every change. */
  tags?: pulumi.Input<pulumi.Input<string>[]>;
}
