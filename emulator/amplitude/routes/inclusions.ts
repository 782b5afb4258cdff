import { badRequest } from "../../core/api-error";
import { jsonReply, OK_TEXT, type Reply } from "../../core/reply";
import type { Router } from "../../core/router";
import { asObject, optStringArray } from "../../core/validate";
import { requireConfig, type RequestContext, type RouteEntry } from "../context";
import { MAX_BULK_DELETE, MAX_INCLUSIONS_PER_VARIANT } from "../input/rules";
import type { ConfigKind, StoredConfig, StoredVariant } from "../model";
import { COLLECTION } from "./collection";
import { requireVariant } from "./variants";

/**
 * Registers user and cohort inclusions of a variant: list, add, clear, delete by index, bulk delete.
 * @param router - route table
 * @param kind - which collection
 */
export function registerInclusionRoutes(router: Router<RouteEntry>, kind: ConfigKind): void {
  const base = `/api/1/${COLLECTION[kind]}/:id/variants/:variantKey`;
  const r = (method: string, path: string, handler: (ctx: RequestContext, c: StoredConfig, v: StoredVariant) => Reply): void => {
    router.add(method, `${base}${path}`, {
      scope: kind,
      handler: (ctx) => {
        const c = requireConfig(ctx, kind);
        return handler(ctx, c, requireVariant(c, ctx.params.variantKey));
      },
    });
  };
  r("GET", "/users", (_ctx, _c, v) => jsonReply([...v.inclusions]));
  r("POST", "/users", (ctx, c, v) => {
    const ids = readIds(ctx, "inclusions");
    // Duplicates (already present or repeated) are skipped: an inclusion list is a set in insertion order.
    const merged = [...new Set([...v.inclusions, ...ids])];
    if (merged.length > MAX_INCLUSIONS_PER_VARIANT) {
      throw badRequest(`A variant cannot have more than ${MAX_INCLUSIONS_PER_VARIANT} inclusions`);
    }
    v.inclusions = merged;
    return commit(ctx, c);
  });
  r("DELETE", "/users", (ctx, c, v) => {
    v.inclusions = [];
    return commit(ctx, c);
  });
  r("DELETE", "/users/:userIndex", (ctx, c, v) => {
    const raw = ctx.params.userIndex;
    const index = /^\d+$/.test(raw) ? Number(raw) : -1;
    if (index < 0 || index >= v.inclusions.length) throw badRequest("User index out of range");
    v.inclusions.splice(index, 1);
    return commit(ctx, c);
  });
  r("DELETE", "/bulk-delete-users", (ctx, c, v) => {
    const ids = new Set(readIds(ctx, "users", MAX_BULK_DELETE));
    v.inclusions = v.inclusions.filter((id) => !ids.has(id)); // ids not present are ignored
    return commit(ctx, c);
  });
  r("GET", "/cohorts", (_ctx, _c, v) => jsonReply([...v.cohorts]));
  r("POST", "/cohorts", (ctx, c, v) => {
    v.cohorts = [...new Set([...v.cohorts, ...readIds(ctx, "inclusions")])];
    return commit(ctx, c);
  });
  r("DELETE", "/bulk-delete-cohorts", (ctx, c, v) => {
    // The body key is `users` here too (sic, documented); a cohort not in the list fails, as observed live.
    const ids = readIds(ctx, "users", MAX_BULK_DELETE);
    if (ids.some((id) => !v.cohorts.includes(id))) throw badRequest("There are no users for this key");
    const drop = new Set(ids);
    v.cohorts = v.cohorts.filter((id) => !drop.has(id));
    return commit(ctx, c);
  });
}

function readIds(ctx: RequestContext, field: string, max?: number): string[] {
  const ids = optStringArray(asObject(ctx.body), field, "", true);
  if (ids === undefined) throw badRequest(`"${field}" is required`);
  if (max !== undefined && ids.length > max) throw badRequest(`"${field}" must contain less than or equal to ${max} items`);
  ids.forEach((id, i) => {
    if (id === "") throw badRequest(`"${field}[${i}]" is not allowed to be empty`);
  });
  return ids;
}

function commit(ctx: RequestContext, c: StoredConfig): Reply {
  c.lastModifiedBy = ctx.settings.actor;
  ctx.store.commit(c);
  return OK_TEXT;
}
