import { ErrorCode, isApiError } from "../errors";
import { realNow, realSleep, type Now, type Sleep } from "../time";
import type { Step } from "./types";

/** Settings of an {@link AdaptiveTokenBucket}. */
export interface TokenBucketOptions {
  /**
   * Requests per second the bucket allows at most (the vendor's documented per-project limit).
   * @default 100
   */
  readonly ratePerSecond?: number;
  /**
   * Tokens that may accumulate while idle, i.e. how many requests may leave at once after a pause.
   * @default 10
   */
  readonly burst?: number;
  /**
   * Multiplier applied to the current rate on a 429 (multiplicative decrease). Not harsher: servers also send
   * 429s that are not about our rate (shared quotas, flaky proxies), and a halving per second starves the run.
   * @default 0.7
   */
  readonly decreaseFactor?: number;
  /**
   * How fast the rate climbs back, in requests/s gained per second without a 429 (additive increase).
   * @default ratePerSecond / 4 (a rate cut to 70% is back to full in about 1.2 s after the cooldown)
   */
  readonly recoveryPerSecond?: number;
  /**
   * Floor of the adaptive rate, in requests/s.
   * @default max(1, ratePerSecond / 20)
   */
  readonly minRatePerSecond?: number;
  /**
   * Length of the vendor's counting window in milliseconds. Besides the bucket, the limiter never grants more than
   * `ratePerSecond · windowMs / 1000` permits in any window of this length plus {@link TokenBucketOptions.windowSlackMs}:
   * a bucket alone lets `burst + rate` through in one second, which an exact sliding-window server refuses.
   * @default 1000
   */
  readonly windowMs?: number;
  /**
   * Extra milliseconds added to the window to absorb network and event-loop jitter between our send and the
   * server's count (costs about 3% of the throughput at the default).
   * @default 30
   */
  readonly windowSlackMs?: number;
  /** Clock; injectable for tests. @default Date.now */
  readonly now?: Now;
  /** Sleep; injectable for tests. @default a setTimeout-based sleep */
  readonly sleep?: Sleep;
}

/**
 * Window after a decrease during which further 429s do not lower the rate again: the 429s of one burst arrive
 * together and describe one overload, not several.
 */
const DECREASE_COOLDOWN_MS = 1000;

/**
 * A token bucket whose rate adapts to the server (AIMD): a 429 cuts the rate to 70% for every caller sharing the
 * bucket, and it then climbs back linearly. Callers waiting for a token are served strictly first-in first-out,
 * one token at a time as tokens accrue, so a recovery never releases a stampede.
 */
export class AdaptiveTokenBucket {
  private maxRate = 100;
  private burst = 10;
  private decreaseFactor = 0.7;
  private recovery = 10;
  private minRate = 5;
  private windowMs = 1000;
  private windowSlackMs = 30;
  /** Grant times within the current window, oldest first. */
  private readonly grants: number[] = [];
  private now: Now = realNow;
  private sleep: Sleep = realSleep;

  private rate = 100;
  private tokens = 10;
  private lastRefill: number;
  private pausedUntil = 0;
  private lastDecrease = Number.NEGATIVE_INFINITY;
  private readonly queue: Array<() => void> = [];
  private draining = false;
  private throttles = 0;

  /** @param options - rate, burst, adaptation and test seams. */
  constructor(options: TokenBucketOptions = {}) {
    this.configure(options);
    this.rate = this.maxRate;
    this.tokens = this.burst;
    this.lastRefill = this.now();
  }

  /**
   * Applies new settings (the latest client configuration wins); the adapted rate is kept but clamped to the
   * new bounds.
   * @param options - settings to change.
   */
  configure(options: TokenBucketOptions): void {
    this.maxRate = Math.max(0.001, options.ratePerSecond ?? 100);
    this.burst = Math.max(1, options.burst ?? 10);
    this.decreaseFactor = Math.min(1, Math.max(0.05, options.decreaseFactor ?? 0.7));
    this.recovery = Math.max(0, options.recoveryPerSecond ?? this.maxRate / 4);
    this.minRate = Math.min(this.maxRate, Math.max(0.001, options.minRatePerSecond ?? Math.max(1, this.maxRate / 20)));
    this.windowMs = Math.max(1, options.windowMs ?? 1000);
    this.windowSlackMs = Math.max(0, options.windowSlackMs ?? 30);
    if (options.now) this.now = options.now;
    if (options.sleep) this.sleep = options.sleep;
    this.rate = Math.min(this.maxRate, Math.max(this.minRate, this.rate));
    this.tokens = Math.min(this.tokens, this.burst);
  }

