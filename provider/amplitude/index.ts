// The Amplitude Experiment resources, what stack programs use. The API client (zod schemas, typed endpoints)
// is for scripts and is exported separately, as `pulumi-feature-flags/amplitude/api`: its declarations
// pull in zod's, which do not compile under Pulumi's template tsconfig (no esModuleInterop, no skipLibCheck).
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
export { MAX_PAYLOAD_DEPTH } from "./resources/args";
export type { LiveVariant, VariantOutput } from "./resources/live-state";
export { settingSources, type AmplitudeSettings } from "./config";
export {
  getDeployment, getDeploymentOutput, getExperiment, getExperimentOutput, getFlag, getFlagOutput, listFlags, listFlagsOutput,
  type FlagSummary, type GetConfigObjectArgs, type GetConfigObjectResult, type GetDeploymentArgs, type GetDeploymentResult,
  type ListFlagsArgs, type LookupInputs, type LookupVariant,
} from "./lookups";
