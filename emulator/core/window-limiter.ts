/** One sliding window: at most `limit` admissions per key in any `periodMs`; a limit of 0 disables it. */
export interface RateWindow {
  /** Admissions allowed per key in any sliding period. */
  limit: number;
  /** Period length in ms. */
  periodMs: number;
}

/** The verdict for one request, with what rate-limit headers need. */
export type WindowVerdict =
  | {
      readonly allowed: true;
      /** Admissions left in the longest enabled window after this one; undefined when every window is off. */
      readonly remaining?: number;
      /** When the longest window next frees a slot (epoch ms); undefined when every window is off. */
      readonly resetAt?: number;
      /** The longest enabled window (the one the headers describe). */
      readonly window?: RateWindow;
    }
  | {
      readonly allowed: false;
      /** Whole seconds until every full window has a free slot again, ≥ 1. */
      readonly retryAfterSeconds: number;
      /** The (longest) window that refused the request. */
      readonly window: RateWindow;
      /** When the refusing window frees a slot (epoch ms). */
      readonly resetAt: number;
    };

/** Admission times of one key in one window, oldest first; `head` skips expired entries without shifting. */
interface Log {
  times: number[];
  head: number;
}

/**
 * Keyed limiter over several exact sliding windows at once (e.g. 20 per second and 500 per minute per
 * endpoint). A request is admitted only if every window has room, and then counts in all of them;
 * refused requests count nowhere. O(1) amortised per request: each window keeps a queue of admission
 * times and drops the expired head.
 */
export class WindowLimiter {
  private windows: RateWindow[];
  private readonly logs = new Map<string, Log[]>();
  /** When idle keys were last dropped, and the key count that forces an early sweep. */
  private lastSweep = Number.NEGATIVE_INFINITY;
  private sweepAtSize = 1024;

  /**
   * @param windows - the windows to enforce, in any order
   * @param now - clock in epoch ms, injectable for tests
   */
  constructor(
    windows: readonly RateWindow[],
    private readonly now: () => number = Date.now,
  ) {
    this.windows = windows.map((w) => ({ ...w }));
  }

  /** The windows in force. */
  get current(): RateWindow[] {
    return this.windows.map((w) => ({ ...w }));
  }

  /**
   * Replaces the windows and forgets all usage (window sizes changed, so old logs no longer fit).
   * @param windows - new windows
   */
  setWindows(windows: readonly RateWindow[]): void {
    this.windows = windows.map((w) => ({ ...w }));
    this.logs.clear();
  }

  /** Forgets all usage. */
  reset(): void {
    this.logs.clear();
  }

  /** How many keys have usage on record (idle ones are dropped at least once per longest period). */
  get size(): number {
    return this.logs.size;
  }

  /**
   * What {@link take} would answer for headers, without counting anything: the longest enabled window,
   * the admissions left in it were this request counted, and when it next frees a slot.
   * @param key - the limited key
   * @returns undefined when every window is off
   */
  peek(key: string): { window: RateWindow; remaining: number; resetAt: number } | undefined {
    const now = this.now();
    let best: { window: RateWindow; remaining: number; resetAt: number } | undefined;
    this.windows.forEach((w, i) => {
      if (w.limit <= 0 || w.periodMs <= 0 || (best && best.window.periodMs >= w.periodMs)) return;
      const log = this.logs.get(key)?.[i];
      const live = log ? log.times.slice(log.head).filter((t) => t > now - w.periodMs) : [];
      best = { window: { ...w }, remaining: Math.max(0, w.limit - live.length - 1), resetAt: (live[0] ?? now) + w.periodMs };
    });
    return best;
  }

  /**
   * Drops keys with no admission left in any window, so keying by concrete path (one key per id ever
   * requested) stays bounded. Runs once per longest period, or early when the key count doubles; each
   * run is linear in the keys, so the cost per request stays O(1) amortised.
   */
  private sweep(now: number): void {
    const longest = Math.max(0, ...this.windows.map((w) => w.periodMs));
    if (now - this.lastSweep < longest && this.logs.size < this.sweepAtSize) return;
    this.lastSweep = now;
    for (const [key, logs] of this.logs) {
      const idle = this.windows.every((w, i) => {
        const log = logs[i];
        return log.times.length === log.head || log.times[log.times.length - 1] <= now - w.periodMs;
      });
      if (idle) this.logs.delete(key);
    }
    this.sweepAtSize = Math.max(1024, this.logs.size * 2);
  }

  /**
   * Checks a request and, when allowed, counts it in every window.
   * @param key - the limited key (e.g. credential + method + path template)
   */
  take(key: string): WindowVerdict {
    const active = this.windows.filter((w) => w.limit > 0 && w.periodMs > 0);
    if (active.length === 0) return { allowed: true };
    const now = this.now();
    this.sweep(now);
    let logs = this.logs.get(key);
    if (!logs) {
      logs = this.windows.map(() => ({ times: [], head: 0 }));
      this.logs.set(key, logs);
    }
    let refused: { window: RateWindow; resetAt: number } | undefined;
    let retryAt = 0;
    this.windows.forEach((w, i) => {
      if (w.limit <= 0 || w.periodMs <= 0) return;
      const log = logs[i];
      expire(log, now - w.periodMs);
      if (log.times.length - log.head >= w.limit) {
        const resetAt = log.times[log.times.length - w.limit] + w.periodMs;
        retryAt = Math.max(retryAt, resetAt);
        if (!refused || w.periodMs > refused.window.periodMs) refused = { window: { ...w }, resetAt };
      }
    });
    if (refused) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now) / 1000)), ...refused };
    let longest = -1;
    this.windows.forEach((w, i) => {
      if (w.limit <= 0 || w.periodMs <= 0) return;
      logs[i].times.push(now);
      if (longest < 0 || w.periodMs > this.windows[longest].periodMs) longest = i;
    });
    const w = this.windows[longest];
    const log = logs[longest];
    return { allowed: true, remaining: w.limit - (log.times.length - log.head), resetAt: log.times[log.head] + w.periodMs, window: { ...w } };
  }
}

function expire(log: Log, cutoff: number): void {
  while (log.head < log.times.length && log.times[log.head] <= cutoff) log.head++;
  // Compact now and then so the queue does not grow without bound.
  if (log.head > 1024 && log.head * 2 > log.times.length) {
    log.times = log.times.slice(log.head);
    log.head = 0;
  }
}