  /** The current adapted rate, in requests per second. */
  get currentRate(): number {
    this.refill();
    return this.rate;
  }

  /** How many callers are waiting for a token. */
  get waiting(): number {
    return this.queue.length;
  }

  /** How many 429s were reported since the bucket was created. */
  get throttleCount(): number {
    return this.throttles;
  }

  /** Resolves when the caller may send one request. */
  acquire(): Promise<void> {
    this.refill();
    if (this.queue.length === 0 && this.tokens >= 1 && this.now() >= this.pausedUntil && this.windowWait() === 0) {
      this.grant();
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.queue.push(resolve);
      void this.drain();
    });
  }

  /**
   * Reports a 429: lowers the rate for everyone (at most once per second), empties the bucket, and when the
   * server named a wait, holds every caller until it has passed.
   * @param retryAfterMs - the server's requested wait, if any.
   */
  onThrottle(retryAfterMs?: number): void {
    this.refill();
    this.throttles += 1;
    const now = this.now();
    if (now - this.lastDecrease >= DECREASE_COOLDOWN_MS) {
      this.rate = Math.max(this.minRate, this.rate * this.decreaseFactor);
      this.lastDecrease = now;
    }
    this.tokens = Math.min(this.tokens, 0);
    if (retryAfterMs !== undefined) this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
  }

  private refill(): void {
    const now = this.now();
    const elapsed = Math.max(0, now - this.lastRefill) / 1000;
    this.lastRefill = now;
    this.tokens = Math.min(this.burst, this.tokens + this.rate * elapsed);
    // Recovery never pauses: if it waited out each cooldown, a steady trickle of 429s (one per second) would
    // ratchet the rate down to the floor. The equilibrium under such noise is rate·(1 - factor) ≈ recovery.
    this.rate = Math.min(this.maxRate, this.rate + this.recovery * elapsed);
  }

  private grant(): void {
    this.tokens -= 1;
    this.grants.push(this.now());
  }

  /** Milliseconds until the sliding window has room for one more grant (0 when it has room now). */
  private windowWait(): number {
    const span = this.windowMs + this.windowSlackMs;
    const cap = Math.max(1, Math.floor((this.maxRate * this.windowMs) / 1000));
    const now = this.now();
    while (this.grants.length > 0 && (this.grants[0] as number) <= now - span) this.grants.shift();
    if (this.grants.length < cap) return 0;
    return Math.max(1, (this.grants[this.grants.length - cap] as number) + span - now);
  }

  /** One loop serves the queue; it sleeps until the next token and releases exactly one waiter per token. */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        this.refill();
        const now = this.now();
        const windowWait = this.windowWait();
        if (now < this.pausedUntil) {
          await this.sleep(this.pausedUntil - now);
        } else if (windowWait > 0) {
          await this.sleep(windowWait);
        } else if (this.tokens >= 1) {
          this.grant();
          this.queue.shift()?.();
        } else {
          await this.sleep(Math.max(1, Math.ceil(((1 - this.tokens) / this.rate) * 1000)));
        }
      }
    } finally {
      this.draining = false;
    }
  }
}

/**
 * The pipeline step that takes a token before each attempt and feeds 429s back into the shared bucket.
 * @param bucket - the bucket shared by every client of the same (base URL, project).
 */
export function rateLimit(bucket: AdaptiveTokenBucket): Step {
  return async (request, next) => {
    await bucket.acquire();
    try {
      return await next(request);
    } catch (error) {
      if (isApiError(error) && error.code === ErrorCode.RATE_LIMITED) bucket.onThrottle(error.retryAfterMs);
      throw error;
    }
  };
}
