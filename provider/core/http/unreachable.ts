import { ErrorCode, isApiError, type ApiError } from "../errors";
import type { Step } from "./types";

/** Connection errors that say the server is not there at all (not a reset or a timeout of one busy request). */
const UNREACHABLE = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)\b/;

/** What one server's requests share: the last "not reachable" failure, and until when it stands. */
export interface Reachability {
  failure?: ApiError;
  until?: number;
}

/**
 * Fails every request at once, with the same error, for `holdMs` after one request to the server gave up on it
 * (refused, no such host), instead of letting each of a run's thousand resources retry it on its own for minutes.
 * Outermost in a pipeline, around the retry step: a request that has given up records it; an answer of any kind
 * clears it. The error keeps its remedy (check the server URL and network access).
 * @param state - shared by every client of the server (and credential).
 * @param now - clock in milliseconds.
 * @param holdMs - how long one failure stands. @default 30000
 */
export function unreachableServer(state: Reachability, now: () => number, holdMs = 30_000): Step {
  return async (request, next) => {
    if (state.failure !== undefined && (state.until ?? 0) > now()) throw state.failure;
    try {
      const response = await next(request);
      state.failure = undefined;
      return response;
    } catch (error) {
      if (isApiError(error) && error.code === ErrorCode.NETWORK && UNREACHABLE.test(error.message)) {
        state.failure = error;
        state.until = now() + holdMs;
      } else if (isApiError(error) && error.status !== undefined) state.failure = undefined;
      throw error;
    }
  };
}
