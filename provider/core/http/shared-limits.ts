import type { Now, Sleep } from "../time";
import { DailyBudget } from "./daily-budget";
import { Semaphore } from "./in-flight";
import { AdaptiveTokenBucket } from "./rate-limit";
import type { Reachability } from "./unreachable";

/** The limiter state every client of one (base URL, project) shares inside a process. */
export interface SharedLimits {
  /** The adaptive token bucket. */
  readonly bucket: AdaptiveTokenBucket;
  /** The in-flight bound. */
  readonly inFlight: Semaphore;
  /** The per-UTC-day request counter. */
  readonly budget: DailyBudget;
  /** The last "server not reachable" failure (see `unreachable.ts`). */
  readonly reachability: Reachability;
}

/** Settings applied to the shared state; the latest client to ask wins, so config changes take effect. */
export interface SharedLimitsOptions {
  /** Requests per second. @default 100 */
  readonly ratePerSecond?: number;
  /** Token bucket burst. @default 10 */
  readonly burst?: number;
  /** Requests on the wire at once. @default 16 */
  readonly maxInFlight?: number;
  /** Requests per UTC day. @default 100000 */
  readonly dailyBudget?: number;
  /** Clock; test seam. @default Date.now */
  readonly now?: Now;
  /** Sleep; test seam. @default a setTimeout-based sleep */
  readonly sleep?: Sleep;
}

/**
 * Where the registry lives. Pulumi serializes a dynamic provider with its closure and deserializes one copy per
 * distinct provider text, so module-level state is duplicated per copy; `globalThis` is the one place every copy
 * in the provider process sees. `Symbol.for` makes the key the same across copies of this library too.
 */
export const LIMITS_REGISTRY_KEY: unique symbol = Symbol.for("pulumi-feature-flags.limiters") as never;

type Registry = Map<string, SharedLimits>;

function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  let map = g[LIMITS_REGISTRY_KEY];
  if (map === undefined) {
    map = new Map();
    g[LIMITS_REGISTRY_KEY] = map;
  }
  return map;
}

/**
 * Returns the shared limiter state for a (base URL, scope) pair, creating it on first use and applying the given
 * settings. The key holds no credential.
 * @param baseUrl - the API base URL (normalised: no trailing slash).
 * @param scope - the rate-limit scope, e.g. the project id.
 * @param options - settings to apply.
 */
export function sharedLimits(baseUrl: string, scope: string, options: SharedLimitsOptions = {}): SharedLimits {
  const key = `${baseUrl.replace(/\/+$/, "")}|${scope}`;
  const map = registry();
  const bucketOptions = { ratePerSecond: options.ratePerSecond, burst: options.burst, now: options.now, sleep: options.sleep };
  const existing = map.get(key);
  if (existing !== undefined) {
    existing.bucket.configure(bucketOptions);
    existing.inFlight.setLimit(options.maxInFlight ?? 16);
    existing.budget.configure({ budget: options.dailyBudget, now: options.now });
    return existing;
  }
  const created: SharedLimits = {
    bucket: new AdaptiveTokenBucket(bucketOptions),
    inFlight: new Semaphore(options.maxInFlight ?? 16),
    budget: new DailyBudget({ budget: options.dailyBudget, now: options.now }),
    reachability: {},
  };
  map.set(key, created);
  return created;
}

/**
 * Forgets all shared limiter state in this process.
 * @internal For tests.
 */
export function resetSharedLimits(): void {
  registry().clear();
}
