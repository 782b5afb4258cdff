import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError } from "../core/api-error";
import { FaultInjector } from "../core/faults";
import { createPrng, type Random } from "../core/prng";
import { parseJsonBody, readBody } from "../core/read-body";
import { sendReply, type Reply } from "../core/reply";
import { RequestStats, type RequestLogEntry } from "../core/request-stats";
import { jsonShape } from "../core/json";
import type { Router } from "../core/router";
import { JsonStateFile } from "../core/state-file";
import { WindowLimiter, type RateWindow } from "../core/window-limiter";
import { handleConfigCatAdmin } from "./admin";
import { ownerOfRequest, type Caller, type Handler, type RequestOwner } from "./context";
import { ConfigCatError } from "./errors";
import { toHal, wantsHal } from "./hal";
import { parseConfigCatState, type ConfigCatState } from "./model";
import {
  CONFIGCAT_DEFAULTS, DEFAULT_ORGANIZATION, DEFAULT_USER, resolveFidelity, type ConfigCatEmulatorOptions, type ConfigCatLimits,
  type ConfigCatUser, type ResolvedFidelity,
} from "./options";
import { buildConfigCatRouter } from "./routes";
import { normaliseState } from "./integrity";
import { Store } from "./store";

/** Media types a request body may have: `application/json`, `text/json`, `application/*+json`. */
const JSON_MEDIA = /^(application\/json|text\/json|application\/[a-z0-9.+-]*\+json)\s*(;|$)/i;

/**
 * Reads `Authorization: Basic base64(user:password)`.
 * @param header - the raw header
 * @returns user name and password, or undefined when absent or malformed
 */
