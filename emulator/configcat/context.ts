import type { IncomingHttpHeaders } from "node:http";
import type { Reply } from "../core/reply";
import { ConfigCatError, notFound } from "./errors";
import { isUuid } from "./fields";
import type {
  StoredConfig, StoredEnvironment, StoredPermissionGroup, StoredProduct, StoredSegment, StoredSetting, StoredTag, StoredWebhook,
} from "./model";
import type { ResolvedFidelity } from "./options";
import type { Store } from "./store";

/** The user a credential acts as. */
export interface Caller {
  readonly username: string;
  readonly email: string;
  readonly fullName: string;
  /** Organizations the user belongs to. */
  readonly organizationIds: ReadonlySet<string>;
  /** Whether `?bypassApproval=true` is honoured for this user. */
  readonly canBypassApproval: boolean;
}

/** Everything a route handler gets for one request. */
export interface RequestContext {
  readonly method: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON body, `undefined` when empty. */
  readonly body: unknown;
  readonly caller: Caller;
  readonly store: Store;
  readonly fidelity: ResolvedFidelity;
}

/** A route handler: synchronous, because the whole state is in memory. */
export type Handler = (ctx: RequestContext) => Reply;

/**
 * Parses a uuid path parameter (lower-cased).
 * @param ctx - request context
 * @param name - parameter name
 * @throws ConfigCatError 400 `{"<name>": ["The value 'x' is not valid."]}` (or 404 with `invalidIdStatus: 404`)
 */
export function uuidParam(ctx: RequestContext, name: string): string {
  const v = ctx.params[name];
  if (!isUuid(v)) throw invalidParam(ctx, name, v);
  return v.toLowerCase();
}

/**
 * Parses an integer path parameter (int32 or int64 per the id).
 * @param ctx - request context
 * @param name - parameter name
 * @throws ConfigCatError 400 (or 404 with `invalidIdStatus: 404`)
 */
export function intParam(ctx: RequestContext, name: string): number {
  const v = ctx.params[name];
  const max = name === "settingId" || name === "webhookId" ? 2147483647 : Number.MAX_SAFE_INTEGER;
  if (!/^-?\d{1,16}$/.test(v) || Math.abs(Number(v)) > max) throw invalidParam(ctx, name, v);
  return Number(v);
}

function invalidParam(ctx: RequestContext, name: string, v: string): ConfigCatError {
  if (ctx.fidelity.invalidIdStatus === 404) return new ConfigCatError(404, { "": ["Not found."] });
  return new ConfigCatError(400, { [name]: [`The value '${v}' is not valid.`] });
}

/**
 * Refuses an object outside the caller's organizations, answered like an unknown one (404) or 403.
 * @param ctx - request context
 * @param organizationId - the object's organization
 * @param what - object kind for the 404 message
 */
export function checkOrg(ctx: RequestContext, organizationId: string, what: string): void {
  if (ctx.caller.organizationIds.has(organizationId)) return;
  if (ctx.fidelity.forbiddenStatus === 403) throw new ConfigCatError(403, { "": ["You don't have permission to access this resource."] });
  throw notFound(what);
}

/** The organization of a product (stored products always have one). */
function orgOfProduct(store: Store, productId: string): string {
  return store.products.get(productId)?.organizationId ?? "";
}

/** Looks up the product named by `:productId`. */
export function requireProduct(ctx: RequestContext, id = uuidParam(ctx, "productId")): StoredProduct {
  const p = ctx.store.products.get(id);
  if (!p) throw notFound("Product");
  checkOrg(ctx, p.organizationId, "Product");
  return p;
}

/** Looks up the config named by `:configId`. */
export function requireConfig(ctx: RequestContext, id = uuidParam(ctx, "configId")): StoredConfig {
  const c = ctx.store.configs.get(id);
  if (!c) throw notFound("Config");
  checkOrg(ctx, orgOfProduct(ctx.store, c.productId), "Config");
  return c;
}

/** Looks up the environment named by `:environmentId`. */
export function requireEnvironment(ctx: RequestContext, id = uuidParam(ctx, "environmentId")): StoredEnvironment {
  const e = ctx.store.environments.get(id);
  if (!e) throw notFound("Environment");
  checkOrg(ctx, orgOfProduct(ctx.store, e.productId), "Environment");
  return e;
}

/** Looks up the flag named by `:settingId`. */
export function requireSetting(ctx: RequestContext, id = intParam(ctx, "settingId")): StoredSetting {
  const s = ctx.store.settings.get(id);
  if (!s) throw notFound("Setting");
  const c = ctx.store.configs.get(s.configId) as StoredConfig;
  checkOrg(ctx, orgOfProduct(ctx.store, c.productId), "Setting");
  return s;
}

/** Looks up the tag named by `:tagId`. */
export function requireTag(ctx: RequestContext, id = intParam(ctx, "tagId")): StoredTag {
  const t = ctx.store.tags.get(id);
  if (!t) throw notFound("Tag");
  checkOrg(ctx, orgOfProduct(ctx.store, t.productId), "Tag");
  return t;
}

