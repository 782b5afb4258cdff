import { ErrorCode, isApiError } from "../errors";
import { realNow, realSleep, type Now, type Sleep } from "../time";
import { parseRateLimitHeaders } from "./rate-limit-headers";
import type { HttpRequest, Step } from "./types";

/** One sliding window: at most `limit` requests per key in any `periodMs`. */
export interface LimitWindow {
  /** Requests allowed per key in any sliding period (≥ 1). */
  readonly limit: number;
  /** Period length in milliseconds. */
  readonly periodMs: number;
}

/** Settings of a {@link KeyedWindowLimiter}. */
export interface WindowLimiterOptions {
  /** The windows enforced together per key, e.g. 15 per second and 450 per minute. */
  readonly windows: readonly LimitWindow[];
  /**
   * Milliseconds added to every window to absorb network and event-loop jitter between our send and the server's
   * count (servers count arrivals, an exact sliding window refuses the 21st arrival in any 1,000 ms).
   * @default 50
   */
  readonly slackMs?: number;
  /**
   * Longest pause a 429 without `Retry-After` imposes on its key; the pause doubles from one second with each such
   * 429 in a row and resets with the next success.
   * @default 60000 (the longest window vendors document: ConfigCat's per-minute limit)
   */
  readonly maxBlindPauseMs?: number;
  /** Clock; injectable for tests. @default Date.now */
  readonly now?: Now;
  /** Sleep; injectable for tests. @default a setTimeout-based sleep */
  readonly sleep?: Sleep;
}

interface KeyState {
  /** Grant times per window (same order as the windows), oldest first. */
  readonly grants: number[][];
  readonly queue: Array<() => void>;
  pausedUntil: number;
  draining: boolean;
  /** Pauses imposed by 429s without a server-named wait since the last success. */
  blindStrikes: number;
  /** Share of each window's limit in force for this key (0.1..1): cut by blind 429s, restored by successes. */
  share: number;
}

/**
 * A limiter for APIs that count "per endpoint" in several windows at once (ConfigCat: about 20 per second and 500
 * per minute for each endpoint). Each key (e.g. `GET /v1/settings/{settingId}`) gets its own exact sliding windows;
 * a request leaves only when every window of its key has room, so a burst never exceeds a window the way a token
 * bucket's burst can. Waiters of a key are served first-in first-out.
 *
 * Feedback from the server slows a key down before and after a refusal:
 * - `X-Rate-Limit-Remaining: 0` with an `X-Rate-Limit-Reset` time pauses the key until then (see {@link observe});
 * - a 429 pauses the key for the server's `Retry-After` (never shorter), or, without one, for 1 s, 2 s, 4 s … up to
 *   `maxBlindPauseMs`; either way the key's limits are cut to 70 % (restored by 1 % per success), because the server may count
 *   per concrete path or per credential rather than per template, and only slowing down can find out. The 429s of
 *   requests that were already on their way when a pause began count as one.
 */
export class KeyedWindowLimiter {
  private windows: LimitWindow[] = [];
  private slackMs = 50;
  private maxBlindPauseMs = 60_000;
  private now: Now = realNow;
  private sleep: Sleep = realSleep;
  private readonly keys = new Map<string, KeyState>();
  private throttles = 0;

  /** @param options - windows, slack and test seams. */
  constructor(options: WindowLimiterOptions) {
    this.configure(options);
  }

  /**
   * Applies new settings (the latest client configuration wins); usage already counted is kept.
   * @param options - settings to change.
   */
  configure(options: WindowLimiterOptions): void {
    const windows = options.windows.filter((w) => w.limit > 0 && w.periodMs > 0).map((w) => ({ limit: Math.max(1, Math.floor(w.limit)), periodMs: w.periodMs }));
    if (windows.length !== this.windows.length) for (const state of this.keys.values()) state.grants.splice(0, state.grants.length, ...windows.map(() => []));
    this.windows = windows;
    this.slackMs = Math.max(0, options.slackMs ?? 50);
    this.maxBlindPauseMs = Math.max(1000, options.maxBlindPauseMs ?? 60_000);
    if (options.now) this.now = options.now;
    if (options.sleep) this.sleep = options.sleep;
  }

  /** How many 429s were reported since the limiter was created. */
  get throttleCount(): number {
    return this.throttles;
  }

  /**
   * How many callers wait for a key.
   * @param key - the key.
   */
  waiting(key: string): number {
    return this.keys.get(key)?.queue.length ?? 0;
  }

