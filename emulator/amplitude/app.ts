import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError } from "../core/api-error";
import { FaultInjector, type FaultDecision } from "../core/faults";
import { createPrng } from "../core/prng";
import { parseJsonBody, readBody } from "../core/read-body";
import { errorReply, sendReply, shapeErrorReply, type Reply } from "../core/reply";
import { RateLimiter } from "../core/rate-limiter";
import { RequestStats, type RequestLogEntry } from "../core/request-stats";
import type { Router } from "../core/router";
import { attributeProject, bearerKey, KeyTable } from "./access";
import { handleAdmin } from "./admin";
import { FORBIDDEN_PROJECT, type AppSettings, type RouteEntry } from "./context";
import { DEFAULT_PROJECTS, DEFAULTS, resolveFidelity, type EmulatorOptions, type EmulatorProject } from "./options";
import { StateFile } from "./persistence";
import { buildApiRouter } from "./routes";
import { Store } from "./store";

/** The 401 message for a missing, unknown or revoked key. */
export const INVALID_KEY = "Invalid or revoked API key";
/** The 429 message for the per-second limit (and injected 429s). */
export const TOO_MANY_REQUESTS = "Too many requests";
/** The 429 message for the daily quota. */
export const DAILY_LIMIT_EXCEEDED = "Daily request limit exceeded";

const FAULT_MESSAGES: Record<500 | 502 | 503, string> = { 500: "Internal server error", 502: "Bad gateway", 503: "Service unavailable" };

/**
 * The emulator as a request handler with no socket of its own (the server module listens). Holds the
 * store, key table, limiter, fault injector and stats, all adjustable at run time through `/__admin`.
 */
export class AmplitudeApp {
  /** Flags, experiments, deployments and versions. */
  readonly store: Store;
  /** Request counters and log. */
  readonly stats = new RequestStats();
  /** Fault dice. */
  readonly faults: FaultInjector;
  /** Per-project rate limits. */
  readonly limiter: RateLimiter;
  /** Settings route handlers read. */
  readonly settings: AppSettings;
  /** Whether 429s carry `Retry-After`. */
  retryAfterHeader: boolean;
  private keys: KeyTable;
  private readonly router: Router<RouteEntry> = buildApiRouter();
  private readonly stateFile: StateFile | undefined;

  /**
   * @param options - emulator options (the port is ignored here)
   * @throws Error when `stateFile` exists but is not a valid state document
   */
  constructor(options: EmulatorOptions = {}) {
    const now = options.now ?? Date.now;
    const seed = options.seed ?? DEFAULTS.seed;
    this.stateFile = options.stateFile ? new StateFile(options.stateFile, () => this.store.snapshot()) : undefined;
    this.store = new Store(now, () => this.stateFile?.schedule());
    const loaded = this.stateFile?.load();
    if (loaded) this.store.replace(loaded);
    this.keys = new KeyTable(options.projects ?? DEFAULT_PROJECTS);
    // Salts and deployment keys draw from their own stream so they do not shift the fault sequence.
    this.settings = { fidelity: resolveFidelity(options.fidelity), projects: this.keys.projects, random: createPrng(seed ^ 0x9e3779b9), actor: options.actor ?? DEFAULTS.actor };
    this.faults = new FaultInjector(options.faults, seed);
    this.limiter = new RateLimiter({ perSecond: options.rateLimitPerSecond ?? DEFAULTS.rateLimitPerSecond, perDay: options.dailyLimit ?? DEFAULTS.dailyLimit }, now);
    this.retryAfterHeader = options.retryAfterHeader ?? DEFAULTS.retryAfterHeader;
  }

  /**
   * Replaces the key table (for example to revoke a key mid-run).
   * @param projects - the new projects and keys
   */
  setProjects(projects: readonly EmulatorProject[]): void {
    this.keys = new KeyTable(projects);
    this.settings.projects = this.keys.projects;
  }

  /** The current projects and keys. */
  getProjects(): EmulatorProject[] {
    return [...this.keys.projects.values()].map((p) => ({ ...p, keys: [...p.keys] }));
  }

  /** Writes pending state-file changes. */
  flush(): Promise<void> {
    return this.stateFile?.flush() ?? Promise.resolve();
  }

