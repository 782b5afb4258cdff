import { formatDuration, isoSeconds, nextUtcMidnight, type Now } from "./time";

/**
 * Stable error codes. Match on these (or the guards below), never on message text: messages are for humans and
 * may change; codes do not.
 */
export const ErrorCode = {
  /** 401: the credential is invalid or revoked. Never retried. */
  UNAUTHORIZED: "FF_ERR_UNAUTHORIZED",
  /** 403: the credential has no access to the project. Never retried. */
  FORBIDDEN: "FF_ERR_FORBIDDEN",
  /** The object does not exist (404, or a vendor's 400 "not found"). Never retried. */
  NOT_FOUND: "FF_ERR_NOT_FOUND",
  /** The key or name is taken (409, or a vendor's 400 "already exists"). Never retried. */
  ALREADY_EXISTS: "FF_ERR_ALREADY_EXISTS",
  /** Any other 4xx: the input was rejected. Never retried. */
  BAD_REQUEST: "FF_ERR_BAD_REQUEST",
  /** 429, and the retry bound or the longest acceptable wait was reached. */
  RATE_LIMITED: "FF_ERR_RATE_LIMITED",
  /** The project's daily request budget is spent (configured, or reported by the server). */
  DAILY_BUDGET: "FF_ERR_DAILY_BUDGET",
  /** 5xx after the retry bound. */
  SERVER: "FF_ERR_SERVER",
  /** The connection failed or was reset after the retry bound. */
  NETWORK: "FF_ERR_NETWORK",
  /** No complete answer within the per-request timeout, after the retry bound. */
  TIMEOUT: "FF_ERR_TIMEOUT",
  /** The server answered 2xx but the body did not match the expected schema. */
  RESPONSE_SHAPE: "FF_ERR_RESPONSE_SHAPE",
} as const;

/** One of the {@link ErrorCode} values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The data every {@link ApiError} carries besides its message. */
export interface ApiErrorFields {
  /** Stable code; see {@link ErrorCode}. */
  readonly code: ErrorCode;
  /** HTTP status, when the server answered. */
  readonly status?: number;
  /** HTTP method of the failed request. */
  readonly method: string;
  /**
   * Method and route template of the failed request, e.g. `PATCH /api/1/flags/:id` (never a concrete id or query;
   * the same form as the emulator's per-route stats).
   */
  readonly route: string;
  /** The server's own message, truncated and with credentials removed. */
  readonly serverMessage?: string;
  /** One sentence telling the user what to do about it. */
  readonly remedy: string;
  /** How long the server (or the budget) asks to wait before trying again, in milliseconds. */
  readonly retryAfterMs?: number;
  /** How many attempts were made before giving up. */
  readonly attempts?: number;
  /** The underlying exception (network errors), already stripped of credentials. */
  readonly cause?: unknown;
}

/**
 * The one error type the API clients throw. Build it only through the factories in this module, so every
 * message has the same shape: `<what failed>: <status> <server message> (<METHOD> <route>). <remedy>`.
 */
export class ApiError extends Error implements ApiErrorFields {
  override readonly name = "ApiError";
  readonly code: ErrorCode;
  readonly status?: number;
  readonly method: string;
  readonly route: string;
  readonly serverMessage?: string;
  readonly remedy: string;
  readonly retryAfterMs?: number;
  readonly attempts?: number;

  /**
   * @internal Use the factories (`errorFromResponse`, `errorFromException`, …) instead.
   * @param message - the full, already redacted message.
   * @param fields - the structured data.
   */
  constructor(message: string, fields: ApiErrorFields) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.code = fields.code;
    this.status = fields.status;
    this.method = fields.method;
    this.route = fields.route;
    this.serverMessage = fields.serverMessage;
    this.remedy = fields.remedy;
    this.retryAfterMs = fields.retryAfterMs;
    this.attempts = fields.attempts;
  }
}

/**
 * True for any {@link ApiError}, also across two loaded copies of this library (checks the code, not the class).
 * @param value - anything caught.
 */
export function isApiError(value: unknown): value is ApiError {
  if (value instanceof ApiError) return true;
  if (typeof value !== "object" || value === null) return false;
  const v = value as { name?: unknown; code?: unknown };
  return v.name === "ApiError" && typeof v.code === "string" && v.code.startsWith("FF_ERR_");
}

/**
 * True when the object does not exist (`FF_ERR_NOT_FOUND`).
 * @param value - anything caught.
 */
export function isNotFound(value: unknown): value is ApiError {
  return isApiError(value) && value.code === ErrorCode.NOT_FOUND;
}

/**
 * True when the object could not be created because its key is taken (`FF_ERR_ALREADY_EXISTS`).
 * @param value - anything caught.
 */
export function isAlreadyExists(value: unknown): value is ApiError {
  return isApiError(value) && value.code === ErrorCode.ALREADY_EXISTS;
}

