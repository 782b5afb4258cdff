import { errorFromResponse, type ErrorContext } from "../errors";
import { realNow, type Now } from "../time";
import { parseRetryAfter } from "./retry-after";
import type { Step } from "./types";

/**
 * The pipeline step that turns every non-2xx response into an `ApiError` (via the one factory), attaching the
 * server's requested wait when it sent one.
 * @param ctx - error context (remedies, not-found rule, redaction).
 * @param now - clock for absolute reset headers. @default Date.now
 */
export function responseErrors(ctx: ErrorContext, now: Now = realNow): Step {
  return async (request, next) => {
    const response = await next(request);
    if (response.status >= 200 && response.status < 300) return response;
    const retryAfterMs = parseRetryAfter(response.headers, now());
    throw errorFromResponse(ctx, request, response.status, response.text, retryAfterMs);
  };
}