  /**
   * Handles one HTTP request. Never throws; every failure becomes a reply or a closed socket.
   * @param req - node request
   * @param res - node response
   */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.process(req, res).catch((err: unknown) => {
      // A client that hangs up mid-request is ordinary (timeouts, fuzzers, killed CLIs): nothing to report.
      if (req.destroyed || (err as { code?: string }).code === "ECONNRESET" || (err as Error).message === "aborted") return;
      process.stderr.write(`[amplitude-emulator] unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      if (!res.headersSent && !res.destroyed) sendReply(res, errorReply(500, "Internal server error"));
    });
  };

  private async process(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q < 0 ? "" : rawUrl.slice(q + 1));
    if (path === "/__admin" || path.startsWith("/__admin/")) {
      await handleAdmin(this, req, res, method, path);
      return;
    }
    const entry: RequestLogEntry = { method, path, route: `${method} (unmatched)`, status: 0 };
    if (q >= 0 && q < rawUrl.length - 1) entry.query = rawUrl.slice(q + 1);
    const finish = (reply: Reply): void => {
      entry.status = reply.status;
      this.stats.record(entry);
      sendReply(res, shapeErrorReply(reply, this.settings.fidelity.errorBody));
    };

    let match;
    try {
      match = this.router.match(method, path);
    } catch {
      finish(errorReply(400, "Malformed URL path"));
      return;
    }
    if (match.kind === "found") entry.route = match.route;

    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (err) {
      // The rest of an oversized body is never read, so the connection cannot be reused.
      res.shouldKeepAlive = false;
      req.resume();
      finish(err instanceof ApiError ? errorReply(err.status, err.message, { connection: "close" }) : errorReply(400, "Could not read request body"));
      return;
    }
    if (match.kind === "not-found") return finish(errorReply(404, `No such route: ${method} ${path}`));
    if (match.kind === "method-not-allowed") {
      return finish({ status: 405, json: { error: `Method ${method} not allowed on ${path}` }, headers: { allow: match.allowed.join(", ") } });
    }

    const key = bearerKey(req.headers.authorization);
    const keyProjects = key === undefined ? undefined : this.keys.projectsOf(key);
    if (!keyProjects) return finish(errorReply(401, INVALID_KEY));

    let body: unknown;
    let bodyError: ApiError | undefined;
    if (method !== "GET" && method !== "HEAD") {
      try {
        body = parseJsonBody(raw);
      } catch (err) {
        bodyError = err instanceof ApiError ? err : new ApiError(400, "Invalid JSON body");
      }
    }

    const projectId = attributeProject(match.handler.scope, match.params, query, body, this.store, keyProjects);
    entry.projectId = projectId;
    if (!keyProjects.includes(projectId)) return finish(errorReply(403, FORBIDDEN_PROJECT));

    const verdict = this.limiter.take(projectId);
    if (!verdict.allowed) {
      const headers = this.retryAfterHeader ? { "retry-after": String(verdict.retryAfterSeconds) } : undefined;
      return finish(errorReply(429, verdict.reason === "day" ? DAILY_LIMIT_EXCEEDED : TOO_MANY_REQUESTS, headers));
    }

    const fault: FaultDecision = this.faults.decide(method);
    if (fault.delayMs > 0) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault.outcome === "reset") {
      entry.fault = "reset";
      this.stats.record(entry);
      destroySocket(req, true);
      return;
    }
    if (fault.outcome !== "none") {
      entry.fault = String(fault.outcome) as RequestLogEntry["fault"];
      if (fault.outcome === 429) {
        return finish(errorReply(429, TOO_MANY_REQUESTS, this.retryAfterHeader ? { "retry-after": "1" } : undefined));
      }
      return finish(errorReply(fault.outcome, FAULT_MESSAGES[fault.outcome]));
    }

    let reply: Reply;
    if (bodyError) {
      reply = errorReply(bodyError.status, bodyError.message);
    } else {
      try {
        reply = match.handler.handler({ method, params: match.params, query, body, projects: new Set(keyProjects), store: this.store, settings: this.settings });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        reply = errorReply(err.status, err.message);
      }
    }
    if (fault.dropAfterWrite) {
      entry.fault = "drop-after-write";
      this.stats.record(entry);
      destroySocket(req, false);
      return;
    }
    finish(reply);
  }
}

/** Destroys a request's socket: with a TCP reset (RST) for reset faults, else a plain close. */
function destroySocket(req: IncomingMessage, reset: boolean): void {
  const socket = req.socket;
  if (reset && typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}
