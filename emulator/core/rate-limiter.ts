/** Limits a rate limiter enforces; 0 disables a limit. */
export interface RateLimits {
  /** Requests allowed per key in any sliding 1-second window. */
  perSecond: number;
  /** Requests allowed per key per UTC day. */
  perDay: number;
}

/** The verdict for one request. */
export type RateVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: "second" | "day"; readonly retryAfterSeconds: number };

const DAY_MS = 86_400_000;

interface KeyUsage {
  /** Ring buffer of the admission times of the last `perSecond` admitted requests. */
  ring: number[];
  head: number;
  day: number;
  usedToday: number;
}

/**
 * Per-key rate limiter: an exact sliding one-second window (a ring of the last N admission times, O(1)
 * per request) plus a daily counter that resets at UTC midnight. Refused requests consume nothing.
 */
export class RateLimiter {
  private readonly usage = new Map<string, KeyUsage>();

  /**
   * @param limits - the limits to enforce
   * @param now - clock in epoch ms, injectable for tests
   */
  constructor(
    private limits: RateLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** The limits in force. */
  get current(): RateLimits {
    return { ...this.limits };
  }

  /**
   * Changes the limits. The per-second windows restart (their size depends on the limit); daily usage is kept.
   * @param limits - new limits
   */
  setLimits(limits: RateLimits): void {
    this.limits = { ...limits };
    for (const u of this.usage.values()) {
      u.ring = [];
      u.head = 0;
    }
  }

  /**
   * Sets how many requests a key has used so far today, so daily-quota tests need not send 100,000 requests.
   * @param key - the limited key (a project id)
   * @param used - requests already used today
   */
  setUsedToday(key: string, used: number): void {
    const u = this.entry(key);
    u.usedToday = used;
  }

  /**
   * Reads how many requests a key has used today.
   * @param key - the limited key
   */
  usedToday(key: string): number {
    return this.entry(key).usedToday;
  }

  /**
   * Checks a request and, when it is allowed, counts it.
   * @param key - the limited key (a project id)
   */
  take(key: string): RateVerdict {
    const { perSecond, perDay } = this.limits;
    if (perSecond <= 0 && perDay <= 0) return { allowed: true };
    const now = this.now();
    const u = this.entry(key);
    if (perDay > 0 && u.usedToday >= perDay) {
      const nextMidnight = (Math.floor(now / DAY_MS) + 1) * DAY_MS;
      return { allowed: false, reason: "day", retryAfterSeconds: Math.max(1, Math.ceil((nextMidnight - now) / 1000)) };
    }
    if (perSecond > 0) {
      if (u.ring.length >= perSecond) {
        // The oldest of the last N admissions; if it is under a second old, N requests already fill the window.
        const oldest = u.ring[u.head];
        if (now - oldest < 1000) {
          return { allowed: false, reason: "second", retryAfterSeconds: Math.max(1, Math.ceil((oldest + 1000 - now) / 1000)) };
        }
        u.ring[u.head] = now;
        u.head = (u.head + 1) % perSecond;
      } else {
        u.ring.push(now);
      }
    }
    u.usedToday += 1;
    return { allowed: true };
  }

  private entry(key: string): KeyUsage {
    const day = Math.floor(this.now() / DAY_MS);
    let u = this.usage.get(key);
    if (!u) {
      u = { ring: [], head: 0, day, usedToday: 0 };
      this.usage.set(key, u);
    } else if (u.day !== day) {
      u.day = day;
      u.usedToday = 0;
    }
    return u;
  }
}
