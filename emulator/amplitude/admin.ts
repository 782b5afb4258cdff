import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { ApiError } from "../core/api-error";
import { parseJsonBody, readBody } from "../core/read-body";
import { errorReply, jsonReply, sendReply, type Reply } from "../core/reply";
import { Router } from "../core/router";
import type { AmplitudeApp } from "./app";
import { resolveFidelity } from "./options";
import { parseEmulatorState } from "./state-schema";
import type { JsonValue } from "../core/json";

/*
 * The admin API (`/__admin/...`): outside `/api/1`, no key needed, loopback only, never counted in stats
 * and never rate limited or faulted, so tests can always observe and steer the emulator.
 */

type AdminHandler = (app: AmplitudeApp, body: unknown) => Reply;

const probability = z.number().min(0).max(1);
const faultsSchema = z.strictObject({
  rate429: probability.optional(),
  rate500: probability.optional(),
  rate502: probability.optional(),
  rate503: probability.optional(),
  rateReset: probability.optional(),
  rateDropAfterWrite: probability.optional(),
  latencyMs: z.number().min(0).optional(),
  latencyJitterMs: z.number().min(0).optional(),
  seed: z.number().int().optional(),
});
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
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ApiError(400, `${issue.path.join(".") || "body"}: ${issue.message}`);
  }
  return r.data;
}

function limitsView(app: AmplitudeApp): JsonValue {
  const l = app.limiter.current;
  const usedToday: Record<string, number> = {};
  for (const p of app.getProjects()) usedToday[p.id] = app.limiter.usedToday(p.id);
  return { rateLimitPerSecond: l.perSecond, dailyLimit: l.perDay, retryAfterHeader: app.retryAfterHeader, usedToday };
}

const router = new Router<AdminHandler>()
  .add("GET", "/__admin/stats", (app) => jsonReply(app.stats.snapshot() as unknown as JsonValue))
  .add("POST", "/__admin/stats/reset", (app) => {
    app.stats.reset();
    return jsonReply({ ok: true });
  })
  .add("GET", "/__admin/requests", (app) => jsonReply(app.stats.requests() as unknown as JsonValue))
  .add("GET", "/__admin/faults", (app) => jsonReply({ ...app.faults.current, seed: app.faults.seed }))
  .add("PUT", "/__admin/faults", (app, body) => {
    const { seed, ...faults } = parse(faultsSchema, body ?? {});
    app.faults.configure(faults, seed);
    return jsonReply({ ...app.faults.current, seed: app.faults.seed });
  })
  .add("GET", "/__admin/state", (app) => jsonReply(app.store.snapshot() as unknown as JsonValue))
  .add("PUT", "/__admin/state", (app, body) => {
    const parsed = parseEmulatorState(body);
    if (!parsed.ok) throw new ApiError(400, parsed.message);
    app.store.replace(parsed.state);
    return jsonReply({ ok: true });
  })
  .add("GET", "/__admin/projects", (app) => jsonReply(app.getProjects() as unknown as JsonValue))
  .add("PUT", "/__admin/projects", (app, body) => {
    app.setProjects(parse(projectsSchema, body));
    return jsonReply(app.getProjects() as unknown as JsonValue);
  })
  .add("GET", "/__admin/limits", (app) => jsonReply(limitsView(app)))
  .add("PUT", "/__admin/limits", (app, body) => {
    const l = parse(limitsSchema, body ?? {});
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
    app.settings.fidelity = resolveFidelity({ ...app.settings.fidelity, ...parse(fidelitySchema, body ?? {}) });
    return jsonReply({ ...app.settings.fidelity });
  });

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/**
 * Serves one admin request.
 * @param app - the emulator
 * @param req - node request
 * @param res - node response
 * @param method - HTTP method
 * @param path - path without query
 * @internal
 */
export async function handleAdmin(app: AmplitudeApp, req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<void> {
  let reply: Reply;
  try {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? "")) throw new ApiError(403, "Admin API is only served on loopback");
    // State documents can be large: allow 64 MiB here instead of the API's 1 MiB.
    const raw = await readBody(req, 64 * 1024 * 1024);
    const match = router.match(method, path);
    if (match.kind === "not-found") throw new ApiError(404, `No such admin route: ${method} ${path}`);
    if (match.kind === "method-not-allowed") throw new ApiError(405, `Method ${method} not allowed on ${path}`);
    reply = match.handler(app, parseJsonBody(raw));
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (err.status === 413) res.shouldKeepAlive = false;
    reply = errorReply(err.status, err.message);
  }
  sendReply(res, reply);
}
