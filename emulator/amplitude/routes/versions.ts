import { badRequest } from "../../core/api-error";
import { jsonReply } from "../../core/reply";
import type { Router } from "../../core/router";
import { requireConfig, type RouteEntry } from "../context";
import type { ConfigKind } from "../model";
import { pageBody, parsePageRequest } from "../pagination";
import { versionView } from "../views";
import { COLLECTION } from "./collection";

/**
 * Registers per-object version routes (list newest first, get one by its number) for a collection.
 * @param router - route table
 * @param kind - which collection
 */
export function registerObjectVersionRoutes(router: Router<RouteEntry>, kind: ConfigKind): void {
  const base = `/api/1/${COLLECTION[kind]}/:id/versions`;
  router.add("GET", base, {
    scope: kind,
    handler: (ctx) => {
      const c = requireConfig(ctx, kind);
      const all = ctx.store.versionsOf(c.id);
      const out = [];
      for (let i = all.length - 1; i >= 0; i--) out.push(versionView(all[i]));
      return jsonReply(out);
    },
  });
  router.add("GET", `${base}/:versionId`, {
    scope: kind,
    handler: (ctx) => {
      const c = requireConfig(ctx, kind);
      // `versionId` is taken to be the version number (the docs do not say).
      const n = /^\d+$/.test(ctx.params.versionId) ? Number(ctx.params.versionId) : -1;
      const v = ctx.store.versionsOf(c.id).find((x) => x.version === n);
      if (!v) throw badRequest("Version not found");
      return jsonReply(versionView(v));
    },
  });
}

/**
 * Registers the global version feed `GET /api/1/versions` (start inclusive, end exclusive, newest first).
 * @param router - route table
 */
export function registerVersionFeedRoute(router: Router<RouteEntry>): void {
  router.add("GET", "/api/1/versions", {
    scope: "none",
    handler: (ctx) => {
      const page = parsePageRequest(ctx.query, ctx.settings.fidelity.maxPageSize);
      const start = isoParam(ctx.query.get("start"), "start");
      const end = isoParam(ctx.query.get("end"), "end");
      const result = ctx.store.versionFeed(ctx.projects, start, end, page.offset, page.limit);
      return jsonReply(pageBody("versions", result.items.map(versionView), result.more, page, ctx.settings.fidelity));
    },
  });
}

/** Normalises an ISO 8601 bound to the stored timestamp format so bounds compare as strings. */
function isoParam(raw: string | null, name: string): string | undefined {
  if (raw === null || raw === "") return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw badRequest(`"${name}" must be a valid ISO 8601 date`);
  return new Date(ms).toISOString();
}
