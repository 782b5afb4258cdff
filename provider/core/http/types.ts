/**
 * The request and response shapes that flow through the pipeline steps. Bodies are buffered strings, so a
 * replay sends exactly the same bytes as the first attempt.
 */

/** HTTP methods the clients use. */
export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** A fully described request. */
export interface HttpRequest {
  /** HTTP method. */
  readonly method: HttpMethod;
  /** Concrete path with query string, e.g. `/api/1/flags/42?x=1`. Never appears in messages. */
  readonly path: string;
  /** Route template for messages, metrics and logs, e.g. `/api/1/flags/:id`. */
  readonly route: string;
  /** What the caller is doing, e.g. `update flag`; errors read `<what> failed: …`. */
  readonly what: string;
  /** Buffered JSON body, or undefined for none. */
  readonly body?: string;
  /**
   * For requests that are not safe to replay blindly (creates, additive POSTs): checks after an ambiguous failure
   * (timeout, reset, 5xx) whether the first attempt took effect. Returns the response the request would have
   * produced when it did, or `undefined` when it did not (then the request is replayed).
   * @default undefined: POST is never replayed after an ambiguous failure; other methods are.
   */
  readonly reconcile?: () => Promise<HttpResponse | undefined>;
  /**
   * A POST whose replay has the same effect as one send (a full replace of what it names, e.g. ConfigCat's bulk value
   * write): replayed after an ambiguous failure like PUT, without a reconciler.
   * @default false (only GET, PUT, PATCH and DELETE are replayed blindly)
   */
  readonly replayable?: boolean;
}

/** A received response with its body fully read. */
export interface HttpResponse {
  /** HTTP status. */
  readonly status: number;
  /** Response headers, lower-case names, repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** Body text (`""` when empty). */
  readonly text: string;
}

/** Sends a request and resolves with the response, or rejects with an `ApiError`. */
export type Handler = (request: HttpRequest) => Promise<HttpResponse>;

/** One pipeline stage: may act before and after calling `next`, or not call it at all. */
export type Step = (request: HttpRequest, next: Handler) => Promise<HttpResponse>;

/**
 * Builds the response a reconciler returns when it finds that the first attempt took effect.
 * @param text - the body the original request would have returned.
 */
export function syntheticResponse(text: string): HttpResponse {
  return { status: 200, headers: { "x-reconciled": "true" }, text };
}
