import { ErrorCode, isApiError, type ApiError } from "../errors";
import type { HttpMethod } from "./types";

/** Retry settings; one set for the whole client, merged with defaults once by {@link retryPolicy}. */
export interface RetryOptions {
  /**
   * Total attempts per request, the first included.
   * @default 8
   */
  readonly maxAttempts?: number;
  /**
   * Base of the exponential backoff, in milliseconds: attempt n waits a random time in [0, min(cap, base·2^(n-1))].
   * @default 500
   */
  readonly baseDelayMs?: number;
  /**
   * Cap of the exponential backoff, in milliseconds.
   * @default 30000
   */
  readonly maxDelayMs?: number;
  /**
   * Longest server-requested wait (`Retry-After`) the client accepts. A longer one is never cut short: the request
   * fails at once with the wait in its message instead of blocking a deployment for hours.
   * @default 120000
   */
  readonly maxRetryAfterMs?: number;
  /**
   * Random source in [0, 1) for the jitter; injectable for deterministic tests.
   * @default Math.random
   */
  readonly random?: () => number;
}

/** What to do after a failed attempt. */
export type RetryDecision =
  /** Give up and throw the error. */
  | { readonly action: "fail" }
  /** Wait `delayMs`, then send again. */
  | { readonly action: "retry"; readonly delayMs: number }
  /** Wait `delayMs`, then ask the request's reconciler whether the first attempt took effect; replay if not. */
  | { readonly action: "reconcile"; readonly delayMs: number };

/** A retry policy with all defaults applied. */
export interface RetryPolicy {
  /** The merged settings. */
  readonly options: Required<RetryOptions>;
  /**
   * Decides what follows a failed attempt.
   * @param error - what the attempt threw.
   * @param attempt - 1-based number of the attempt that failed.
   * @param method - the request's method.
   * @param canReconcile - whether the request has a reconciler.
   * @param replayable - whether a replay has the effect of one send. @default true for GET, PUT, PATCH and DELETE
   */
  decide(error: unknown, attempt: number, method: HttpMethod, canReconcile: boolean, replayable?: boolean): RetryDecision;
  /**
   * The capped, fully jittered backoff before attempt `attempt + 1`.
   * @param attempt - 1-based number of the attempt that failed.
   */
  backoff(attempt: number): number;
}

/** The defaults, stated once. */
export const DEFAULT_RETRY_OPTIONS: Required<RetryOptions> = {
  maxAttempts: 8,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  random: Math.random,
};

/**
 * Errors after which the request may or may not have taken effect: the server (or the network) failed while
 * the request was in its hands.
 */
const AMBIGUOUS: ReadonlySet<string> = new Set([ErrorCode.SERVER, ErrorCode.NETWORK, ErrorCode.TIMEOUT]);

/** Methods whose replay has the same effect as one send: the rule every HTTP library applies. */
const REPLAYABLE: ReadonlySet<HttpMethod> = new Set<HttpMethod>(["GET", "PUT", "PATCH", "DELETE"]);

/**
 * Builds the one retry policy the clients share.
 *
 * - 401/403/4xx and shape errors: never retried (retrying cannot fix them).
 * - 429: always retried, for every method — the server refused before doing any work. The wait is the server's
 *   `Retry-After` when present (never shortened; over `maxRetryAfterMs` fails at once), else the backoff.
 * - 5xx, network errors, timeouts: GET/PUT/PATCH/DELETE, and POSTs the caller marks replayable (full replaces), are
 *   replayed. A request with a reconciler (creates and additive POSTs) is checked first, then replayed only if the
 *   first attempt did not take effect. Any other POST is never replayed: a duplicate create is worse than a failed
 *   deployment.
 * @param options - overrides for {@link DEFAULT_RETRY_OPTIONS}.
 */
export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const merged: Required<RetryOptions> = {
    maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_RETRY_OPTIONS.maxAttempts)),
    baseDelayMs: Math.max(0, options.baseDelayMs ?? DEFAULT_RETRY_OPTIONS.baseDelayMs),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? DEFAULT_RETRY_OPTIONS.maxDelayMs),
    maxRetryAfterMs: Math.max(0, options.maxRetryAfterMs ?? DEFAULT_RETRY_OPTIONS.maxRetryAfterMs),
    random: options.random ?? DEFAULT_RETRY_OPTIONS.random,
  };

  const backoff = (attempt: number): number => {
    // Full jitter (AWS architecture blog): spreads retries of many callers evenly instead of in waves.
    const ceiling = Math.min(merged.maxDelayMs, merged.baseDelayMs * 2 ** Math.max(0, attempt - 1));
    return Math.floor(merged.random() * ceiling);
  };

  const decide = (error: unknown, attempt: number, method: HttpMethod, canReconcile: boolean, replayable = REPLAYABLE.has(method)): RetryDecision => {
    if (!isApiError(error) || attempt >= merged.maxAttempts) return { action: "fail" };
    const e: ApiError = error;
    if (e.code === ErrorCode.RATE_LIMITED) {
      if (e.retryAfterMs === undefined) return { action: "retry", delayMs: backoff(attempt) };
      if (e.retryAfterMs > merged.maxRetryAfterMs) return { action: "fail" };
      // Honour the server's wait in full; add a little jitter on top (never below) so waiters do not wake together.
      return { action: "retry", delayMs: e.retryAfterMs + Math.floor(merged.random() * Math.min(merged.baseDelayMs, 1000)) };
    }
    if (!AMBIGUOUS.has(e.code)) return { action: "fail" };
    if (canReconcile) return { action: "reconcile", delayMs: backoff(attempt) };
    if (replayable) return { action: "retry", delayMs: backoff(attempt) };
    return { action: "fail" };
  };

  return { options: merged, decide, backoff };
}
