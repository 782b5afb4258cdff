import { Pool } from "undici";
import { errorFromException, type ErrorContext } from "../errors";
import type { Secret } from "../redact";
import { USER_AGENT } from "../version";
import type { Handler, HttpResponse } from "./types";

/** Settings of the {@link transport} handler. */
export interface TransportOptions {
  /** Base URL; a path prefix is kept (`http://host/prefix` + `/api/1/flags`). */
  readonly baseUrl: string;
  /** The credential, sent as `Authorization: <authScheme> <secret>`; only revealed when the header is built. */
  readonly credential?: Secret;
  /**
   * The authorization scheme.
   * @default "Bearer"
   */
  readonly authScheme?: string;
  /**
   * Per-attempt timeout covering connect, headers and body, in milliseconds.
   * @default 30000
   */
  readonly timeoutMs?: number;
  /** Error context, to build network and timeout errors. */
  readonly errorContext: ErrorContext;
  /**
   * Extra headers sent with every request (lower-case names), e.g. a vendor's caller id. Never credentials: those go
   * through `credential`, which is redacted.
   * @default none
   */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Pools live on `globalThis` for the same reason as the limiters: one keep-alive pool per origin per process. */
const POOLS_KEY = Symbol.for("pulumi-feature-flags.pools");

function pools(): Map<string, Pool> {
  const g = globalThis as unknown as Record<symbol, Map<string, Pool> | undefined>;
  let map = g[POOLS_KEY];
  if (map === undefined) {
    map = new Map();
    g[POOLS_KEY] = map;
  }
  return map;
}

function poolFor(origin: string): Pool {
  const map = pools();
  let pool = map.get(origin);
  if (pool === undefined || pool.closed || pool.destroyed) {
    // Keep-alive pool; undici never retries on its own here, so the retry policy stays the only one.
    pool = new Pool(origin, { connections: 64, keepAliveTimeout: 30_000, pipelining: 1 });
    map.set(origin, pool);
  }
  return pool;
}

/**
 * Closes every keep-alive pool in this process (tests, benches, short scripts).
 */
export async function closeTransports(): Promise<void> {
  const map = pools();
  const all = [...map.values()];
  map.clear();
  await Promise.all(all.map((p) => p.close().catch(() => undefined)));
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/**
 * The terminal handler: sends one attempt over undici with a per-attempt timeout, the house `User-Agent`, JSON
 * headers and the credential, and reads the whole body as text (JSON and plain-text `OK` alike). A failure to get
 * an answer becomes `FF_ERR_NETWORK` or `FF_ERR_TIMEOUT`; statuses are left to the `responseErrors` step.
 * @param options - base URL, credential, timeout and error context.
 */
export function transport(options: TransportOptions): Handler {
  const url = new URL(options.baseUrl);
  const origin = url.origin;
  const prefix = url.pathname.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 30_000;
  const scheme = options.authScheme ?? "Bearer";

  return async (request): Promise<HttpResponse> => {
    const headers: Record<string, string> = { ...options.headers, accept: "application/json", "user-agent": USER_AGENT };
    if (options.credential !== undefined) headers.authorization = `${scheme} ${options.credential.reveal()}`;
    if (request.body !== undefined) headers["content-type"] = "application/json";
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const res = await poolFor(origin).request({
        method: request.method, path: prefix + request.path, headers, body: request.body, signal: controller.signal,
      });
      const text = await res.body.text();
      return { status: res.statusCode, headers: flattenHeaders(res.headers), text };
    } catch (error) {
      throw errorFromException(options.errorContext, request, error, timedOut);
    } finally {
      clearTimeout(timer);
    }
  };
}
