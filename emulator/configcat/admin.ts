import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { ApiError } from "../core/api-error";
import type { JsonValue } from "../core/json";
import { parseJsonBody, readBody } from "../core/read-body";
import { errorReply, jsonReply, sendReply, type Reply } from "../core/reply";
import { Router } from "../core/router";
import type { ConfigCatApp } from "./app";
import { parseConfigCatState } from "./model";
import { resolveFidelity } from "./options";
import { pairKey } from "./store";

/*
 * The admin API (`/__admin/...`): no credential, loopback only, never counted, limited or faulted, so
 * tests can always observe and steer the emulator. Same shape as the Amplitude emulator's, with
 * `credentials` in place of `projects`.
 */

type AdminHandler = (app: ConfigCatApp, body: unknown, params: Record<string, string>) => Reply;

const probability = z.number().min(0).max(1);
const faultsSchema = z.strictObject({
  rate429: probability.optional(), rate500: probability.optional(), rate502: probability.optional(), rate503: probability.optional(),
  rateReset: probability.optional(), rateDropAfterWrite: probability.optional(), latencyMs: z.number().min(0).optional(),
  latencyJitterMs: z.number().min(0).optional(), seed: z.number().int().optional(),
});
const userSchema = z.strictObject({
  username: z.string().min(1), password: z.string().min(1), email: z.string().optional(), fullName: z.string().optional(),
  organizationIds: z.array(z.string()).optional(),
});
const limitsSchema = z.strictObject({ perSecond: z.number().int().min(0).optional(), perMinute: z.number().int().min(0).optional() });
const fidelitySchema = z.strictObject({
  forbiddenStatus: z.union([z.literal(404), z.literal(403)]).optional(),
  invalidIdStatus: z.union([z.literal(400), z.literal(404)]).optional(),
  hal: z.enum(["off", "on"]).optional(),
  rateLimitKey: z.enum(["template", "path", "credential"]).optional(),
  rateLimitHeaders: z.boolean().optional(),
  retryAfterHeader: z.boolean().optional(),
  updateNulls: z.enum(["keep", "clear"]).optional(),
  duplicateTagAdd: z.enum(["ignore", "error"]).optional(),
  listOrder: z.enum(["insertion", "sorted"]).optional(),
  conditionlessRules: z.enum(["trailingPercentageOnly", "anywhere"]).optional(),
  bulkResponse: z.enum(["all", "listed"]).optional(),
  errorBodies: z.enum(["modelState", "text"]).optional(),
  deleteInUse: z.enum(["refuse", "cascade"]).optional(),
  defaultEvaluationVersion: z.enum(["v1", "v2"]).optional(),
  noopPut: z.enum(["keep", "bump"]).optional(),
  patchEndOfArray: z.enum(["lastElement", "rfc"]).optional(),
});
const rotateSchema = z.strictObject({ configId: z.string(), environmentId: z.string() });

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ApiError(400, `${issue.path.join(".") || "body"}: ${issue.message}`);
  }
  return r.data;
}

function limitsView(app: ConfigCatApp): JsonValue {
  const [second, minute] = app.limiter.current;
  return { perSecond: second.limit, perMinute: minute.limit };
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
    const parsed = parseConfigCatState(body);
    if (!parsed.ok) throw new ApiError(400, parsed.message);
    try {
      app.replaceState(parsed.state);
    } catch (err) {
      throw new ApiError(400, (err as Error).message);
    }
    return jsonReply({ ok: true });
  })
  .add("GET", "/__admin/credentials", (app) => jsonReply(app.listUsers() as unknown as JsonValue))
  .add("PUT", "/__admin/credentials", (app, body) => {
    app.setUsers(parse(z.array(userSchema), body));
    return jsonReply(app.listUsers() as unknown as JsonValue);
  })
  .add("POST", "/__admin/credentials", (app, body) => {
    app.addUser(parse(userSchema, body));
    return jsonReply(app.listUsers() as unknown as JsonValue);
  })
  .add("DELETE", "/__admin/credentials/:username", (app, _body, params) => {
    if (!app.revokeUser(params.username)) throw new ApiError(404, `No credential ${params.username}`);
    return jsonReply(app.listUsers() as unknown as JsonValue);
  })
  .add("GET", "/__admin/limits", (app) => jsonReply(limitsView(app)))
  .add("PUT", "/__admin/limits", (app, body) => {
    const l = parse(limitsSchema, body ?? {});
    const cur = limitsView(app) as { perSecond: number; perMinute: number };
    app.limiter.setWindows([
      { limit: l.perSecond ?? cur.perSecond, periodMs: 1000 },
      { limit: l.perMinute ?? cur.perMinute, periodMs: 60_000 },
    ]);
    return jsonReply(limitsView(app));
  })
  .add("GET", "/__admin/fidelity", (app) => jsonReply({ ...app.fidelity }))
  .add("PUT", "/__admin/fidelity", (app, body) => {
    app.fidelity = resolveFidelity({ ...app.fidelity, ...parse(fidelitySchema, body ?? {}) });
    return jsonReply({ ...app.fidelity });
  })
  .add("POST", "/__admin/sdk-keys/rotate", (app, body) => {
    // Starts a rotation as the Dashboard does: a new primary, the old one kept as secondary.
    const { configId, environmentId } = parse(rotateSchema, body);
    const k = app.store.sdkKeys.get(pairKey(configId.toLowerCase(), environmentId.toLowerCase()));
    if (!k) throw new ApiError(404, "No SDK keys for that config and environment");
    k.secondary = k.primary;
    k.primary = app.store.newSdkKey();
    app.store.changed();
    return jsonReply({ primary: k.primary, secondary: k.secondary });
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
export async function handleConfigCatAdmin(app: ConfigCatApp, req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<void> {
  let reply: Reply;
  try {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? "")) throw new ApiError(403, "Admin API is only served on loopback");
    // State documents can be large: allow 64 MiB here instead of the API's 1 MiB.
    const raw = await readBody(req, 64 * 1024 * 1024);
    let match;
    try {
      match = router.match(method, path);
    } catch {
      throw new ApiError(400, "Malformed URL path");
    }
    if (match.kind === "not-found") throw new ApiError(404, `No such admin route: ${method} ${path}`);
    if (match.kind === "method-not-allowed") throw new ApiError(405, `Method ${method} not allowed on ${path}`);
    reply = match.handler(app, parseJsonBody(raw), match.params);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (err.status === 413) res.shouldKeepAlive = false;
    reply = errorReply(err.status, err.message);
  }
  sendReply(res, reply);
}
