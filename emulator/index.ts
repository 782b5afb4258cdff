/*
 * Public surface of the emulator package (`pulumi-feature-flags/emulator`).
 */

// Starting and stopping
export { startAmplitudeEmulator, type RunningEmulator } from "./amplitude/server";
export { startConfigCatEmulator, type RunningConfigCatEmulator } from "./configcat/server";
export { ConfigCatApp } from "./configcat/app";
export type {
  ConfigCatEmulatorOptions, ConfigCatFidelity, ConfigCatLimits, ConfigCatOrganization, ConfigCatUser,
} from "./configcat/options";
export type { ConfigCatState } from "./configcat/model";
export { AmplitudeApp, INVALID_KEY, TOO_MANY_REQUESTS, DAILY_LIMIT_EXCEEDED } from "./amplitude/app";

// Options
export type { EmulatorOptions, EmulatorProject, FidelityOptions } from "./amplitude/options";
export { DEFAULT_PROJECTS } from "./amplitude/options";
export type { FaultOptions } from "./core/faults";

// State and observability shapes (the JSON of /__admin/state, /__admin/stats, /__admin/requests)
export type {
  EmulatorState, StoredConfig, StoredVariant, StoredDeployment, StoredVersion, ExperimentFields, StateCounters, ConfigKind,
} from "./amplitude/model";
export type { StatsSnapshot, RequestLogEntry } from "./core/request-stats";
export type { JsonValue, JsonObject } from "./core/json";
