/*
 * The "second client" of scenario 6: another tool using the same project and key, reading flags at a fixed
 * rate of half the project's limit. Open loop (one request every 1/rate s whatever the replies) because a
 * real neighbour does not slow down for us; its own requests and 429s are counted here so they can be taken
 * out of the emulator's totals, leaving the provider's.
 */
import { benchKey, type BenchEmulator } from "./emulator-process";

export interface LoadResult { requests: number; byRoute: Record<string, number>; byStatus: Record<string, number> }

/** The only route the second client uses; the provider's `up` without refresh never reads a flag by id. */
export const loadGeneratorRoute = "GET /api/1/flags/:id";

export function startLoadGenerator(em: BenchEmulator, flagIds: string[], perSecond: number): { stop(): Promise<LoadResult> } {
  const route = loadGeneratorRoute;
  const byStatus: Record<string, number> = {};
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  const t0 = performance.now();
  const fire = () => {
    const id = flagIds[sent % flagIds.length];
    sent++;
    const p = fetch(`${em.url}/api/1/flags/${id}`, { headers: { authorization: `Bearer ${benchKey}` } })
      .then(async (res) => {
        await res.arrayBuffer();
        byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
      })
      .catch(() => void (byStatus["error"] = (byStatus["error"] ?? 0) + 1))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  // Catch up from the start time rather than trusting setInterval, whose ticks drift late under load.
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - t0) / 1000) * perSecond);
    while (sent < due) fire();
  }, 5);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      return { requests: sent, byRoute: { [route]: sent }, byStatus };
    },
  };
}
