/**
 * Vendor-neutral building blocks of the API clients: transport, pipeline steps, limiter, retry policy,
 * pagination, errors and redaction. Re-exports only.
 */

// Errors
export {
  ApiError, DEFAULT_REMEDIES, ErrorCode, dailyBudgetError, errorFromException, errorFromResponse, extractServerMessage,
  isAlreadyExists, isApiError, isNotFound, isRateLimited, rateLimitGaveUpError, responseShapeError,
} from "./errors";
export type { ApiErrorFields, BudgetFigures, ErrorContext, ErrorRequest, ShapeIssue } from "./errors";

// Credentials
export { Secret, redactHeaders, redactText } from "./redact";

// Time
export { formatDuration, isoSeconds, nextUtcMidnight, realNow, realSleep, utcDay } from "./time";
export type { Now, Sleep } from "./time";
export { PACKAGE_VERSION, SUPPORTED_PULUMI_SDK, USER_AGENT } from "./version";

// HTTP pipeline
export { compose } from "./http/compose";
export { closeTransports, transport } from "./http/transport";
export type { TransportOptions } from "./http/transport";
export { responseErrors } from "./http/response-errors";
export { retry } from "./http/retry";
export type { RetryStepOptions } from "./http/retry";
export { DEFAULT_RETRY_OPTIONS, retryPolicy } from "./http/retry-policy";
export type { RetryDecision, RetryOptions, RetryPolicy } from "./http/retry-policy";
export { parseRetryAfter } from "./http/retry-after";
export { AdaptiveTokenBucket, rateLimit } from "./http/rate-limit";
export type { TokenBucketOptions } from "./http/rate-limit";
export { Semaphore, inFlight } from "./http/in-flight";
export { DailyBudget, dailyBudget } from "./http/daily-budget";
export type { DailyBudgetOptions } from "./http/daily-budget";
export { LIMITS_REGISTRY_KEY, resetSharedLimits, sharedLimits } from "./http/shared-limits";
export type { SharedLimits, SharedLimitsOptions } from "./http/shared-limits";
export { paginate } from "./http/paginate";
export type { Page, PaginateOptions } from "./http/paginate";
export { syntheticResponse } from "./http/types";
export type { Handler, HttpMethod, HttpRequest, HttpResponse, Step } from "./http/types";
export { manualClock } from "./testing/manual-clock";
export type { ManualClock } from "./testing/manual-clock";
export { KeyedWindowLimiter, windowRateLimit } from "./http/window-limiter";
export type { LimitWindow, WindowLimiterOptions } from "./http/window-limiter";
export { parseRateLimitHeaders } from "./http/rate-limit-headers";
export type { RateLimitHint } from "./http/rate-limit-headers";
export { Coalescer } from "./coalescer";
export { unreachableServer } from "./http/unreachable";
export type { Reachability } from "./http/unreachable";
export type { CoalescerOptions } from "./coalescer";
export { escapePointerToken, isReplaySafePatch, jsonEquals, pointer, replaceChanged, setOperations } from "./json-patch";
export type { JsonPatchOperation } from "./json-patch";
