import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { ApiError } from "./api-error";
import type { FaultInjector } from "./faults";
import type { JsonValue } from "./json";
import { parseJsonBody, readBody } from "./read-body";
import { errorReply, jsonReply, sendReply, type Reply } from "./reply";
import type { RequestStats } from "./request-stats";
import { Router } from "./router";

/*
 * What every emulator's admin API (`/__admin/...`) shares: outside the vendor API, no credential needed,
 * loopback only, never counted in stats and never rate limited or faulted, so tests can always observe and
 * steer the emulator. Each vendor adds its own routes (state, credentials, limits, fidelity).
 */

/** What the shared admin routes need of an emulator app. */
export interface AdminObservable {
  readonly stats: RequestStats;
  readonly faults: FaultInjector;
}

/** An admin route: the app, the parsed JSON body (or undefined) and the path parameters. */
export type AdminHandler<A> = (app: A, body: unknown, params: Record<string, string>) => Reply;

const probability = z.number().min(0).max(1);
const faultsSchema = z.strictObject({
  rate429: probability.optional(),
  rate429WithoutRetryAfter: probability.optional(),
  rate500: probability.optional(),
  rate502: probability.optional(),
  rate503: probability.optional(),
  rateReset: probability.optional(),
  rateDropAfterWrite: probability.optional(),
  latencyMs: z.number().min(0).optional(),
  latencyJitterMs: z.number().min(0).optional(),
  seed: z.number().int().optional(),
});

/**
 * Validates an admin request body.
 * @param schema - the body's schema
 * @param body - the parsed JSON body
 * @throws ApiError 400 naming the first offending path
 */
export function parseAdminBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ApiError(400, `${issue.path.join(".") || "body"}: ${issue.message}`);
  }
  return r.data;
}

/**
 * A route table holding the shared admin routes: `GET /__admin/stats`, `POST /__admin/stats/reset`,
 * `GET /__admin/requests`, `GET|PUT /__admin/faults`. The vendor adds the rest.
 */
export function adminRouter<A extends AdminObservable>(): Router<AdminHandler<A>> {
  return new Router<AdminHandler<A>>()
    .add("GET", "/__admin/stats", (app) => jsonReply(app.stats.snapshot() as unknown as JsonValue))
    .add("POST", "/__admin/stats/reset", (app) => {
      app.stats.reset();
      return jsonReply({ ok: true });
    })
    .add("GET", "/__admin/requests", (app) => jsonReply(app.stats.requests() as unknown as JsonValue))
    .add("GET", "/__admin/faults", (app) => jsonReply({ ...app.faults.current, seed: app.faults.seed }))
    .add("PUT", "/__admin/faults", (app, body) => {
      const { seed, ...faults } = parseAdminBody(faultsSchema, body ?? {});
      app.faults.configure(faults, seed);
      return jsonReply({ ...app.faults.current, seed: app.faults.seed });
    });
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/**
 * Serves one admin request from `router`: refuses non-loopback clients (403), reads up to 64 MiB (state
 * documents can be large), answers unknown routes 404 and wrong methods 405, and turns an {@link ApiError}
 * thrown by a handler into its reply.
 * @param router - the vendor's admin routes (built on {@link adminRouter})
 * @param app - the emulator
 * @param req - node request
 * @param res - node response
 * @param method - HTTP method
 * @param path - path without query
 */
export async function serveAdmin<A>(
  router: Router<AdminHandler<A>>, app: A, req: IncomingMessage, res: ServerResponse, method: string, path: string,
): Promise<void> {
  let reply: Reply;
  try {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? "")) throw new ApiError(403, "Admin API is only served on loopback");
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