/**
 * True when the request was refused for rate or budget reasons (`FF_ERR_RATE_LIMITED`, `FF_ERR_DAILY_BUDGET`).
 * @param value - anything caught.
 */
export function isRateLimited(value: unknown): value is ApiError {
  return isApiError(value) && (value.code === ErrorCode.RATE_LIMITED || value.code === ErrorCode.DAILY_BUDGET);
}

/** What the error factories need to know about the API and the request being described. */
export interface ErrorContext {
  /** Vendor name used in budget messages, e.g. `Amplitude`. */
  readonly vendor: string;
  /** The project the client works on; named in 403 and budget messages. */
  readonly projectId: string;
  /**
   * Vendor-specific remedy lines replacing the defaults; `{projectId}` is substituted.
   * @default the vendor-neutral lines in `DEFAULT_REMEDIES`
   */
  readonly remedies?: Partial<Record<ErrorCode, string>>;
  /**
   * Decides whether a 4xx means "not found". Some APIs (Amplitude) answer unknown ids with 400 and a message.
   * @default status === 404
   */
  readonly isNotFound?: (status: number, serverMessage: string) => boolean;
  /**
   * Decides whether a 4xx means "the key is taken". Some APIs answer a duplicate create with 400 and a message.
   * @default status === 409, or a 400 whose message says "already exists"
   */
  readonly isAlreadyExists?: (status: number, serverMessage: string) => boolean;
  /**
   * Decides whether a 429 means the daily quota (not the per-second rate) is spent, so waiting seconds is useless.
   * @default message mentions "daily", "per day" or "quota"
   */
  readonly isDailyLimit?: (serverMessage: string) => boolean;
  /**
   * The configuration key users raise to allow more requests per day, named in the budget message.
   * @default "dailyRequestBudget"
   */
  readonly dailyBudgetConfigKey?: string;
  /** Removes credentials from any text that goes into a message. */
  readonly redact: (text: string) => string;
  /**
   * The clock, for "resets at … (in …)".
   * @default Date.now
   */
  readonly now?: Now;
}

/** The request an error describes. */
export interface ErrorRequest {
  /** What the caller was doing, e.g. `update flag`; the message says `<what> failed`. */
  readonly what: string;
  /** HTTP method. */
  readonly method: string;
  /** Route template, never the concrete path (ids and query strings stay out of messages). */
  readonly route: string;
}

/** The vendor-neutral remedy lines. */
export const DEFAULT_REMEDIES: Readonly<Record<ErrorCode, string>> = {
  FF_ERR_UNAUTHORIZED: "The API key is invalid or revoked; create a new key and update the provider configuration.",
  FF_ERR_FORBIDDEN: "The key has no access to project {projectId}; use a key created for that project.",
  FF_ERR_NOT_FOUND: "The object does not exist (it may have been deleted outside Pulumi); check the id.",
  FF_ERR_ALREADY_EXISTS: "An object with this key already exists; choose another key, or adopt the existing object.",
  FF_ERR_BAD_REQUEST: "The server rejected the input; fix the field named in the server message.",
  FF_ERR_RATE_LIMITED: "Wait, or lower the configured request rate.",
  FF_ERR_DAILY_BUDGET: "Wait until the budget resets, or raise the daily request budget if your plan allows more.",
  FF_ERR_SERVER: "The server failed repeatedly; retry later.",
  FF_ERR_NETWORK: "Check network access to the server URL and retry.",
  FF_ERR_TIMEOUT: "The server did not answer in time; retry, or raise the request timeout.",
  FF_ERR_RESPONSE_SHAPE: "The server's answer did not have the expected shape; report this with the field named above.",
};

const MAX_SERVER_MESSAGE = 300;

function remedyFor(ctx: ErrorContext, code: ErrorCode): string {
  const line = ctx.remedies?.[code] ?? DEFAULT_REMEDIES[code];
  return line.split("{projectId}").join(ctx.projectId);
}

// HTTP reason phrases: what hapi puts in `error` next to the real `message`, and what a proxy may send alone.
const REASON_PHRASES = new Set([
  "bad request", "unauthorized", "forbidden", "not found", "method not allowed", "conflict", "gone", "payload too large",
  "unprocessable entity", "too many requests", "internal server error", "bad gateway", "service unavailable",
  "gateway timeout", "error", "validationerror", "validation error",
]);

const isGeneric = (text: string): boolean => REASON_PHRASES.has(text.trim().toLowerCase());

