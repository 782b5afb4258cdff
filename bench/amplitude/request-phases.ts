/*
 * Splits an operation's wall time into what happens before the first request reaches the API (CLI start,
 * program run, engine and provider start-up), the span during which requests flow, and the tail after the
 * last one (engine finishing, state write). Only the middle span is bounded by the rate limit, so comparing
 * it with the floor shows how well the provider paces, separately from the engine's fixed costs.
 */
import type { BenchEmulator } from "./emulator-process";

const pollMs = 100;

export interface RequestPhases {
  /** Seconds from the start of the operation to the first request seen; null when there was none. */
  beforeFirstRequestS: number | null;
  /** Seconds between the first and the last request seen. */
  requestSpanS: number | null;
  /** Seconds from the last request seen to the end of the operation. */
  afterLastRequestS: number | null;
}

/**
 * Polls the emulator's counters (admin calls are not counted) until stopped; times are ±0.1 s.
 * `ignoreRoute`: a route only another client uses (scenario 6), left out so its traffic is not the provider's.
 */
export function watchRequestPhases(em: Pick<BenchEmulator, "stats">, t0: number, ignoreRoute?: string): { stop(): Promise<RequestPhases> } {
  let first: number | undefined;
  let last: number | undefined;
  let seen = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const total = await em.stats().then((s) => s.total - (ignoreRoute ? (s.byRoute[ignoreRoute] ?? 0) : 0), () => seen);
      const now = performance.now();
      if (total > seen) {
        first ??= now;
        last = now;
        seen = total;
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  })();
  return {
    async stop() {
      const end = performance.now();
      running = false;
      await loop;
      const s = (ms: number) => Math.round(ms / 100) / 10;
      if (first === undefined || last === undefined) return { beforeFirstRequestS: null, requestSpanS: null, afterLastRequestS: null };
      return { beforeFirstRequestS: s(first - t0), requestSpanS: s(last - first), afterLastRequestS: s(Math.max(0, end - last)) };
    },
  };
}
