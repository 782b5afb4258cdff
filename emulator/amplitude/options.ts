import type { FaultOptions } from "../core/faults";
import { DEFAULT_FAULT_SEED } from "../core/faults";

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
