import { createHash } from "node:crypto";
import type { z } from "zod";
import {
  compose, inFlight, KeyedWindowLimiter, PACKAGE_VERSION, realNow, realSleep, redactText, responseErrors,
  responseShapeError, retry, retryPolicy, Secret, Semaphore, transport, unreachableServer, windowRateLimit, type Reachability,
  type ErrorContext, type Handler, type HttpMethod, type HttpResponse, type Now, type Sleep, type Step,
} from "../../core";
import { resolveRoute, type Query } from "./routes";
import { CONFIGCAT_REMEDIES, configcatIsAlreadyExists } from "./remedies";

/** Everything the requester needs, resolved from the client options. */
export interface RequesterSettings {
  readonly baseUrl: string;
  readonly username: string;
  readonly password: Secret;
  readonly requestsPerSecond: number;
  readonly requestsPerMinute: number;
  readonly maxInFlight: number;
  readonly maxAttempts?: number;
  readonly retryBaseDelayMs?: number;
  readonly retryMaxDelayMs?: number;
  readonly maxRetryAfterMs?: number;
  readonly timeoutMs?: number;
  readonly sleep?: Sleep;
  readonly now?: Now;
  readonly random?: () => number;
}

/** One API call, described declaratively. */
export interface CallSpec {
  /** What the call does, for `<what> failed: …` messages, e.g. `update flag`. */
  readonly what: string;
  readonly method: HttpMethod;
  /** Route template from `ROUTES`. */
  readonly route: string;
  readonly params?: Readonly<Record<string, string | number>>;
  readonly query?: Query;
  /** JSON body; serialized once, so replays send identical bytes. */
  readonly body?: unknown;
  /** See `HttpRequest.reconcile`: how to tell, after an ambiguous failure, whether the first attempt took effect. */
  readonly reconcile?: () => Promise<HttpResponse | undefined>;
  /** See `HttpRequest.replayable`: a POST that is a full replace, replayed like a PUT. */
  readonly replayable?: boolean;
}

/** Sends calls through the shared pipeline and decodes their answers. */
export interface Requester {
  send(spec: CallSpec): Promise<HttpResponse>;
  json<S extends z.ZodType>(spec: CallSpec, schema: S): Promise<z.output<S>>;
  /** The limiter shared by every client of this (server, credential) in the process. */
  readonly limiter: KeyedWindowLimiter;
  /** Requests sent (attempts, retries included) by clients of this (server, credential) in this process. */
  requestCount(): number;
  /** Names this (server, credential) without the credential: a key for per-credential state such as write batches. */
  readonly scope: string;
}

interface Shared {
  key: string;
  limiter: KeyedWindowLimiter;
  inFlight: Semaphore;
  sent: { count: number };
  reachability: Reachability;
}

// On globalThis: Pulumi may load several copies of this module in one provider process (see core/http/shared-limits.ts).
const REGISTRY_KEY = Symbol.for("pulumi-feature-flags.configcat.limiters");

function shared(baseUrl: string, username: string, settings: RequesterSettings): Shared {
  const g = globalThis as unknown as Record<symbol, Map<string, Shared> | undefined>;
  const map = (g[REGISTRY_KEY] ??= new Map());
  // The key names the credential by a digest of its user name: limits are per credential, the registry holds no secret.
  const key = `${baseUrl.replace(/\/+$/, "")}|${createHash("sha256").update(username).digest("hex").slice(0, 16)}`;
  const options = {
    windows: [{ limit: settings.requestsPerSecond, periodMs: 1000 }, { limit: settings.requestsPerMinute, periodMs: 60_000 }],
    now: settings.now, sleep: settings.sleep,
  };
  let entry = map.get(key);
  if (entry === undefined) {
    entry = { key, limiter: new KeyedWindowLimiter(options), inFlight: new Semaphore(settings.maxInFlight), sent: { count: 0 }, reachability: {} };
    map.set(key, entry);
  } else {
    entry.limiter.configure(options);
    entry.inFlight.setLimit(settings.maxInFlight);
  }
  return entry;
}

/**
 * Forgets the shared ConfigCat limiters of this process.
 * @internal For tests.
 */
