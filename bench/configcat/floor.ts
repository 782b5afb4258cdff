/*
 * The floor of a ConfigCat operation: the shortest time the API's per-endpoint limits allow for the requests it
 * sent. ConfigCat limits each endpoint separately with two windows at once (design §2.5: about 20 per second and
 * 500 per minute; the emulator keys them by credential + method + path template), so different endpoints run
 * side by side and the floor is that of the busiest endpoint, not of the total.
 */
import type { RequestLogEntry } from "../../emulator";

/** At most `limit` admissions in any sliding `periodMs`. */
export interface RateWindow {
  limit: number;
  periodMs: number;
}

/**
 * The shortest span (s) from the first to the last of `n` admissions on one key under all `windows` at once.
 * Admitting each request at the earliest instant every window allows (t_k = max over windows of
 * t_{k−limit} + period) is optimal, so this is exact: e.g. 1,000 requests at 20/s and 500/min take 84 s
 * (500 in the first 24 s, the next 500 from 60 s on), 4,000 take 444 s. A window with limit 0 is off.
 */
export function endpointFloorSeconds(n: number, windows: readonly RateWindow[]): number {
  const active = windows.filter((w) => w.limit > 0);
  if (n <= 1 || active.length === 0) return 0;
  const t = new Float64Array(n);
  for (let k = 1; k < n; k++) {
    let at = t[k - 1];
    for (const w of active) if (k >= w.limit) at = Math.max(at, t[k - w.limit] + w.periodMs);
    t[k] = at;
  }
  return t[n - 1] / 1000;
}

export interface OperationFloor {
  /** Seconds: the busiest endpoint's floor. */
  seconds: number;
  /** The endpoint (method + path template) that sets it, and its admitted requests. */
  endpoint: string | null;
  endpointRequests: number;
  /** Requests the API admitted per endpoint (429s are refused, counted in no window, and left out). */
  admittedByEndpoint: Record<string, number>;
}

/**
 * The floor of the requests in `log` under `windows` per endpoint.
 * @param log - the emulator's request log for the operation.
 */
export function operationFloor(log: readonly RequestLogEntry[], windows: readonly RateWindow[]): OperationFloor {
  const admitted: Record<string, number> = {};
  for (const r of log) if (r.status !== 429 && r.status !== 401) admitted[r.route] = (admitted[r.route] ?? 0) + 1;
  let best: OperationFloor = { seconds: 0, endpoint: null, endpointRequests: 0, admittedByEndpoint: admitted };
  for (const [endpoint, n] of Object.entries(admitted)) {
    const seconds = endpointFloorSeconds(n, windows);
    if (best.endpoint === null || seconds > best.seconds || (seconds === best.seconds && n > best.endpointRequests)) {
      best = { seconds, endpoint, endpointRequests: n, admittedByEndpoint: admitted };
    }
  }
  return best;
}
