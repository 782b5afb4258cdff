import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { ApiError } from "../core/api-error";
import { adminRouter, parseAdminBody, serveAdmin } from "../core/admin";
import { jsonReply } from "../core/reply";
import type { AmplitudeApp } from "./app";
import { resolveFidelity } from "./options";
import { parseEmulatorState } from "./state-schema";
import type { JsonValue } from "../core/json";

/*
 * The admin API (`/__admin/...`): the shared routes and handling of emulator/core/admin.ts, plus projects,
 * keys, limits, state and fidelity.
 */

const projectsSchema = z.array(z.strictObject({ id: z.string().min(1), keys: z.array(z.string().min(1)), groupTypes: z.array(z.string()).optional() }));
const limitsSchema = z.strictObject({
  rateLimitPerSecond: z.number().int().min(0).optional(),
  dailyLimit: z.number().int().min(0).optional(),
  retryAfterHeader: z.boolean().optional(),
  usedToday: z.record(z.string(), z.number().int().min(0)).optional(),
});
const fidelitySchema = z.strictObject({
  variantsInLists: z.enum(["full", "keys"]).optional(),
  lastPageCursor: z.enum(["absent", "null"]).optional(),
  archivedKeepKey: z.boolean().optional(),
  errorBody: z.enum(["error", "message", "error-message", "errors", "hapi", "text"]).optional(),
  filterAfterPaging: z.boolean().optional(),
  maxPageSize: z.number().int().min(1).max(1000).optional(),
  writeOnlyExposureEvent: z.boolean().optional(),
  arrayOrder: z.enum(["stored", "reversed"]).optional(),
  listsWithoutTimestamps: z.boolean().optional(),
  deploymentLabels: z.enum(["shared", "unique"]).optional(),
});

function limitsView(app: AmplitudeApp): JsonValue {
  const l = app.limiter.current;
  const usedToday: Record<string, number> = {};
  for (const p of app.getProjects()) usedToday[p.id] = app.limiter.usedToday(p.id);
  return { rateLimitPerSecond: l.perSecond, dailyLimit: l.perDay, retryAfterHeader: app.retryAfterHeader, usedToday };
}

const router = adminRouter<AmplitudeApp>()
  .add("GET", "/__admin/state", (app) => jsonReply(app.store.snapshot() as unknown as JsonValue))
  .add("PUT", "/__admin/state", (app, body) => {
    const parsed = parseEmulatorState(body);
    if (!parsed.ok) throw new ApiError(400, parsed.message);
    app.store.replace(parsed.state);
    return jsonReply({ ok: true });
  })
  .add("GET", "/__admin/projects", (app) => jsonReply(app.getProjects() as unknown as JsonValue))
  .add("PUT", "/__admin/projects", (app, body) => {
    app.setProjects(parseAdminBody(projectsSchema, body));
    return jsonReply(app.getProjects() as unknown as JsonValue);
  })
  .add("GET", "/__admin/limits", (app) => jsonReply(limitsView(app)))
  .add("PUT", "/__admin/limits", (app, body) => {
    const l = parseAdminBody(limitsSchema, body ?? {});
    if (l.rateLimitPerSecond !== undefined || l.dailyLimit !== undefined) {
      const cur = app.limiter.current;
      app.limiter.setLimits({ perSecond: l.rateLimitPerSecond ?? cur.perSecond, perDay: l.dailyLimit ?? cur.perDay });
    }
    if (l.retryAfterHeader !== undefined) app.retryAfterHeader = l.retryAfterHeader;
    for (const [project, used] of Object.entries(l.usedToday ?? {})) app.limiter.setUsedToday(project, used);
    return jsonReply(limitsView(app));
  })
  .add("GET", "/__admin/fidelity", (app) => jsonReply({ ...app.settings.fidelity }))
  .add("PUT", "/__admin/fidelity", (app, body) => {
    app.settings.fidelity = resolveFidelity({ ...app.settings.fidelity, ...parseAdminBody(fidelitySchema, body ?? {}) });
    return jsonReply({ ...app.settings.fidelity });
  });

export async function handleAdmin(app: AmplitudeApp, req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<void> {
  return serveAdmin(router, app, req, res, method, path);
}