export function resetConfigCatLimits(): void {
  (globalThis as unknown as Record<symbol, Map<string, Shared> | undefined>)[REGISTRY_KEY]?.clear();
}

/**
 * ConfigCat answers 4xx with ASP.NET ModelState bodies, `{"name": ["The Name field is required."], "": ["…"]}`
 * (design §2.4). This step rewrites such a body into `{"message": "name: The Name field is required.; …"}` before the
 * error factory reads it, so messages name the field instead of showing raw JSON. Other bodies pass unchanged.
 */
const modelStateBodies: Step = async (request, next) => {
  const response = await next(request);
  if (response.status < 400 || !response.text.trim().startsWith("{")) return response;
  try {
    const parsed = JSON.parse(response.text) as Record<string, unknown>;
    const entries = Object.entries(parsed);
    if (entries.length === 0 || !entries.every(([, v]) => Array.isArray(v) && v.every((m) => typeof m === "string"))) return response;
    const message = entries.map(([field, msgs]) => `${field ? `${field}: ` : ""}${(msgs as string[]).join(" ")}`).join("; ");
    return { ...response, text: JSON.stringify({ message }) };
  } catch {
    return response;
  }
};

/**
 * Builds the pipeline of one client:
 * `unreachable server → retry → per-endpoint windows → in-flight bound → count → responseErrors → ModelState bodies →
 * transport`.
 * @param settings - resolved client settings.
 */
export function createRequester(settings: RequesterSettings): Requester {
  const now = settings.now ?? realNow;
  const sleep = settings.sleep ?? realSleep;
  const basic = new Secret(Buffer.from(`${settings.username}:${settings.password.reveal()}`).toString("base64"));
  // Both the password and the header value built from it are removed from every message.
  const secrets = [settings.password, basic];
  const ctx: ErrorContext = {
    vendor: "ConfigCat",
    projectId: "(credential's organizations)",
    remedies: CONFIGCAT_REMEDIES,
    isAlreadyExists: configcatIsAlreadyExists,
    redact: (text) => redactText(text, secrets),
    now,
  };
  const state = shared(settings.baseUrl, settings.username, settings);
  const policy = retryPolicy({
    maxAttempts: settings.maxAttempts ?? 10,
    baseDelayMs: settings.retryBaseDelayMs,
    maxDelayMs: settings.retryMaxDelayMs,
    maxRetryAfterMs: settings.maxRetryAfterMs,
    random: settings.random,
  });
  const count: Step = (request, next) => {
    state.sent.count += 1;
    return next(request);
  };
  const callerId = `pulumi-feature-flags/${PACKAGE_VERSION}`;
  const handler: Handler = compose(
    transport({
      baseUrl: settings.baseUrl, credential: basic, authScheme: "Basic", timeoutMs: settings.timeoutMs, errorContext: ctx,
      headers: { "x-caller-id": callerId },
    }),
    // One request that gave up on an unreachable server fails the others at once, not after retries of their own.
    unreachableServer(state.reachability, now),
    // No give-up rewrite: the core one speaks of a daily quota, which ConfigCat does not have; the last 429 says it all.
    retry({ policy, sleep }),
    windowRateLimit(state.limiter),
    inFlight(state.inFlight),
    count,
    responseErrors(ctx, now),
    modelStateBodies,
  );

  const send = (spec: CallSpec): Promise<HttpResponse> =>
    handler({
      method: spec.method, path: resolveRoute(spec.route, spec.params, spec.query), route: spec.route, what: spec.what,
      body: spec.body === undefined ? undefined : JSON.stringify(spec.body), reconcile: spec.reconcile, replayable: spec.replayable,
    });

  const json = async <S extends z.ZodType>(spec: CallSpec, schema: S): Promise<z.output<S>> => {
    const response = await send(spec);
    const request = { what: spec.what, method: spec.method, route: spec.route };
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.text);
    } catch {
      throw responseShapeError(ctx, request, [{ path: [], message: `expected JSON, got "${response.text.slice(0, 60).replace(/\s+/g, " ")}"` }]);
    }
    const result = schema.safeParse(parsed);
    if (!result.success) throw responseShapeError(ctx, request, result.error.issues);
    return result.data;
  };

  return { send, json, limiter: state.limiter, requestCount: () => state.sent.count, scope: state.key };
}
