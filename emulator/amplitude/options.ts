import type { FaultOptions } from "../core/faults";
import { DEFAULT_FAULT_SEED } from "../core/faults";
import type { ErrorBodyShape } from "../core/reply";

/** A project the emulator serves and the management API keys authorised for it. */
export interface EmulatorProject {
  /** Project id (a numeric string, as the real API uses). */
  id: string;
  /** Management API keys that may access this project. A key may appear in several projects. */
  keys: string[];
  /**
   * Group types configured for the project (Accounts add-on); `bucketingUnit` must be `User` or one of
   * these, as observed live ("Invalid bucketing unit").
   * @default []
   */
  groupTypes?: string[];
}

/**
 * Switches for behaviours the documentation leaves open, so a client can be tested against every
 * plausible reading.
 */
export interface FidelityOptions {
  /**
   * Variants inside flag/experiment list and get bodies: every field, or `{key}` only as in the docs'
   * examples. The variants sub-resource always returns every field.
   * @default "full"
   */
  variantsInLists?: "full" | "keys";
  /**
   * The last page of a paginated list: `nextCursor` left out, or present as `null`.
   * @default "absent"
   */
  lastPageCursor?: "absent" | "null";
  /**
   * Archived flags/experiments keep their key (a new object cannot reuse it); `false` releases it.
   * @default true
   */
  archivedKeepKey?: boolean;
  /**
   * Deployment labels: several deployments of a project may share one (`shared`), or a label is held by at
   * most one unarchived deployment (`unique`: create, rename and restore are refused otherwise). The docs do
   * not say (reference §7.2).
   * @default "shared"
   */
  deploymentLabels?: "shared" | "unique";
  /**
   * Shape of every error body (undocumented, reference §2.2): `{"error": m}`, `{"message": m}`,
   * `{"error": "Bad Request", "message": m}`, `{"errors": [{"message": m}]}`, hapi's
   * `{"statusCode", "error", "message"}`, or plain text.
   * @default "error"
   */
  errorBody?: ErrorBodyShape;
  /**
   * Pages are cut from the unfiltered list and filtered afterwards (`key`, `projectId`, `includeArchived`), so a
   * page may be short or empty while `nextCursor` still points further. The docs do not say which.
   * @default false
   */
  filterAfterPaging?: boolean;
  /**
   * Largest page the server returns, whatever `limit` asks (the docs say "capped at 1000"; a server may cap lower).
   * @default 1000
   */
  maxPageSize?: number;
  /**
   * `exposureEvent` is accepted on PATCH but not returned by GET or list (reference §3.8: undocumented).
   * @default false
   */
  writeOnlyExposureEvent?: boolean;
  /**
   * Order of the set-like arrays in flag/experiment bodies (`variants`, `deployments`, `tags`): as stored, or
   * reversed (the docs promise no order).
   * @default "stored"
   */
  arrayOrder?: "stored" | "reversed";
  /**
   * Leave `createdAt`/`lastModifiedAt` (and the audit fields) out of list items, as list examples before 2024-10 did.
   * @default false
   */
  listsWithoutTimestamps?: boolean;
}

/** Options for {@link startAmplitudeEmulator} and the app behind it. */
export interface EmulatorOptions {
  /** Port to listen on; the host is always 127.0.0.1. @default 0 (a free port) */
  port?: number;
  /** Projects and their keys. @default [{ id: "100000", keys: ["emulator-key"] }] */
  projects?: EmulatorProject[];
  /** Requests per project per sliding second; 0 disables. @default 100 */
  rateLimitPerSecond?: number;
  /** Requests per project per UTC day; 0 disables. @default 100000 */
  dailyLimit?: number;
  /** Send `Retry-After` (whole seconds) with 429s; the real API documents no headers. @default false */
  retryAfterHeader?: boolean;
  /** Fault injection. @default no faults */
  faults?: FaultOptions;
  /** Seed for fault dice, salts and deployment keys. @default 0x5eed */
  seed?: number;
  /** Fidelity switches. */
  fidelity?: FidelityOptions;
  /** Load state from this file at start (when it exists) and write it back after changes and on stop. */
  stateFile?: string;
  /** Clock in epoch ms, for tests of daily limits and timestamps. @default Date.now */
  now?: () => number;
  /** Who `createdBy`/`lastModifiedBy` name. @default "management-api@emulator.local" */
  actor?: string;
}

/** The default project, matching the CLI defaults. */
export const DEFAULT_PROJECTS: readonly EmulatorProject[] = [{ id: "100000", keys: ["emulator-key"] }];

/** Fidelity options with defaults applied. */
export type ResolvedFidelity = Required<FidelityOptions>;

/**
 * Fills fidelity defaults.
 * @param f - partial fidelity options
 */
export function resolveFidelity(f: FidelityOptions = {}): ResolvedFidelity {
  return {
    variantsInLists: f.variantsInLists ?? "full",
    lastPageCursor: f.lastPageCursor ?? "absent",
    archivedKeepKey: f.archivedKeepKey ?? true,
    deploymentLabels: f.deploymentLabels ?? "shared",
    errorBody: f.errorBody ?? "error",
    filterAfterPaging: f.filterAfterPaging ?? false,
    // At least 1: a page of nothing with a cursor that never moves would never end.
    maxPageSize: Math.max(1, Math.min(1000, Math.floor(f.maxPageSize ?? 1000))),
    writeOnlyExposureEvent: f.writeOnlyExposureEvent ?? false,
    arrayOrder: f.arrayOrder ?? "stored",
    listsWithoutTimestamps: f.listsWithoutTimestamps ?? false,
  };
}

/** Defaults for every option except the port. */
export const DEFAULTS = {
  rateLimitPerSecond: 100,
  dailyLimit: 100_000,
  retryAfterHeader: false,
  seed: DEFAULT_FAULT_SEED,
  actor: "management-api@emulator.local",
} as const;