export function basicCredentials(header: string | undefined): { username: string; password: string } | undefined {
  const m = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Turns the limits option into limiter windows. */
export function windowsOf(limits: ConfigCatLimits): RateWindow[] {
  return [
    { limit: limits.perSecond ?? CONFIGCAT_DEFAULTS.perSecond, periodMs: 1000 },
    { limit: limits.perMinute ?? CONFIGCAT_DEFAULTS.perMinute, periodMs: 60_000 },
  ];
}

/** Deepest JSON body accepted (System.Text.Json's default `MaxDepth`). */
const MAX_BODY_DEPTH = 64;

const FAULT_MESSAGES: Record<500 | 502 | 503, string> = { 500: "Internal server error", 502: "Bad gateway", 503: "Service unavailable" };

/**
 * The ConfigCat Public Management API emulator as a request handler with no socket of its own. Holds the
 * store, credentials, limiter, fault injector and stats, all adjustable at run time through `/__admin`.
 */
export class ConfigCatApp {
  /** Products, configs, environments, flags, values and the rest. */
  readonly store: Store;
  /** Request counters and log. */
  readonly stats = new RequestStats();
  /** Fault dice. */
  readonly faults: FaultInjector;
  /** Two sliding windows per endpoint key. */
  readonly limiter: WindowLimiter;
  /** Fidelity switches (replaceable through the admin API). */
  fidelity: ResolvedFidelity;
  private users = new Map<string, ConfigCatUser>();
  private readonly router: Router<Handler> = buildConfigCatRouter();
  private readonly stateFile: JsonStateFile<ConfigCatState> | undefined;
  private readonly now: () => number;
  private readonly random: Random;

  /**
   * @param options - emulator options (the port is ignored here)
   * @throws Error when `stateFile` exists but is not a valid state document
   */
  constructor(options: ConfigCatEmulatorOptions = {}) {
    this.now = options.now ?? Date.now;
    const seed = options.seed ?? CONFIGCAT_DEFAULTS.seed;
    this.stateFile = options.stateFile
      ? new JsonStateFile(options.stateFile, () => this.store.snapshot(), parseConfigCatState, "configcat-emulator")
      : undefined;
    // Uuids and keys draw from their own stream so they do not shift the fault sequence.
    this.random = createPrng(seed ^ 0x9e3779b9);
    this.store = new Store(this.now, this.random, () => this.stateFile?.schedule());
    this.fidelity = resolveFidelity(options.fidelity);
    const loaded = this.stateFile?.load();
    if (loaded) this.replaceState(loaded);
    if (this.store.organizations.size === 0) {
      for (const o of options.organizations ?? [DEFAULT_ORGANIZATION]) {
        const id = o.organizationId.toLowerCase();
        this.store.organizations.set(id, { organizationId: id, name: o.name });
      }
    }
    this.setUsers(options.users ?? [DEFAULT_USER]);
    this.faults = new FaultInjector(options.faults, seed);
    this.limiter = new WindowLimiter(windowsOf(options.limits ?? {}), this.now);
  }

  /**
   * Replaces the whole state after checking references and normalising every value formula.
   * @param state - a schema-valid state
   * @throws Error naming the first inconsistency
   */
  replaceState(state: ConfigCatState): void {
    this.store.replace(normaliseState(state, this.fidelity, this.now, this.random));
  }

  /**
   * Replaces the credential table (revokes every credential not listed).
   * @param users - the new credentials
   */
  setUsers(users: readonly ConfigCatUser[]): void {
    this.users = new Map(users.map((u) => [u.username, { ...u, organizationIds: u.organizationIds?.map((o) => o.toLowerCase()) }]));
  }

  /**
   * Adds or replaces one credential.
   * @param user - the credential
   */
  addUser(user: ConfigCatUser): void {
    this.users.set(user.username, { ...user, organizationIds: user.organizationIds?.map((o) => o.toLowerCase()) });
  }

  /**
   * Revokes one credential.
   * @param username - its user name
   * @returns whether it existed
   */
  revokeUser(username: string): boolean {
    return this.users.delete(username);
  }

  /** The credentials without their passwords (the admin API never echoes secrets). */
  listUsers(): Array<Omit<ConfigCatUser, "password">> {
    return [...this.users.values()].map(({ password: _p, ...rest }) => ({ ...rest }));
  }

  /** Writes pending state-file changes. */
  flush(): Promise<void> {
    return this.stateFile?.flush() ?? Promise.resolve();
  }

  private caller(header: string | undefined): Caller | undefined {
    const cred = basicCredentials(header);
    const user = cred && this.users.get(cred.username);
    if (!user || user.password !== cred.password) return undefined;
    return {
      username: user.username,
      email: user.email ?? `${user.username}@emulator.local`,
      fullName: user.fullName ?? user.username,
      organizationIds: new Set(user.organizationIds ?? this.store.organizations.keys()),
      canBypassApproval: user.canBypassApproval ?? true,
    };
  }

  /** `X-Rate-Limit-*` for a window's state (none with `rateLimitHeaders: false`). */
  private rateHeaders(window: RateWindow, remaining: number, resetAt: number): Record<string, string> {
    if (!this.fidelity.rateLimitHeaders) return {};
    return { "x-rate-limit-limit": period(window.periodMs), "x-rate-limit-remaining": String(remaining), "x-rate-limit-reset": new Date(resetAt).toISOString() };
  }

  /** Renders an error per the `errorBodies` switch: ModelState JSON, or the message as text. */
  private errorReply(status: number, errors: Record<string, string[]>, headers?: Record<string, string>): Reply {
    if (this.fidelity.errorBodies === "text") return { status, text: Object.values(errors).flat().join(" "), headers };
    return { status, json: errors, headers };
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
      process.stderr.write(`[configcat-emulator] unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      if (!res.headersSent && !res.destroyed) sendReply(res, this.errorReply(500, { "": ["Internal server error"] }));
    });
  };

  private async process(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    if (path === "/__admin" || path.startsWith("/__admin/")) {
      await handleConfigCatAdmin(this, req, res, method, path);
      return;
    }
    const query = new URLSearchParams(q < 0 ? "" : rawUrl.slice(q + 1));
    const entry: RequestLogEntry = { method, path, route: `${method} (unmatched)`, status: 0 };
    if (q >= 0 && q < rawUrl.length - 1) entry.query = rawUrl.slice(q + 1);
    const finish = (reply: Reply): void => {
      entry.status = reply.status;
      this.stats.record(entry);
      sendReply(res, reply);
    };

    let match;
    try {
      match = this.router.match(method, path);
    } catch {
      finish(this.errorReply(400, { "": ["Malformed URL path"] }));
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
      const message = err instanceof ApiError ? err.message : "Could not read request body";
      finish(this.errorReply(err instanceof ApiError ? err.status : 400, { "": [message] }, { connection: "close" }));
      return;
    }
    if (match.kind === "not-found") return finish(this.errorReply(404, { "": [`No such route: ${method} ${path}`] }));
    if (match.kind === "method-not-allowed") {
      return finish(this.errorReply(405, { "": [`Method ${method} not allowed on ${path}`] }, { allow: match.allowed.join(", ") }));
    }

    const caller = this.caller(req.headers.authorization);
    // 401 with an empty body and a Basic challenge; no quota consumed.
    if (!caller) return finish({ status: 401, text: "", headers: { "www-authenticate": 'Basic realm="ConfigCat Public Management API"' } });

    const contentType = req.headers["content-type"];
    if (raw.length > 0 && (!contentType || !JSON_MEDIA.test(contentType))) {
      return finish(this.errorReply(415, { "": [`Unsupported media type: ${contentType ?? "(none)"}. Send application/json.`] }));
    }

    // Access refusals look exactly like a missing object of the same kind (body and X-Rate-Limit-*
    // headers); by default they come before rate limiting and consume no quota (design §2.1).
    const owner = ownerOfRequest(this.store, match.params, req.headers, this.fidelity);
    entry.projectId = owner?.productId;
    const refused = owner !== undefined && this.store.organizations.has(owner.organizationId) && !caller.organizationIds.has(owner.organizationId);
    const refusal = (rate: Record<string, string>): Reply => {
      if (this.fidelity.forbiddenStatus === 403) return this.errorReply(403, { "": ["You don't have permission to access this resource."] }, rate);
      const missing = (owner as RequestOwner).missing();
      return this.errorReply(missing.status, missing.errors, rate);
    };

    const limitKey = this.fidelity.rateLimitKey === "credential" ? caller.username
      : this.fidelity.rateLimitKey === "path" ? `${caller.username} ${method} ${path.toLowerCase()}`
      : `${caller.username} ${match.route}`;
    if (refused && this.fidelity.accessRefusals === "beforeLimit") {
      const peek = this.limiter.peek(limitKey);
      return finish(refusal(peek ? this.rateHeaders(peek.window, peek.remaining, peek.resetAt) : {}));
    }
    const verdict = this.limiter.take(limitKey);
    if (!verdict.allowed) {
      const w = verdict.window;
      const headers: Record<string, string> = this.fidelity.retryAfterHeader ? { "retry-after": String(verdict.retryAfterSeconds) } : {};
      return finish({ status: 429, text: `API calls quota exceeded! maximum admitted ${w.limit} per ${period(w.periodMs)}.`, headers });
    }
    const rate = verdict.window && verdict.remaining !== undefined && verdict.resetAt !== undefined
      ? this.rateHeaders(verdict.window, verdict.remaining, verdict.resetAt) : {};
    if (refused) return finish(refusal(rate));

    const fault = this.faults.decide(method);
    if (fault.delayMs > 0) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault.outcome === "reset") {
      entry.fault = "reset";
      this.stats.record(entry);
      destroySocket(req, true);
      return;
    }
    if (fault.outcome !== "none") {
      entry.fault = fault.withoutRetryAfter ? "429-without-retry-after" : (String(fault.outcome) as RequestLogEntry["fault"]);
      if (fault.outcome === 429) {
        const retryAfter = this.fidelity.retryAfterHeader && !fault.withoutRetryAfter;
        return finish({ status: 429, text: "API calls quota exceeded! maximum admitted 20 per 1s.", headers: retryAfter ? { "retry-after": "1" } : {} });
      }
      return finish(this.errorReply(fault.outcome, { "": [FAULT_MESSAGES[fault.outcome]] }));
    }

    let reply: Reply;
    try {
      let body: unknown;
      if (method !== "GET" && method !== "HEAD") body = parseJsonBody(raw);
      // System.Text.Json's default limit; deeper bodies would also overflow recursive clones.
      if (body !== undefined && jsonShape(body).depth > MAX_BODY_DEPTH) throw new ConfigCatError(400, { $: [`The maximum configured depth of ${MAX_BODY_DEPTH} has been exceeded.`] });
      reply = match.handler({ method, params: match.params, query, headers: req.headers, body, caller, store: this.store, fidelity: this.fidelity });
    } catch (err) {
      if (err instanceof ConfigCatError) reply = this.errorReply(err.status, err.errors);
      else if (err instanceof ApiError) reply = this.errorReply(err.status, { "": [err.message] });
      else throw err;
    }
    if (fault.dropAfterWrite) {
      entry.fault = "drop-after-write";
      this.stats.record(entry);
      destroySocket(req, false);
      return;
    }
    const headers: Record<string, string> = { ...reply.headers, ...rate };
    if (this.fidelity.hal === "on" && "json" in reply && reply.status < 300 && wantsHal(req.headers.accept)) {
      const base = `http://${req.headers.host ?? "127.0.0.1"}`;
      const body = Buffer.from(JSON.stringify(toHal(reply.json, base)), "utf8");
      entry.status = reply.status;
      this.stats.record(entry);
      res.writeHead(reply.status, { ...headers, "content-type": "application/hal+json; charset=utf-8", "content-length": body.length });
      res.end(body);
      return;
    }
    finish({ ...reply, headers } as Reply);
  }
}

/** AspNetCoreRateLimit's period notation: `1s`, `1m`, `1h`. */
function period(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}

/** Destroys a request's socket: with a TCP reset (RST) for reset faults, else a plain close. */
function destroySocket(req: IncomingMessage, reset: boolean): void {
  const socket = req.socket;
  if (reset && typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}
