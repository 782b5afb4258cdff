import { ApiError, badRequest } from "../core/api-error";
import type { Random } from "../core/prng";
import type { Reply } from "../core/reply";
import type { ConfigKind, StoredConfig, StoredDeployment } from "./model";
import type { EmulatorProject, ResolvedFidelity } from "./options";
import type { Store } from "./store";

/** Runtime settings route handlers read; the admin API may change them between requests. */
export interface AppSettings {
  fidelity: ResolvedFidelity;
  projects: Map<string, EmulatorProject>;
  random: Random;
  actor: string;
}

/** Everything a route handler gets for one request. */
export interface RequestContext {
  readonly method: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Parsed JSON body, `undefined` when empty. */
  readonly body: unknown;
  /** Projects the caller's key may access. */
  readonly projects: ReadonlySet<string>;
  readonly store: Store;
  readonly settings: AppSettings;
}

/** A route handler: synchronous, because the whole state is in memory. */
export type Handler = (ctx: RequestContext) => Reply;

/** What a route's `:id` refers to, so the app can attribute the request to the object's project up front. */
export type RouteScope = ConfigKind | "deployment" | "none";

/** A route table entry. */
export interface RouteEntry {
  readonly handler: Handler;
  readonly scope: RouteScope;
}

/** The message for an unknown flag or experiment id (observed live; there is no 404). */
export const NOT_FOUND_CONFIG = "Flag or experiment not found";
/** The message for an unknown deployment id. */
export const NOT_FOUND_DEPLOYMENT = "Deployment not found";
/** The message for a key that does not cover the project. */
export const FORBIDDEN_PROJECT = "API key does not have access to this project";

/**
 * Looks up the flag or experiment named by `:id`.
 * @param ctx - request context
 * @param kind - collection in the path
 * @throws ApiError 400 when unknown, 403 when in a project the key cannot access
 */
export function requireConfig(ctx: RequestContext, kind: ConfigKind): StoredConfig {
  const c = ctx.store.getConfig(kind, ctx.params.id);
  if (!c) throw badRequest(NOT_FOUND_CONFIG);
  if (!ctx.projects.has(c.projectId)) throw new ApiError(403, FORBIDDEN_PROJECT);
  return c;
}

/**
 * Looks up a deployment by id.
 * @param ctx - request context
 * @param id - deployment id
 * @throws ApiError 400 when unknown, 403 when in a project the key cannot access
 */
export function requireDeployment(ctx: RequestContext, id: string): StoredDeployment {
  const d = ctx.store.getDeployment(id);
  if (!d) throw badRequest(NOT_FOUND_DEPLOYMENT);
  if (!ctx.projects.has(d.projectId)) throw new ApiError(403, FORBIDDEN_PROJECT);
  return d;
}

/**
 * Requires access to a project named in a body or query.
 * @param ctx - request context
 * @param projectId - project id
 * @throws ApiError 403 when the key does not cover it
 */
export function requireProject(ctx: RequestContext, projectId: string): void {
  if (!ctx.projects.has(projectId)) throw new ApiError(403, FORBIDDEN_PROJECT);
}
