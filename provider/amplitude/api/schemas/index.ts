/** Zod schemas and inferred types of the Amplitude Management API objects. Re-exports only. */
export { CreatedSchema, CursorSchema, IdSchema, StringListSchema } from "./common";
export type { Created, KnownFields } from "./common";
export { FlagListSchema, FlagSchema } from "./flag";
export type { FlagObject } from "./flag";
export { ExperimentListSchema, ExperimentSchema } from "./experiment";
export type { ExperimentObject } from "./experiment";
export { VariantSchema } from "./variant";
export type { VariantBody, VariantObject } from "./variant";
export { ConditionSchema, SegmentSchema } from "./segment";
export type { ConditionObject, SegmentObject } from "./segment";
export { DeploymentArraySchema, DeploymentCreatedSchema, DeploymentListSchema, DeploymentSchema } from "./deployment";
export type { DeploymentObject } from "./deployment";
export { VersionArraySchema, VersionEntrySchema, VersionListSchema } from "./version";
export type { VersionEntry } from "./version";
