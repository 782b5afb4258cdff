import { z } from "zod";
import { isReplaySafePatch, Secret, type JsonPatchOperation, type Now, type Sleep } from "../../core";
import { permissionGroupEndpoints, type PermissionGroupsApi } from "./permission-groups";
import { preferencesEndpoints, type PreferencesApi } from "./preferences";
import { reconciler } from "./reconcile";
import { createRequester, type Requester } from "./requester";
import { ROUTES } from "./routes";
import {
  ConfigSchema, ConfigSettingFormulasSchema, EnvironmentSchema, MeSchema, OrganizationSchema, ProductSchema, SdkKeysSchema,
  SegmentListItemSchema, SegmentSchema, SettingFormulaSchema, SettingSchema, SingleSettingFormulaSchema, TagSchema,
  type Config, type Environment, type Organization, type Product, type SdkKeys, type Segment, type SegmentListItem, type Setting,
  type SettingFormula, type SingleSettingFormula, type Tag, type ValueModel,
} from "./schemas";
import type { SettingType } from "./setting-types";
import { batchedValueWrite } from "./value-batches";
import { valuesV1Endpoints, type ValuesV1Api } from "./values-v1";
import { webhookEndpoints, type WebhooksApi } from "./webhooks";

/** The public ConfigCat API host. */
export const CONFIGCAT_BASE_URL = "https://api.configcat.com";

/** Options of {@link configcatClient}. Everything except the credential has a safe default. */
export interface ConfigCatClientOptions {
  /** Public API credential user name (`configcat:basicAuthUsername`). */
  basicAuthUsername: string;
  /** Its password (`configcat:basicAuthPassword`); kept in a redacting holder, never in errors or dumps. */
  basicAuthPassword: string;
  /** Base URL (the emulator, a proxy). @default "https://api.configcat.com" */
  serverUrl?: string;
  /**
   * Requests per second per endpoint (method + path template), shared by every client of this server and credential
   * in the process. @default 15 (ConfigCat documents "around 20 per second … for each endpoint")
   */
  requestsPerSecond?: number;
  /** Requests per minute per endpoint. @default 450 (documented: around 500 per minute for each endpoint) */
  requestsPerMinute?: number;
  /** Requests on the wire at once. @default 8 */
  maxInFlight?: number;
  /** Attempts per request, the first included. @default 10 */
  maxAttempts?: number;
  /** Backoff base in milliseconds (full jitter). @default 500 */
  retryBaseDelayMs?: number;
  /** Backoff cap in milliseconds. @default 30000 */
  retryMaxDelayMs?: number;
  /** Longest `Retry-After` accepted; a longer one fails at once with the wait in the message. @default 120000 */
  maxRetryAfterMs?: number;
  /** Per-attempt timeout in milliseconds. @default 30000 */
  timeoutMs?: number;
  /** Test seam: how to wait. @default a setTimeout-based sleep */
  sleep?: (ms: number) => Promise<void>;
  /** Test seam: the clock in epoch milliseconds. @default Date.now */
  now?: () => number;
  /** Test seam: random source in [0, 1) for backoff jitter. @default Math.random */
  random?: () => number;
}

/** Fields of a product, config, environment, tag or segment create/update (`Create*Request` / `Update*Request`). */
export interface NamedBody {
  name: string;
  description?: string | null;
  order?: number | null;
}

/** Body of a flag create (`CreateSettingInitialValues`). */
export interface CreateSettingBody {
  key: string;
  name: string;
  settingType: SettingType;
  hint?: string | null;
  order?: number | null;
  isJson?: boolean;
  tags?: number[];
}

/** Body of a V2 value write (`UpdateEvaluationFormulaModel`, a full replace). */
export interface EvaluationFormulaBody {
  defaultValue: ValueModel;
  targetingRules: unknown[];
  percentageEvaluationAttribute?: string | null;
}

/** Query of a V2 value write. */
export interface ValueWriteOptions {
  /** The mandatory note (`?reason=`). */
  reason?: string;
  /** `?bypassApproval=true` where approval is required. */
  bypassApproval?: boolean;
  /** `?latestVersionId=`: the write fails with 409 if the value changed since this version. */
  latestVersionId?: string;
}

/** Operations on a collection whose objects are named within a parent. */
export interface CollectionApi<T, Id, Body> {
  get(id: Id): Promise<T>;
  update(id: Id, body: Body): Promise<T>;
  delete(id: Id, query?: Record<string, string | boolean | undefined>): Promise<void>;
}

