/**
 * The Amplitude Experiment Management API client: typed endpoints, schemas, regions. Re-exports only.
 * @see https://amplitude.com/docs/apis/experiment/experiment-management-api
 */

// Client
export { amplitudeClient } from "./client";
export type { AmplitudeClient, AmplitudeClientOptions } from "./client";
export type {
  CohortsApi, ConfigObjectsApi, CreateConfigObjectBody, LinksApi, ListParams, UsersApi, VariantsApi,
} from "./config-objects";
export type { DeploymentsApi } from "./deployments";

// Regions and routes
export { REGION_BASE_URLS, resolveBaseUrl } from "./regions";
export type { AmplitudeRegion } from "./regions";
export { BULK_DELETE_CHUNK, configRoutes, PAGE_LIMIT, ROUTES } from "./paths";
export type { ConfigResource } from "./paths";
export { AMPLITUDE_REMEDIES, amplitudeIsNotFound } from "./remedies";

// Schemas and object types
export * from "./schemas";

// Errors (from core, so resource code needs one import)
export { ApiError, ErrorCode, isAlreadyExists, isApiError, isNotFound, isRateLimited } from "../../core";