/** The message(s) one JSON value carries: a string, `{message|error|detail|title}`, or an array of those. */
function messagesIn(value: unknown, depth = 0): string[] {
  if (typeof value === "string") return value.trim() ? [value.trim()] : [];
  if (depth > 3 || value === null || typeof value !== "object") return [];
  if (Array.isArray(value)) {
    // An entry without a message field is still information: show it as JSON.
    return value.flatMap((v) => { const m = messagesIn(v, depth + 1); return m.length > 0 ? m : [JSON.stringify(v)]; });
  }
  const o = value as Record<string, unknown>;
  for (const field of ["message", "error", "detail", "title", "msg"]) {
    const found = messagesIn(o[field], depth + 1);
    if (found.length > 0) return found;
  }
  return [];
}

/**
 * Pulls the human message out of an error body, whatever its shape (reference §2.2 leaves it undocumented):
 * plain text, `{error}`, `{message}`, `{error, message}`, `{errors: [...]}`, hapi's
 * `{statusCode, error: "Bad Request", message}`, or `{error: {message}}`. The most specific text wins: HTTP
 * reason phrases ("Bad Request") only when nothing else is there; two different specific texts are joined,
 * `error: message`. Truncated to 300 characters.
 */
export function extractServerMessage(body: string): string {
  const trimmed = body.trim();
  let message = trimmed;
  if (trimmed.startsWith("{")) {
    try {
      const parsed = JSON.parse(trimmed) as Record<string, unknown>;
      const candidates = [parsed.error, parsed.message, parsed.errors, parsed.detail, parsed.title]
        .map((v) => messagesIn(v).join("; "))
        .filter((m) => m !== "");
      const specific = [...new Set(candidates.filter((m) => !isGeneric(m)))];
      // Texts already contained in a longer one add nothing; two different ones (a code and its text) both show.
      const distinct = specific.filter((m) => !specific.some((o) => o !== m && o.includes(m)));
      message = distinct.length > 0 ? distinct.join(": ") : (candidates[0] ?? trimmed);
    } catch {
      // Not JSON after all: keep the text.
    }
  }
  return message.length > MAX_SERVER_MESSAGE ? `${message.slice(0, MAX_SERVER_MESSAGE)}…` : message;
}

function routeOf(req: ErrorRequest): string {
  return `${req.method} ${req.route}`;
}

function compose(req: ErrorRequest, detail: string, remedy: string): string {
  return `${req.what} failed: ${detail} (${req.method} ${req.route}). ${remedy}`;
}

function codeForStatus(ctx: ErrorContext, status: number, message: string): ErrorCode {
  if (status === 401) return ErrorCode.UNAUTHORIZED;
  if (status === 403) return ErrorCode.FORBIDDEN;
  if (status === 429) return ErrorCode.RATE_LIMITED;
  if (status >= 500) return ErrorCode.SERVER;
  const notFound = ctx.isNotFound ?? ((s: number) => s === 404);
  if (notFound(status, message)) return ErrorCode.NOT_FOUND;
  const alreadyExists = ctx.isAlreadyExists ?? ((s: number, m: string) => s === 409 || (s === 400 && /already exists/i.test(m)));
  if (alreadyExists(status, message)) return ErrorCode.ALREADY_EXISTS;
  return ErrorCode.BAD_REQUEST;
}

/**
 * Builds the error for a non-2xx response. The only place that maps statuses to codes.
 * @param ctx - API and credential context.
 * @param req - the request that failed.
 * @param status - the HTTP status.
 * @param body - the response body text.
 * @param retryAfterMs - the wait the server asked for, when it sent one.
 */
export function errorFromResponse(ctx: ErrorContext, req: ErrorRequest, status: number, body: string, retryAfterMs?: number): ApiError {
  const serverMessage = ctx.redact(extractServerMessage(body));
  const code = codeForStatus(ctx, status, serverMessage);
  const remedy = remedyFor(ctx, code);
  const detail = serverMessage ? `${status} ${serverMessage}` : `${status}`;
  return new ApiError(compose(req, detail, remedy), { code, status, method: req.method, route: routeOf(req), serverMessage: serverMessage || undefined, remedy, retryAfterMs });
}

/**
 * Builds the error for a request that got no HTTP answer (connection refused or reset, timeout).
 * @param ctx - API and credential context.
 * @param req - the request that failed.
 * @param cause - what the transport threw.
 * @param timedOut - true when the per-request timeout fired.
 */
export function errorFromException(ctx: ErrorContext, req: ErrorRequest, cause: unknown, timedOut: boolean): ApiError {
  const code = timedOut ? ErrorCode.TIMEOUT : ErrorCode.NETWORK;
  const raw = cause instanceof Error ? `${(cause as NodeJS.ErrnoException).code ?? cause.name}: ${cause.message}` : String(cause);
  const text = ctx.redact(raw);
  const remedy = remedyFor(ctx, code);
  const detail = timedOut ? `timed out (${text})` : `network error (${text})`;
  // Keep only a redacted copy of the cause: the original may carry request options with headers.
  const safeCause = new Error(text);
  return new ApiError(compose(req, detail, remedy), { code, method: req.method, route: routeOf(req), remedy, cause: safeCause });
}

