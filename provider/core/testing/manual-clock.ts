import type { Now, Sleep } from "../time";

/** A clock that moves only when something sleeps on it; a test double shipped with the library. */
export interface ManualClock {
  /** Current fake time in epoch milliseconds. */
  readonly now: Now;
  /** Advances the fake time by `ms` and resolves on the next microtask; records the wait. */
  readonly sleep: Sleep;
  /** Every wait requested, in order. */
  readonly sleeps: number[];
  /** Moves the time forward without a sleep. */
  advance(ms: number): void;
}

/**
 * Creates a {@link ManualClock} so retry and limiter tests run in microseconds with exact, assertable waits.
 * @param start - the starting time in epoch milliseconds. @default 2026-11-23T20:48:00Z
 */
export function manualClock(start = Date.UTC(2026, 10, 23, 20, 48, 0)): ManualClock {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += Math.max(0, ms);
      await Promise.resolve();
    },
    sleeps,
    advance: (ms) => {
      t += ms;
    },
  };
}
