import type { JsonObject, JsonValue } from "../core/json";

/*
 * The emulator's state model. These shapes are also the JSON of `GET/PUT /__admin/state` and of the
 * state file, so they are plain data: no class instances, no Maps.
 */

/** Flags and experiments share one model; `kind` says which collection an object belongs to. */
export type ConfigKind = "flag" | "experiment";

/** A variant, with the inclusion lists the variants sub-resources manage. */
export interface StoredVariant {
  key: string;
  name: string;
  description: string;
  /** Absent when never set; any JSON value otherwise (null included). */
  payload?: JsonValue;
  rolloutWeight: number;
  /** Individually included user/device ids, in insertion order (the order `userIndex` refers to). */
  inclusions: string[];
  /** Included cohort ids, in insertion order. */
  cohorts: string[];
}

/** Fields only experiments have. */
export interface ExperimentFields {
  experimentType: string;
  stickyBucketing: boolean;
  /** `YYYY-MM-DD` or null. */
  startDate: string | null;
  /** `YYYY-MM-DD` or null. */
  endDate: string | null;
  exposureEvent: JsonValue | null;
  decision: string | null;
  decisionReason: string | null;
  rolledOutVariant: string | null;
  /** `feature` for API-created experiments; `web` ones refuse edits, as observed live. */
  deliveryMethod: string;
}

/** A flag or an experiment. */
export interface StoredConfig {
  kind: ConfigKind;
  id: string;
  projectId: string;
  key: string;
  name: string;
  description: string;
  enabled: boolean;
  evaluationMode: string;
  bucketingKey: string;
  bucketingSalt: string;
  bucketingUnit: string;
  variants: StoredVariant[];
  rolloutPercentage: number;
  targetSegments: JsonValue[];
  /** Linked deployment ids. */
  deployments: string[];
  /** Archived. */
  deleted: boolean;
  tags: string[];
  parentDependencies: JsonValue | null;
  createdBy: string;
  lastModifiedBy: string;
  createdAt: string;
  lastModifiedAt: string;
  /** Number of the latest version snapshot. */
  version: number;
  /** Present exactly when `kind` is `experiment`. */
  experiment?: ExperimentFields;
}

/** A deployment. */
export interface StoredDeployment {
  id: string;
  projectId: string;
  label: string;
  key: string;
  type: "client" | "server";
  deleted: boolean;
}

/** One version snapshot of a flag or experiment. */
export interface StoredVersion {
  /** Id of the flag or experiment. */
  configId: string;
  kind: ConfigKind;
  projectId: string;
  version: number;
  createdAt: string;
  createdBy: string;
  /** The object as `GET` returned it right after the mutation (full variants, no `state`). */
  flagConfig: JsonObject;
}

/** The next ids to hand out. Flags and experiments share one sequence; deployments have their own. */
export interface StateCounters {
  nextConfigId: number;
  nextDeploymentId: number;
}

/** The whole emulator state, as read and replaced through `/__admin/state`. Arrays are in creation order. */
export interface EmulatorState {
  counters: StateCounters;
  flags: StoredConfig[];
  experiments: StoredConfig[];
  deployments: StoredDeployment[];
  versions: StoredVersion[];
}

/** Where id sequences start: different ranges for objects and deployments, so a client mixing them up fails. */
export const INITIAL_COUNTERS: StateCounters = { nextConfigId: 10001, nextDeploymentId: 501 };

/** An empty state. */
export function emptyState(): EmulatorState {
  return { counters: { ...INITIAL_COUNTERS }, flags: [], experiments: [], deployments: [], versions: [] };
}
