/** Keys of flags, experiments and variants: letters, digits, `_` and `-` (third-party observation). */
export const KEY_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Deployment labels: alphanumerics plus `_` and `-` (documented). */
export const LABEL_PATTERN = /^[A-Za-z0-9_-]+$/;

/** `off` is the evaluation default value, so no variant may use it as a key. */
export const RESERVED_VARIANT_KEYS: ReadonlySet<string> = new Set(["off"]);

/** Condition operators: the documented list plus the third-party version operators, accepted leniently. */
export const CONDITION_OPS: readonly string[] = [
  "is", "is not", "contains", "does not contain", "less", "less or equal", "greater", "greater or equal",
  "set is", "set is not", "set contains", "set does not contain", "glob match", "glob does not match",
  "version less than", "version less than or equal to", "version greater than", "version greater than or equal to",
];

/** Exposure-event filter operators: the condition list without the `set …` ones (documented). */
export const EXPOSURE_OPS: readonly string[] = CONDITION_OPS.filter((op) => !op.startsWith("set "));

/** Experiment types: current values plus the legacy ones still seen on real objects. */
export const EXPERIMENT_TYPES = ["a-b-test", "multi-arm-bandit", "hypothesis-testing", "no-harm"] as const;

/** Experiment decisions (documented since 2025-05-01). */
export const DECISIONS = ["rollout", "rollback", "continue-running"] as const;

/** Evaluation modes. */
export const EVALUATION_MODES = ["remote", "local"] as const;

/** The most user inclusions one variant may hold (documented; was 500 in 2025-04..09). */
export const MAX_INCLUSIONS_PER_VARIANT = 2000;

/** The most ids one bulk-delete request may list (documented). */
export const MAX_BULK_DELETE = 100;