/** A typed ConfigCat Public Management API client for one credential. */
export interface ConfigCatClient {
  /** `GET /v1/me`: who the credential acts as. */
  me(): Promise<{ email: string; fullName: string }>;
  /** `GET /v1/organizations`. */
  organizations(): Promise<Organization[]>;
  readonly products: CollectionApi<Product, string, NamedBody> & {
    /** `GET /v1/products`: every product of the user, unpaginated. */
    list(): Promise<Product[]>;
    /** `POST /v1/organizations/{organizationId}/products`; never replayed, `reconcile` decides after an ambiguous failure. */
    create(organizationId: string, body: NamedBody, reconcile?: () => Promise<Product | undefined>): Promise<Product>;
  };
  readonly configs: CollectionApi<Config, string, NamedBody> & {
    list(productId: string): Promise<Config[]>;
    create(productId: string, body: NamedBody & { evaluationVersion: "v1" | "v2" }, reconcile?: () => Promise<Config | undefined>): Promise<Config>;
  };
  readonly environments: CollectionApi<Environment, string, NamedBody & { color?: string | null }> & {
    list(productId: string): Promise<Environment[]>;
    create(productId: string, body: NamedBody & { color?: string | null }, reconcile?: () => Promise<Environment | undefined>): Promise<Environment>;
  };
  readonly tags: CollectionApi<Tag, number, { name: string; color?: string | null }> & {
    list(productId: string): Promise<Tag[]>;
    create(productId: string, body: { name: string; color?: string | null }, reconcile?: () => Promise<Tag | undefined>): Promise<Tag>;
  };
  readonly segments: CollectionApi<Segment, string, SegmentBody> & {
    /** `SegmentListModel`s: no comparison members. */
    list(productId: string): Promise<SegmentListItem[]>;
    create(productId: string, body: SegmentBody, reconcile?: () => Promise<Segment | undefined>): Promise<Segment>;
  };
  readonly settings: {
    list(configId: string): Promise<Setting[]>;
    get(settingId: number): Promise<Setting>;
    create(configId: string, body: CreateSettingBody, reconcile?: () => Promise<Setting | undefined>): Promise<Setting>;
    /**
     * `PATCH /v1/settings/{settingId}` with JSON Patch operations. A patch of `replace`/`test` only is replayed after an
     * ambiguous failure; any other needs `reconcile` (a replayed `add /tags/-` would duplicate).
     */
    patch(settingId: number, ops: readonly JsonPatchOperation[], reconcile?: () => Promise<Setting | undefined>): Promise<Setting>;
    delete(settingId: number): Promise<void>;
  };
  /** `GET /v1/configs/{configId}/environments/{environmentId}`. */
  sdkKeys(configId: string, environmentId: string): Promise<SdkKeys>;
  readonly values: {
    /** `GET /v2/environments/{environmentId}/settings/{settingId}/value`: the value, the flag's type and (when named) its config. */
    get(environmentId: string, settingId: number): Promise<SingleSettingFormula>;
    /** `PUT` the same path: a full replace (replayable). */
    replace(environmentId: string, settingId: number, body: EvaluationFormulaBody, options?: ValueWriteOptions): Promise<SettingFormula>;
    /**
     * The same full replace, sent in a batch: writes of this credential to the same config × environment with the same
     * `reason` and `bypassApproval`, arriving within `VALUE_BATCH_WINDOW_MS` (50 ms) of the batch's first (longer while
     * the previous batch is unanswered), go as one `POST /v2/configs/{configId}/environments/{environmentId}/values` of
     * at most 100 flags; a batch of one is the PUT. When the server refuses the batch (4xx), each flag is written by its
     * own PUT, so an error names its flag. A write with `latestVersionId` is never batched (a PUT at once).
     * @param configId - the flag's config.
     * @returns the flag's value as the server answered it, as {@link replace} does.
     */
    replaceBatched(configId: string, environmentId: string, settingId: number, body: EvaluationFormulaBody, options?: ValueWriteOptions): Promise<SettingFormula>;
    /** `GET /v2/configs/{configId}/environments/{environmentId}/values`: every flag's value in that environment. */
    list(configId: string, environmentId: string): Promise<SettingFormula[]>;
  };
  /** A product's preferences (`/v1/products/{productId}/preferences`). */
  readonly preferences: PreferencesApi;
  /** V1 values (`/v1/environments/{environmentId}/settings/{settingId}/value`), for configs with `evaluationVersion: v1`. */
  readonly valuesV1: ValuesV1Api;
  /** Webhooks and their signing keys. */
  readonly webhooks: WebhooksApi;
  /** Permission groups. */
  readonly permissionGroups: PermissionGroupsApi;
  /** Requests sent by clients of this server and credential in this process (retries included). */
  requestCount(): number;
  /** The base URL. */
  readonly baseUrl: string;
}

