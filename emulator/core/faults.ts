import { createPrng, type Random } from "./prng";

/**
 * Fault probabilities (each 0..1) and latency, applied to API requests that passed auth and rate limiting.
 * The outcome probabilities (`rateReset`, `rate429`, `rate500`, `rate502`, `rate503`) are mutually
 * exclusive slices of one die roll, so their sum should stay ≤ 1.
 */
export interface FaultOptions {
  /** Probability of a forced `429 {"error":"Too many requests"}`. @default 0 */
  rate429?: number;
  /**
   * Probability of a forced 429 sent without `Retry-After`, for emulators whose 429s carry one (a client must
   * cope with both). Emulators whose 429s never carry it treat it as {@link rate429}. @default 0
   */
  rate429WithoutRetryAfter?: number;
  /** Probability of a forced `500`. @default 0 */
  rate500?: number;
  /** Probability of a forced `502`. @default 0 */
  rate502?: number;
  /** Probability of a forced `503`. @default 0 */
  rate503?: number;
  /** Probability of destroying the socket before the request is processed. @default 0 */
  rateReset?: number;
  /** Probability (non-GET only) of applying the write and then destroying the socket without a reply. @default 0 */
  rateDropAfterWrite?: number;
  /** Fixed delay added before every API request is processed, in ms. @default 0 */
  latencyMs?: number;
  /** Uniform random extra delay in [0, latencyJitterMs), in ms. @default 0 */
  latencyJitterMs?: number;
}

/** What the injector decided for one request. */
export interface FaultDecision {
  /** `none`, a forced status, or `reset` (destroy the socket before processing). */
  readonly outcome: "none" | "reset" | 429 | 500 | 502 | 503;
  /** Whether to drop the connection after a (non-GET) request has been applied. */
  readonly dropAfterWrite: boolean;
  /** Delay before processing, in ms. */
  readonly delayMs: number;
  /** Set (true) on a forced 429 that must not carry `Retry-After`; absent otherwise. */
  readonly withoutRetryAfter?: true;
}

/** The seed used when none is given, so fault runs are reproducible by default. */
export const DEFAULT_FAULT_SEED = 0x5eed;

/**
 * Decides, per request, which fault (if any) to inject. Every decision consumes exactly three draws,
 * whatever the options and method, so a given seed yields the same sequence of outcomes for the same
 * sequence of requests even if the options are changed between runs.
 */
export class FaultInjector {
  private options: Required<FaultOptions>;
  private random: Random;
  private seedValue: number;

  /**
   * @param options - fault probabilities and latency
   * @param seed - PRNG seed
   * @default seed DEFAULT_FAULT_SEED
   */
  constructor(options: FaultOptions = {}, seed: number = DEFAULT_FAULT_SEED) {
    this.options = normalize(options);
    this.seedValue = seed;
    this.random = createPrng(seed);
  }

  /** The current options, with defaults filled in. */
  get current(): Required<FaultOptions> {
    return { ...this.options };
  }

  /** The seed the generator was last (re)started with. */
  get seed(): number {
    return this.seedValue;
  }

  /**
   * Replaces the options; when a seed is given the generator restarts from it.
   * @param options - new options (omitted fields become 0)
   * @param seed - optional new seed
   */
  configure(options: FaultOptions, seed?: number): void {
    this.options = normalize(options);
    if (seed !== undefined) {
      this.seedValue = seed;
      this.random = createPrng(seed);
    }
  }

  /**
   * Rolls the dice for one request.
   * @param method - HTTP method; drop-after-write only ever applies to non-GET methods
   */
  decide(method: string): FaultDecision {
    const roll = this.random();
    const jitterRoll = this.random();
    const dropRoll = this.random();
    const o = this.options;
    let outcome: FaultDecision["outcome"] = "none";
    let withoutRetryAfter = false;
    let edge = 0;
    // A zero-probability slice moves no edge, so adding one leaves every existing seeded sequence as it was.
    const slices: Array<[number, FaultDecision["outcome"], boolean?]> = [
      [o.rateReset, "reset"],
      [o.rate429, 429],
      [o.rate429WithoutRetryAfter, 429, true],
      [o.rate500, 500],
      [o.rate502, 502],
      [o.rate503, 503],
    ];
    for (const [p, result, bare] of slices) {
      edge += p;
      if (roll < edge) {
        outcome = result;
        withoutRetryAfter = bare === true;
        break;
      }
    }
    const isRead = method === "GET" || method === "HEAD";
    return {
      outcome,
      dropAfterWrite: !isRead && dropRoll < o.rateDropAfterWrite,
      delayMs: o.latencyMs + (o.latencyJitterMs > 0 ? Math.floor(jitterRoll * o.latencyJitterMs) : 0),
      ...(withoutRetryAfter ? { withoutRetryAfter: true as const } : {}),
    };
  }
}

function normalize(options: FaultOptions): Required<FaultOptions> {
  const p = (v: number | undefined): number => (typeof v === "number" && v > 0 ? Math.min(v, 1) : 0);
  const ms = (v: number | undefined): number => (typeof v === "number" && v > 0 ? v : 0);
  return {
    rate429: p(options.rate429),
    rate429WithoutRetryAfter: p(options.rate429WithoutRetryAfter),
    rate500: p(options.rate500),
    rate502: p(options.rate502),
    rate503: p(options.rate503),
    rateReset: p(options.rateReset),
    rateDropAfterWrite: p(options.rateDropAfterWrite),
    latencyMs: ms(options.latencyMs),
    latencyJitterMs: ms(options.latencyJitterMs),
  };
}
