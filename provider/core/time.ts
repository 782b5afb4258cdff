/**
 * Clock helpers shared by the limiter, the daily budget and error messages. Everything that reads time takes
 * a `now()` so tests can drive it without real timers.
 */

/** Returns the current time in epoch milliseconds. */
export type Now = () => number;

/** Waits `ms` milliseconds. Injected so tests can shrink or fake every wait. */
export type Sleep = (ms: number) => Promise<void>;

/** The real clock. */
export const realNow: Now = () => Date.now();

/**
 * A real timer-based sleep. The timer is deliberately not `unref`'d: a request waiting for a token must keep a
 * short-lived script alive until it is sent.
 */
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * The UTC day of an instant, as `YYYY-MM-DD`; vendors reset daily quotas at UTC midnight.
 * @param epochMs - the instant.
 */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/**
 * The next UTC midnight strictly after an instant, in epoch milliseconds.
 * @param epochMs - the instant.
 */
export function nextUtcMidnight(epochMs: number): number {
  const d = new Date(epochMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

/**
 * Formats an instant as ISO 8601 without milliseconds (`2026-11-24T00:00:00Z`), the form error messages use.
 * @param epochMs - the instant.
 */
export function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Formats a duration for humans: `3h12m`, `4m05s`, `12s`, `350ms`.
 * @param ms - the duration in milliseconds; negative values count as 0.
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  if (total < 1000) return `${total}ms`;
  const s = Math.ceil(total / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${m}m${String(sec).padStart(2, "0")}s`;
  return `${sec}s`;
}
