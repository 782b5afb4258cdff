/**
 * Reads how long a server asks us to wait from its response headers. Amplitude documents no such header, but a
 * proxy or a future API version may send one, and when it does it must win over our own backoff.
 *
 * Precedence (first present and valid wins):
 * 1. `Retry-After`: delta seconds, or an HTTP date.
 * 2. `RateLimit-Reset` (IETF draft): delta seconds.
 * 3. `X-RateLimit-Reset`: epoch seconds (when larger than ~2001-09-09), epoch milliseconds (when larger than
 *    1e12), else delta seconds — vendors disagree, and the magnitude tells them apart.
 * 4. `X-RateLimit-Reset-After`: delta seconds.
 *
 * @param headers - response headers with lower-case names.
 * @param now - the current time in epoch milliseconds, for absolute values.
 * @returns the wait in milliseconds (≥ 0), or `undefined` when no usable header is present.
 */
export function parseRetryAfter(headers: Readonly<Record<string, string>>, now: number): number | undefined {
  const retryAfter = headers["retry-after"];
  if (retryAfter !== undefined) {
    const v = retryAfter.trim();
    if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v) * 1000);
    const date = Date.parse(v);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = deltaSeconds(headers["ratelimit-reset"]);
  if (reset !== undefined) return reset;
  const xReset = headers["x-ratelimit-reset"];
  if (xReset !== undefined && /^\d+(\.\d+)?$/.test(xReset.trim())) {
    const n = Number(xReset.trim());
    if (n > 1e12) return Math.max(0, Math.ceil(n - now));
    if (n > 1e9) return Math.max(0, Math.ceil(n * 1000 - now));
    return Math.ceil(n * 1000);
  }
  return deltaSeconds(headers["x-ratelimit-reset-after"]);
}

function deltaSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  return /^\d+(\.\d+)?$/.test(v) ? Math.ceil(Number(v) * 1000) : undefined;
}
