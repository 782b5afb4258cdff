import type { z } from "zod";
import {
  compose, dailyBudget, inFlight, rateLimit, rateLimitGaveUpError, realNow, realSleep, redactText, responseErrors,
  responseShapeError, retry, retryPolicy, Secret, sharedLimits, transport, unreachableServer,
  type ErrorContext, type Handler, type HttpMethod, type HttpResponse, type Now, type SharedLimits, type Sleep,
} from "../../core";
import { resolveRoute, type Query } from "./paths";
import { amplitudeIsNotFound, AMPLITUDE_REMEDIES } from "./remedies";

/** Everything the requester needs, already resolved from the client options. */
export interface RequesterSettings {
  /** Base URL of the API. */
  readonly baseUrl: string;
  /** Project id; the rate-limit scope and the id named in messages. */
  readonly projectId: string;
  /** The management key, in its redacting holder. */
  readonly apiKey: Secret;
  /** Requests per second. */
  readonly requestsPerSecond?: number;
  /** Token-bucket burst. */
  readonly burst?: number;
  /** Requests on the wire at once. */
  readonly maxInFlight?: number;
  /** Requests per UTC day. */
  readonly dailyRequestBudget?: number;
  /** Attempts per request. */
  readonly maxAttempts?: number;
  /** Backoff base. */
  readonly retryBaseDelayMs?: number;
  /** Backoff cap. */
  readonly retryMaxDelayMs?: number;
  /** Longest acceptable server-requested wait. */
  readonly maxRetryAfterMs?: number;
  /** Per-attempt timeout. */
  readonly timeoutMs?: number;
  /** Sleep seam. */
  readonly sleep?: Sleep;
  /** Clock seam. */
  readonly now?: Now;
  /** Jitter seam. */
  readonly random?: () => number;
}

/** One API call, described declaratively. */
export interface CallSpec {
  /** What the call does, for `<what> failed: …` messages, e.g. `update flag`. */
  readonly what: string;
  /** HTTP method. */
  readonly method: HttpMethod;
  /** Route template. */
  readonly route: string;
  /** Values of the template's parameters. */
  readonly params?: Readonly<Record<string, string>>;
  /** Query parameters. */
  readonly query?: Query;
  /** JSON body; serialized once, so replays send identical bytes. */
  readonly body?: unknown;
  /** See `HttpRequest.reconcile`. */
  readonly reconcile?: () => Promise<HttpResponse | undefined>;
}

/** Sends calls through the shared pipeline and decodes their answers. */
export interface Requester {
  /** Sends a call and returns the raw response (2xx only; anything else throws `ApiError`). */
  send(spec: CallSpec): Promise<HttpResponse>;
  /** Sends a call and validates its JSON answer. @throws ApiError `FF_ERR_RESPONSE_SHAPE` naming the field. */
  json<S extends z.ZodType>(spec: CallSpec, schema: S): Promise<z.output<S>>;
  /** Sends a write whose answer is `OK` text, JSON or empty, and ignores it. */
  write(spec: CallSpec): Promise<void>;
  /** The shared limiter state for this (base URL, project). */
  readonly limits: SharedLimits;
}

/**
 * Builds the request pipeline for one client:
 * `unreachable server → retry → dailyBudget → inFlight → rateLimit → responseErrors → transport`. Every attempt of every retry takes a
 * fresh budget count, in-flight permit and rate token from the state shared through the `globalThis` registry.
 * @param settings - resolved client settings.
 */
export function createRequester(settings: RequesterSettings): Requester {
  const now = settings.now ?? realNow;
  const sleep = settings.sleep ?? realSleep;
  const secrets = [settings.apiKey];
  const ctx: ErrorContext = {
    vendor: "Amplitude",
    projectId: settings.projectId,
    remedies: AMPLITUDE_REMEDIES,
    isNotFound: amplitudeIsNotFound,
    dailyBudgetConfigKey: "amplitude:dailyRequestBudget",
    redact: (text) => redactText(text, secrets),
    now,
  };
  const limits = sharedLimits(settings.baseUrl, settings.projectId, {
    ratePerSecond: settings.requestsPerSecond,
    burst: settings.burst,
    maxInFlight: settings.maxInFlight,
    dailyBudget: settings.dailyRequestBudget,
    now: settings.now,
    sleep: settings.sleep,
  });
  const policy = retryPolicy({
    maxAttempts: settings.maxAttempts,
    baseDelayMs: settings.retryBaseDelayMs,
    maxDelayMs: settings.retryMaxDelayMs,
    maxRetryAfterMs: settings.maxRetryAfterMs,
    random: settings.random,
  });
  const handler: Handler = compose(
    transport({ baseUrl: settings.baseUrl, credential: settings.apiKey, timeoutMs: settings.timeoutMs, errorContext: ctx }),
    // One request that gave up on an unreachable server fails the others at once, not after retries of their own.
    unreachableServer(limits.reachability, now),
    retry({ policy, sleep, onRateLimitGiveUp: (last, attempts) => rateLimitGaveUpError(ctx, last, attempts) }),
    dailyBudget(limits.budget, ctx),
    inFlight(limits.inFlight),
    rateLimit(limits.bucket),
    responseErrors(ctx, now),
  );

  const send = (spec: CallSpec): Promise<HttpResponse> => {
    const { route, path } = resolveRoute(spec.route, spec.params, spec.query);
    return handler({
      method: spec.method, path, route, what: spec.what,
      body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
      reconcile: spec.reconcile,
    });
  };

  const json = async <S extends z.ZodType>(spec: CallSpec, schema: S): Promise<z.output<S>> => {
    const response = await send(spec);
    const request = { what: spec.what, method: spec.method, route: spec.route };
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.text);
    } catch {
      const preview = response.text.slice(0, 60).replace(/\s+/g, " ");
      throw responseShapeError(ctx, request, [{ path: [], message: `expected JSON, got "${preview}"` }]);
    }
    const result = schema.safeParse(parsed);
    if (!result.success) throw responseShapeError(ctx, request, result.error.issues);
    return result.data;
  };

  const write = async (spec: CallSpec): Promise<void> => {
    // Writes answer `OK` text, JSON or nothing depending on the endpoint; the status already said it worked.
    await send(spec);
  };

  return { send, json, write, limits };
}