/** Looks up the segment named by `:segmentId`. */
export function requireSegment(ctx: RequestContext, id = uuidParam(ctx, "segmentId")): StoredSegment {
  const s = ctx.store.segments.get(id);
  if (!s) throw notFound("Segment");
  checkOrg(ctx, orgOfProduct(ctx.store, s.productId), "Segment");
  return s;
}

/** Looks up the webhook named by `:webhookId`. */
export function requireWebhook(ctx: RequestContext, id = intParam(ctx, "webhookId")): StoredWebhook {
  const w = ctx.store.webhooks.get(id);
  if (!w) throw notFound("Webhook");
  const c = ctx.store.configs.get(w.configId) as StoredConfig;
  checkOrg(ctx, orgOfProduct(ctx.store, c.productId), "Webhook");
  return w;
}

/** Looks up the permission group named by `:permissionGroupId`. */
export function requirePermissionGroup(ctx: RequestContext, id = intParam(ctx, "permissionGroupId")): StoredPermissionGroup {
  const g = ctx.store.permissionGroups.get(id);
  if (!g) throw notFound("Permission group");
  checkOrg(ctx, orgOfProduct(ctx.store, g.productId), "Permission group");
  return g;
}

/** Looks up the organization named by `:organizationId` (only the caller's own). */
export function requireOrganization(ctx: RequestContext): string {
  const id = uuidParam(ctx, "organizationId");
  if (!ctx.store.organizations.has(id)) throw notFound("Organization");
  checkOrg(ctx, id, "Organization");
  return id;
}

/** Who owns the object a request's path (or SDK key) names, and how a caller outside it is answered. */
export interface RequestOwner {
  /** The product, for stats attribution (undefined for organization routes). */
  productId?: string;
  organizationId: string;
  /** The answer an unknown object of that kind gets, so a refusal is indistinguishable from it (made only when needed: errors capture a stack). */
  missing: () => ConfigCatError;
}

/**
 * The owner of the object a request names: the first id in the path the handler also resolves first,
 * or the `X-CONFIGCAT-SDKKEY` of the SDK-key value routes. Undefined when the request names nothing or
 * the id is unknown (the handler then answers). Never throws.
 * @param store - the store
 * @param params - path parameters
 * @param headers - request headers
 * @param fidelity - switches (the SDK-key refusal status)
 */
export function ownerOfRequest(store: Store, params: Readonly<Record<string, string>>, headers: IncomingHttpHeaders, fidelity: ResolvedFidelity): RequestOwner | undefined {
  const num = (v: string | undefined): number => (v !== undefined && /^\d{1,16}$/.test(v) ? Number(v) : NaN);
  const low = (v: string | undefined): string => (v ?? "").toLowerCase();
  const ofProduct = (productId: string | undefined, what: string): RequestOwner | undefined => {
    const p = productId === undefined ? undefined : store.products.get(productId);
    return p && { productId: p.productId, organizationId: p.organizationId, missing: () => notFound(what) };
  };
  if (params.settingKeyOrId !== undefined) {
    const pair = sdkKeyOf(headers) === undefined ? undefined : store.sdkKeyPair(sdkKeyOf(headers) as string);
    const owner = ofProduct(pair && store.configs.get(pair.configId)?.productId, "Config");
    return owner && { ...owner, missing: () => badSdkKey(fidelity, "Invalid SDK key.") };
  }
  if (params.productId) return ofProduct(low(params.productId), "Product");
  if (params.configId) return ofProduct(store.configs.get(low(params.configId))?.productId, "Config");
  if (params.environmentId) return ofProduct(store.environments.get(low(params.environmentId))?.productId, "Environment");
  if (params.settingId) {
    const s = store.settings.get(num(params.settingId));
    return ofProduct(s && store.configs.get(s.configId)?.productId, "Setting");
  }
  if (params.tagId) return ofProduct(store.tags.get(num(params.tagId))?.productId, "Tag");
  if (params.segmentId) return ofProduct(store.segments.get(low(params.segmentId))?.productId, "Segment");
  if (params.webhookId) {
    const w = store.webhooks.get(num(params.webhookId));
    return ofProduct(w && store.configs.get(w.configId)?.productId, "Webhook");
  }
  if (params.permissionGroupId) return ofProduct(store.permissionGroups.get(num(params.permissionGroupId))?.productId, "Permission group");
  if (params.organizationId && store.organizations.has(low(params.organizationId))) {
    return { organizationId: low(params.organizationId), missing: () => notFound("Organization") };
  }
  return undefined;
}

/**
 * The `X-CONFIGCAT-SDKKEY` header (first value when repeated).
 * @param headers - request headers
 */
export function sdkKeyOf(headers: IncomingHttpHeaders): string | undefined {
  const header = headers["x-configcat-sdkkey"];
  return (Array.isArray(header) ? header[0] : header) || undefined;
}

/**
 * The refusal of a missing or unknown SDK key, with the status the `badSdkKeyStatus` switch picks.
 * @param fidelity - switches
 * @param message - what was wrong
 */
export function badSdkKey(fidelity: ResolvedFidelity, message: string): ConfigCatError {
  return new ConfigCatError(fidelity.badSdkKeyStatus, { "X-CONFIGCAT-SDKKEY": [message] });
}