  /**
   * Resolves when the caller may send one request under `key`.
   * @param key - what the server counts by, e.g. method and path template.
   */
  acquire(key: string): Promise<void> {
    const state = this.state(key);
    if (state.queue.length === 0 && this.waitFor(state) === 0) {
      this.grant(state);
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      state.queue.push(resolve);
      void this.drain(state);
    });
  }

  /**
   * Feeds the `X-Rate-Limit-*` headers of a successful answer back: none left means pause until the reset time.
   * A success also ends a run of blind 429s.
   * @param key - the key the request was sent under.
   * @param headers - its response headers (lower-case names).
   */
  observe(key: string, headers: Readonly<Record<string, string>>): void {
    const state = this.state(key);
    state.blindStrikes = 0;
    state.share = Math.min(1, state.share + 0.01);
    const now = this.now();
    const hint = parseRateLimitHeaders(headers, now);
    if (hint?.remaining === 0 && hint.resetAt !== undefined && hint.resetAt > now) {
      // Bounded by the longest window: a skewed server clock must not park the key for hours.
      const longest = Math.max(1000, ...this.windows.map((w) => w.periodMs));
      state.pausedUntil = Math.max(state.pausedUntil, Math.min(hint.resetAt, now + longest) + this.slackMs);
    }
  }

  /**
   * Reports a 429 for a key: pauses it for the server's wait, or for a doubling blind pause without one.
   * @param key - the key the refused request was sent under.
   * @param retryAfterMs - the server's requested wait, if it named one.
   */
  onThrottle(key: string, retryAfterMs?: number): void {
    const state = this.state(key);
    this.throttles += 1;
    const now = this.now();
    // Answers to requests sent before the current pause describe the same overload: cut and escalate once per pause.
    const fresh = now >= state.pausedUntil;
    // A 429 inside our own windows means the server counts more than we do (per credential, say): send less.
    if (fresh) state.share = Math.max(0.1, state.share * 0.7);
    if (retryAfterMs !== undefined) {
      state.pausedUntil = Math.max(state.pausedUntil, now + retryAfterMs);
      return;
    }
    if (!fresh) return;
    state.blindStrikes += 1;
    state.pausedUntil = now + Math.min(this.maxBlindPauseMs, 1000 * 2 ** (state.blindStrikes - 1));
  }

  private state(key: string): KeyState {
    let state = this.keys.get(key);
    if (state === undefined) {
      state = { grants: this.windows.map(() => []), queue: [], pausedUntil: 0, draining: false, blindStrikes: 0, share: 1 };
      this.keys.set(key, state);
    }
    return state;
  }

  private grant(state: KeyState): void {
    const now = this.now();
    for (const log of state.grants) log.push(now);
  }

  /** Milliseconds until the key may send (0 = now): its pause, and the fullest window. */
  private waitFor(state: KeyState): number {
    const now = this.now();
    let wait = Math.max(0, state.pausedUntil - now);
    this.windows.forEach((w, i) => {
      const log = state.grants[i]!;
      const span = w.periodMs + this.slackMs;
      while (log.length > 0 && log[0]! <= now - span) log.shift();
      const limit = Math.max(1, Math.floor(w.limit * state.share));
      if (log.length >= limit) wait = Math.max(wait, log[log.length - limit]! + span - now, 1);
    });
    return wait;
  }

  private async drain(state: KeyState): Promise<void> {
    if (state.draining) return;
    state.draining = true;
    try {
      while (state.queue.length > 0) {
        const wait = this.waitFor(state);
        if (wait > 0) {
          await this.sleep(wait);
        } else {
          this.grant(state);
          state.queue.shift()?.();
        }
      }
    } finally {
      state.draining = false;
    }
  }
}

/**
 * The pipeline step that takes a slot of the request's key before each attempt and feeds the answer's rate-limit
 * headers and 429s back into it. Place it outside the in-flight bound (`compose(send, retry(…),
 * windowRateLimit(…), inFlight(…), responseErrors(…))`): a request waiting for its endpoint's window must not hold a
 * connection permit that a request to another endpoint could use.
 * @param limiter - the limiter shared by every client of the same server and credential.
 * @param keyOf - what the server counts by. @default method and route template
 */
export function windowRateLimit(limiter: KeyedWindowLimiter, keyOf: (request: HttpRequest) => string = (r) => `${r.method} ${r.route}`): Step {
  return async (request, next) => {
    const key = keyOf(request);
    await limiter.acquire(key);
    try {
      const response = await next(request);
      limiter.observe(key, response.headers);
      return response;
    } catch (error) {
      if (isApiError(error) && error.code === ErrorCode.RATE_LIMITED) limiter.onThrottle(key, error.retryAfterMs);
      throw error;
    }
  };
}
