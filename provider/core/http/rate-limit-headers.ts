/**
 * Reads the `X-Rate-Limit-*` headers some APIs (ConfigCat's, AspNetCoreRateLimit-style) put on every answer that
 * passed their limiter, so a client can slow down before it is refused instead of after.
 *
 * Formats accepted, because vendors differ and ConfigCat documents only the names:
 * - `X-Rate-Limit-Remaining`: a non-negative integer (requests left in the described window).
 * - `X-Rate-Limit-Reset`: an ISO-8601 timestamp (AspNetCoreRateLimit's round-trip format), an HTTP date, epoch
 *   seconds or milliseconds (told apart by magnitude), or delta seconds.
 * - `X-Rate-Limit-Limit`: a period (`1s`, `1m`, `1h`, `1d`) or a plain number of requests.
 */

/** What the `X-Rate-Limit-*` headers of one response say. */
export interface RateLimitHint {
  /** Requests left in the window the headers describe; `undefined` when absent or unreadable. */
  readonly remaining?: number;
  /** When that window frees a slot, in epoch milliseconds; `undefined` when absent or unreadable. */
  readonly resetAt?: number;
  /** The window's length in milliseconds, when `X-Rate-Limit-Limit` names a period. */
  readonly periodMs?: number;
}

const PERIOD_UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses the `X-Rate-Limit-*` headers of a response.
 * @param headers - response headers with lower-case names.
 * @param now - the current time in epoch milliseconds, for relative reset values.
 * @returns the hint, or `undefined` when no such header is present.
 */
export function parseRateLimitHeaders(headers: Readonly<Record<string, string>>, now: number): RateLimitHint | undefined {
  const rawRemaining = headers["x-rate-limit-remaining"]?.trim();
  const rawReset = headers["x-rate-limit-reset"]?.trim();
  const rawLimit = headers["x-rate-limit-limit"]?.trim();
  if (rawRemaining === undefined && rawReset === undefined && rawLimit === undefined) return undefined;
  const remaining = rawRemaining !== undefined && /^\d+$/.test(rawRemaining) ? Number(rawRemaining) : undefined;
  const periodMatch = rawLimit !== undefined ? /^(\d+(?:\.\d+)?)\s*([smhd])$/i.exec(rawLimit) : null;
  const periodMs = periodMatch ? Number(periodMatch[1]) * (PERIOD_UNITS[periodMatch[2]!.toLowerCase()] ?? 0) : undefined;
  return { remaining, resetAt: rawReset === undefined ? undefined : parseReset(rawReset, now), periodMs };
}

function parseReset(value: string, now: number): number | undefined {
  if (/^\d+(\.\d+)?$/.test(value)) {
    const n = Number(value);
    if (n > 1e12) return Math.ceil(n);
    if (n > 1e9) return Math.ceil(n * 1000);
    return now + Math.ceil(n * 1000);
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : date;
}