/** One schema violation: where in the body, and what was wrong. */
export interface ShapeIssue {
  /** Path into the body, e.g. `["flags", 3, "id"]`. */
  readonly path: readonly PropertyKey[];
  /** What was wrong there. */
  readonly message: string;
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(body)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

/**
 * Builds the error for a 2xx body that failed validation; the message names the first offending fields.
 * @param ctx - API and credential context.
 * @param req - the request whose answer was wrong.
 * @param issues - the validation issues.
 */
export function responseShapeError(ctx: ErrorContext, req: ErrorRequest, issues: readonly ShapeIssue[]): ApiError {
  const shown = issues.slice(0, 3).map((i) => `${formatPath(i.path)}: ${i.message}`);
  if (issues.length > 3) shown.push(`and ${issues.length - 3} more`);
  const serverMessage = ctx.redact(`unexpected response shape: ${shown.join("; ")}`);
  const remedy = remedyFor(ctx, ErrorCode.RESPONSE_SHAPE);
  return new ApiError(compose(req, `200 ${serverMessage}`, remedy), { code: ErrorCode.RESPONSE_SHAPE, status: 200, method: req.method, route: routeOf(req), serverMessage, remedy });
}

/** Figures for a budget message. */
export interface BudgetFigures {
  /** Requests counted today. */
  readonly usedToday: number;
  /** The configured budget, when the client's own budget is what ran out. */
  readonly budget?: number;
  /** The server's message, when the server reported the daily limit. */
  readonly serverMessage?: string;
}

/**
 * Builds the error for a spent daily budget, saying when it resets (next UTC midnight) and how long that is.
 * @param ctx - API and credential context.
 * @param req - the request that was refused.
 * @param figures - how many requests were made, and why the budget counts as spent.
 */
export function dailyBudgetError(ctx: ErrorContext, req: ErrorRequest, figures: BudgetFigures): ApiError {
  const now = (ctx.now ?? Date.now)();
  const resetsAt = nextUtcMidnight(now);
  const waitMs = resetsAt - now;
  const key = ctx.dailyBudgetConfigKey ?? "dailyRequestBudget";
  const why = figures.serverMessage !== undefined ? `; the server says: ${ctx.redact(figures.serverMessage)}` : "";
  const message =
    `${ctx.vendor} daily request budget for project ${ctx.projectId} is exhausted (${figures.usedToday} requests today${why}); ` +
    `it resets at ${isoSeconds(resetsAt)} (in ${formatDuration(waitMs)}). Wait, or raise ${key} if your plan allows more.` +
    ` (${req.what}: ${req.method} ${req.route})`;
  const remedy = `Wait until ${isoSeconds(resetsAt)}, or raise ${key} if your plan allows more.`;
  return new ApiError(message, {
    code: ErrorCode.DAILY_BUDGET, status: figures.serverMessage !== undefined ? 429 : undefined, method: req.method, route: routeOf(req),
    serverMessage: figures.serverMessage, remedy, retryAfterMs: waitMs,
  });
}

/**
 * Builds the error for giving up on 429s: after the attempt bound, or because the server asked for a wait
 * longer than the caller accepts. Says when the daily quota would reset, since a persistent 429 usually means it
 * is spent.
 * @param ctx - API and credential context.
 * @param last - the last 429 error.
 * @param attempts - attempts made.
 */
export function rateLimitGaveUpError(ctx: ErrorContext, last: ApiError, attempts: number): ApiError {
  const now = (ctx.now ?? Date.now)();
  const resetsAt = nextUtcMidnight(now);
  const waitNote = last.retryAfterMs !== undefined ? `the server asked to wait ${formatDuration(last.retryAfterMs)}; ` : "";
  const remedy =
    `The server kept answering 429 after ${attempts} attempt${attempts === 1 ? "" : "s"}; ${waitNote}if the ${ctx.vendor} daily limit for project ` +
    `${ctx.projectId} is spent it resets at ${isoSeconds(resetsAt)} (in ${formatDuration(resetsAt - now)}). ` +
    remedyFor(ctx, ErrorCode.RATE_LIMITED);
  const detail = last.serverMessage ? `429 ${last.serverMessage}` : "429";
  const what = last.message.slice(0, last.message.indexOf(" failed:"));
  const template = last.route.startsWith(`${last.method} `) ? last.route.slice(last.method.length + 1) : last.route;
  return new ApiError(compose({ what, method: last.method, route: template }, detail, remedy), {
    code: ErrorCode.RATE_LIMITED, status: 429, method: last.method, route: last.route, serverMessage: last.serverMessage,
    remedy, retryAfterMs: last.retryAfterMs, attempts,
  });
}