/** Body of a segment create/update. */
export interface SegmentBody {
  name: string;
  description?: string | null;
  comparisonAttribute: string;
  comparator: string;
  comparisonValue: string;
}

/**
 * Creates a client for one ConfigCat credential. Cheap: clients of the same (server, credential) share one
 * per-endpoint limiter and in-flight bound through a `globalThis` registry, so building one per resource operation is
 * the intended use. Errors never carry the password or the `Authorization` value.
 * @param options - credential and tuning; see {@link ConfigCatClientOptions}.
 * @throws TypeError when the credential is empty or the server URL invalid.
 * @see https://api.configcat.com/docs
 */
export function configcatClient(options: ConfigCatClientOptions): ConfigCatClient {
  if (!options.basicAuthUsername || !options.basicAuthPassword) {
    throw new TypeError("configcatClient: basicAuthUsername and basicAuthPassword are required (set configcat:basicAuthUsername and configcat:basicAuthPassword)");
  }
  const baseUrl = (options.serverUrl ?? CONFIGCAT_BASE_URL).replace(/\/+$/, "");
  new URL(baseUrl); // throws TypeError on an invalid URL
  const http: Requester = createRequester({
    baseUrl, username: options.basicAuthUsername, password: new Secret(options.basicAuthPassword),
    requestsPerSecond: options.requestsPerSecond ?? 15, requestsPerMinute: options.requestsPerMinute ?? 450, maxInFlight: options.maxInFlight ?? 8,
    maxAttempts: options.maxAttempts, retryBaseDelayMs: options.retryBaseDelayMs, retryMaxDelayMs: options.retryMaxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs, timeoutMs: options.timeoutMs, sleep: options.sleep as Sleep | undefined, now: options.now as Now | undefined,
    random: options.random,
  });
  const del = async (what: string, route: string, params: Record<string, string | number>, query?: Record<string, string | boolean | undefined>) => {
    await http.send({ what, method: "DELETE", route, params, query });
  };
  const replace = (environmentId: string, settingId: number, body: EvaluationFormulaBody, o: ValueWriteOptions = {}) =>
    http.json({
      what: "replace flag value", method: "PUT", route: ROUTES.valueV2, params: { environmentId, settingId }, body,
      query: { reason: o.reason || undefined, bypassApproval: o.bypassApproval ? true : undefined, latestVersionId: o.latestVersionId },
    }, SettingFormulaSchema);
  const values: ConfigCatClient["values"] = {
    get: (environmentId: string, settingId: number) =>
      http.json({ what: "get flag value", method: "GET", route: ROUTES.valueV2, params: { environmentId, settingId } }, SingleSettingFormulaSchema),
    replace,
    replaceBatched: (configId, environmentId, settingId, body, o = {}) => o.latestVersionId
      ? replace(environmentId, settingId, body, o)
      : batchedValueWrite({
        configId, environmentId, settingId, body, reason: o.reason, bypassApproval: o.bypassApproval, http,
        replace: () => replace(environmentId, settingId, body, o),
      }),
    list: async (configId: string, environmentId: string) =>
      (await http.json({ what: "list flag values", method: "GET", route: ROUTES.valuesV2, params: { configId, environmentId } }, ConfigSettingFormulasSchema)).settingFormulas,
  };

  return {
    me: () => http.json({ what: "get current user", method: "GET", route: ROUTES.me }, MeSchema),
    organizations: () => http.json({ what: "list organizations", method: "GET", route: ROUTES.organizations }, z.array(OrganizationSchema)),
    products: {
      list: () => http.json({ what: "list products", method: "GET", route: ROUTES.products }, z.array(ProductSchema)),
      get: (productId) => http.json({ what: "get product", method: "GET", route: ROUTES.product, params: { productId } }, ProductSchema),
      create: (organizationId, body, find) =>
        http.json({ what: "create product", method: "POST", route: ROUTES.organizationProducts, params: { organizationId }, body, reconcile: reconciler(find) }, ProductSchema),
      update: (productId, body) => http.json({ what: "update product", method: "PUT", route: ROUTES.product, params: { productId }, body }, ProductSchema),
      delete: (productId) => del("delete product", ROUTES.product, { productId }),
    },
    configs: {
      list: (productId) => http.json({ what: "list configs", method: "GET", route: ROUTES.productConfigs, params: { productId } }, z.array(ConfigSchema)),
      get: (configId) => http.json({ what: "get config", method: "GET", route: ROUTES.config, params: { configId } }, ConfigSchema),
      create: (productId, body, find) =>
        http.json({ what: "create config", method: "POST", route: ROUTES.productConfigs, params: { productId }, body, reconcile: reconciler(find) }, ConfigSchema),
      update: (configId, body) => http.json({ what: "update config", method: "PUT", route: ROUTES.config, params: { configId }, body }, ConfigSchema),
      delete: (configId) => del("delete config", ROUTES.config, { configId }),
    },
    environments: {
      list: (productId) => http.json({ what: "list environments", method: "GET", route: ROUTES.productEnvironments, params: { productId } }, z.array(EnvironmentSchema)),
      get: (environmentId) => http.json({ what: "get environment", method: "GET", route: ROUTES.environment, params: { environmentId } }, EnvironmentSchema),
      create: (productId, body, find) =>
        http.json({ what: "create environment", method: "POST", route: ROUTES.productEnvironments, params: { productId }, body, reconcile: reconciler(find) }, EnvironmentSchema),
      update: (environmentId, body) => http.json({ what: "update environment", method: "PUT", route: ROUTES.environment, params: { environmentId }, body }, EnvironmentSchema),
      delete: (environmentId, query) => del("delete environment", ROUTES.environment, { environmentId }, query),
    },
    tags: {
      list: (productId) => http.json({ what: "list tags", method: "GET", route: ROUTES.productTags, params: { productId } }, z.array(TagSchema)),
      get: (tagId) => http.json({ what: "get tag", method: "GET", route: ROUTES.tag, params: { tagId } }, TagSchema),
      create: (productId, body, find) =>
        http.json({ what: "create tag", method: "POST", route: ROUTES.productTags, params: { productId }, body, reconcile: reconciler(find) }, TagSchema),
      update: (tagId, body) => http.json({ what: "update tag", method: "PUT", route: ROUTES.tag, params: { tagId }, body }, TagSchema),
      delete: (tagId) => del("delete tag", ROUTES.tag, { tagId }),
    },
    segments: {
      list: (productId) => http.json({ what: "list segments", method: "GET", route: ROUTES.productSegments, params: { productId } }, z.array(SegmentListItemSchema)),
      get: (segmentId) => http.json({ what: "get segment", method: "GET", route: ROUTES.segment, params: { segmentId } }, SegmentSchema),
      create: (productId, body, find) =>
        http.json({ what: "create segment", method: "POST", route: ROUTES.productSegments, params: { productId }, body, reconcile: reconciler(find) }, SegmentSchema),
      update: (segmentId, body) => http.json({ what: "update segment", method: "PUT", route: ROUTES.segment, params: { segmentId }, body }, SegmentSchema),
      delete: (segmentId) => del("delete segment", ROUTES.segment, { segmentId }),
    },
    settings: {
      list: (configId) => http.json({ what: "list flags", method: "GET", route: ROUTES.configSettings, params: { configId } }, z.array(SettingSchema)),
      get: (settingId) => http.json({ what: "get flag", method: "GET", route: ROUTES.setting, params: { settingId } }, SettingSchema),
      create: (configId, body, find) =>
        http.json({ what: "create flag", method: "POST", route: ROUTES.configSettings, params: { configId }, body, reconcile: reconciler(find) }, SettingSchema),
      patch: (settingId, ops, find) => {
        if (!isReplaySafePatch(ops) && !find) throw new Error("patching a flag with non-replayable operations needs a reconciler");
        return http.json({
          what: "update flag", method: "PATCH", route: ROUTES.setting, params: { settingId }, body: ops,
          reconcile: isReplaySafePatch(ops) ? undefined : reconciler(find),
        }, SettingSchema);
      },
      delete: (settingId) => del("delete flag", ROUTES.setting, { settingId }),
    },
    sdkKeys: (configId, environmentId) =>
      http.json({ what: "get SDK keys", method: "GET", route: ROUTES.sdkKeys, params: { configId, environmentId } }, SdkKeysSchema),
    values,
    preferences: preferencesEndpoints(http),
    valuesV1: valuesV1Endpoints(http),
    webhooks: webhookEndpoints(http),
    permissionGroups: permissionGroupEndpoints(http),
    requestCount: () => http.requestCount(),
    baseUrl,
  };
}
