import type { Router } from "../../core/router";
import { requireOrganization, requireProduct, type Handler, type RequestContext } from "../context";
import { invalid } from "../errors";
import type { StoredAuditLog } from "../model";
import { auditLogView } from "../views";
import { ok } from "./shared";

/*
 * Audit logs. The emulator records value writes only (`settingValueChanged`, `why` = the `reason`
 * note). v2 pages (`pageNumber` ≥ 1, `pageSize` 1..100, default 100); the deprecated v1 lists are
 * unpaged. Newest first.
 */

function filtered(ctx: RequestContext, base: (a: StoredAuditLog) => boolean): StoredAuditLog[] {
  const q = ctx.query;
  const date = (name: string): number | undefined => {
    const v = q.get(name);
    if (!v) return undefined;
    const t = Date.parse(v);
    if (Number.isNaN(t)) throw invalid(name, `The value '${v}' is not valid.`);
    return t;
  };
  const from = date("fromUtcDateTime");
  const to = date("toUtcDateTime");
  const configId = q.get("configId")?.toLowerCase();
  const environmentId = q.get("environmentId")?.toLowerCase();
  const productId = q.get("productId")?.toLowerCase();
  const type = q.get("auditLogType");
  return ctx.store.auditLogs
    .filter((a) => {
      const t = Date.parse(a.auditLogDateTime);
      return base(a) && (!configId || a.configId === configId) && (!environmentId || a.environmentId === environmentId) &&
        (!productId || a.productId === productId) && (!type || a.auditLogTypeEnum === type) && (from === undefined || t >= from) && (to === undefined || t <= to);
    })
    .reverse();
}

function paged(ctx: RequestContext, items: StoredAuditLog[]): ReturnType<typeof ok> {
  const int = (name: string, def: number, min: number, max: number): number => {
    const v = ctx.query.get(name);
    if (v === null || v === "") return def;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw invalid(name, `The field ${name} must be between ${min} and ${max}.`);
    return n;
  };
  const pageNumber = int("pageNumber", 1, 1, 2147483647);
  const pageSize = int("pageSize", 100, 1, 100);
  const totalPages = Math.ceil(items.length / pageSize);
  return ok({
    paging: { currentPage: pageNumber, totalPages, pageSize, totalCount: items.length, hasPrevious: pageNumber > 1, hasNext: pageNumber < totalPages },
    data: items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map(auditLogView),
  });
}

const productLogsV2: Handler = (ctx) => {
  const p = requireProduct(ctx);
  return paged(ctx, filtered(ctx, (a) => a.productId === p.productId));
};

const organizationLogsV2: Handler = (ctx) => {
  const org = requireOrganization(ctx);
  return paged(ctx, filtered(ctx, (a) => a.organizationId === org));
};

const productLogsV1: Handler = (ctx) => {
  const p = requireProduct(ctx);
  return ok(filtered(ctx, (a) => a.productId === p.productId).map(auditLogView));
};

const organizationLogsV1: Handler = (ctx) => {
  const org = requireOrganization(ctx);
  return ok(filtered(ctx, (a) => a.organizationId === org).map(auditLogView));
};

/**
 * Registers the routes of this module.
 * @param router - route table
 */
export function registerAuditLogRoutes(router: Router<Handler>): void {
  router
    .add("GET", "/v2/products/:productId/auditlogs", productLogsV2)
    .add("GET", "/v2/organizations/:organizationId/auditlogs", organizationLogsV2)
    .add("GET", "/v1/products/:productId/auditlogs", productLogsV1)
    .add("GET", "/v1/organizations/:organizationId/auditlogs", organizationLogsV1);
}
