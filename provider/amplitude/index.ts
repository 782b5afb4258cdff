// The Amplitude Experiment resources. The API client is exported for scripts and tests; the resources are
// what stack programs use.
export { Deployment, type DeploymentArgs } from "./resources/deployment";
export { Experiment, type ExperimentArgs, type ExposureFilterArgs } from "./resources/experiment";
export { Flag, type FlagArgs } from "./resources/flag";
export type {
  CommonArgs,
  ConditionArgs,
  ConfigObjectArgs,
  DeletionPolicy,
  JsonValue,
  SegmentArgs,
  VariantArgs,
} from "./resources/args";
export type { LiveVariant } from "./resources/live-state";
export { settingSources, type AmplitudeSettings } from "./config";
export * as api from "./api";
