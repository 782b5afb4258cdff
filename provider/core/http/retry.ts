import { ErrorCode, isApiError, type ApiError } from "../errors";
import type { Sleep } from "../time";
import type { RetryPolicy } from "./retry-policy";
import type { Step } from "./types";

/** Settings of the {@link retry} step. */
export interface RetryStepOptions {
  /** The policy that decides whether and when to try again. */
  readonly policy: RetryPolicy;
  /** How to wait between attempts; injected so tests never sleep for real. */
  readonly sleep: Sleep;
  /**
   * Replaces the last 429 error when the client gives up on it, so the message can say why and when the quota
   * resets.
   * @default the last error unchanged
   */
  readonly onRateLimitGiveUp?: (last: ApiError, attempts: number) => ApiError;
}

const AMBIGUOUS: ReadonlySet<string> = new Set([ErrorCode.SERVER, ErrorCode.NETWORK, ErrorCode.TIMEOUT]);

/**
 * The pipeline step that retries failed attempts as the {@link RetryPolicy} decides. Each attempt goes through
 * all inner steps again, so it takes a fresh rate token and counts against the daily budget.
 *
 * For a request with a reconciler, an ambiguous failure is followed by a check (after the backoff, so the server
 * has had time to settle) and the request is replayed only if its first attempt did not take effect; the check
 * also runs once after the last attempt, because an "applied then dropped" write must not surface as an error.
 * @param options - policy, sleep and give-up hook.
 */
export function retry(options: RetryStepOptions): Step {
  const { policy, sleep } = options;
  return async (request, next) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await next(request);
      } catch (error) {
        const decision = policy.decide(error, attempt, request.method, request.reconcile !== undefined, request.replayable || undefined);
        if (decision.action === "fail") {
          if (request.reconcile !== undefined && isApiError(error) && AMBIGUOUS.has(error.code)) {
            const found = await request.reconcile();
            if (found !== undefined) return found;
          }
          if (isApiError(error) && error.code === ErrorCode.RATE_LIMITED && options.onRateLimitGiveUp) {
            throw options.onRateLimitGiveUp(error, attempt);
          }
          throw error;
        }
        await sleep(decision.delayMs);
        if (decision.action === "reconcile" && request.reconcile !== undefined) {
          const found = await request.reconcile();
          if (found !== undefined) return found;
        }
      }
    }
  };
}
