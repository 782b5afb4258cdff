/**
 * The ConfigCat Public Management API client: typed endpoints and zod schemas. Re-exports only.
 * @see https://api.configcat.com/docs
 */
export { CONFIGCAT_BASE_URL, configcatClient } from "./client";
export type {
  CollectionApi, ConfigCatClient, ConfigCatClientOptions, CreateSettingBody, EvaluationFormulaBody, NamedBody, SegmentBody, ValueWriteOptions,
} from "./client";
export { resetConfigCatLimits } from "./requester";
export { VALUE_BATCH_MAX, VALUE_BATCH_WINDOW_MS } from "./value-batches";
export { ROUTES, resolveRoute } from "./routes";
export { CONFIGCAT_REMEDIES, configcatIsAlreadyExists, configcatRemedy } from "./remedies";
export * from "./schemas";
export * from "./setting-types";
export { ApiError, ErrorCode, isAlreadyExists, isApiError, isNotFound, isRateLimited } from "../../core";
export * from "./comparators";
export * from "./preferences";
export * from "./values-v1";
export * from "./webhooks";
export * from "./permission-groups";
