/*
 * Runs one engine operation and gathers what the issue asks of every scenario: wall time, the requests the
 * emulator received (by route and status), the floor they imply at the rate limit, 429s, failed resources
 * and the provider's peak RSS.
 */
import { cpus, loadavg } from "node:os";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { StatsSnapshot } from "../../emulator";
import { emulatorLimits, type BenchEmulator } from "./emulator-process";
import type { LoadResult } from "./load-generator";
import { watchProviderRss } from "./provider-rss";
import { watchRequestPhases } from "./request-phases";
import type { StateCheck } from "./verify";

export interface ScenarioResult {
  id: string;
  title: string;
  /** Engine operation as a user would type it. */
  operation: string;
  parallel: number | null;
  wallSeconds: number;
  requests: number;
  requestsByRoute: Record<string, number>;
  /** Requests ÷ rate limit: the fastest the API allows these requests to be sent. */
  floorSeconds: number;
  /** Wall ÷ floor; null when there was no request (floor 0). */
  wallOverFloor: number | null;
  received429: number;
  failedResources: number;
  peakProviderRssMb: number;
  /** Resource steps other than `same`, by op, from the engine's events. */
  steps: Record<string, number>;
  state: StateCheck | null;
  /** Scenario-specific figures (baseline ratios, drift found, the second client's traffic). */
  notes: Record<string, unknown>;
}

export interface EngineRun {
  onEvent(event: EngineEvent): void;
}

/** Collects resource steps and failures from the engine's event stream. */
export function eventCounter() {
  const steps = new Map<string, string>();
  const failed = new Set<string>();
  return {
    onEvent(event: EngineEvent) {
      const meta = event.resourcePreEvent?.metadata;
      if (meta && meta.type !== "pulumi:pulumi:Stack" && !meta.type.startsWith("pulumi:providers:")) {
        const name = meta.urn.split("::").pop()!;
        // A refresh step precedes the real one in `--refresh` runs; keep the step that says what changes.
        if (meta.op !== "refresh" || !steps.has(name)) steps.set(name, meta.op);
      }
      if (event.resOpFailedEvent) failed.add(event.resOpFailedEvent.metadata.urn);
      const diag = event.diagnosticEvent;
      if (diag?.severity === "error" && diag.urn && !diag.urn.endsWith("pulumi:pulumi:Stack")) failed.add(diag.urn);
    },
    /** Steps by op, `same` and `refresh` left out. */
    stepCounts(): Record<string, number> {
      const out: Record<string, number> = {};
      for (const op of steps.values()) if (op !== "same" && op !== "refresh") out[op] = (out[op] ?? 0) + 1;
      return out;
    },
    changed(): string[] {
      return [...steps].filter(([, op]) => op !== "same" && op !== "refresh").map(([name]) => name);
    },
    failed: () => failed.size,
  };
}

/** Emulator stats minus the second client's own traffic. */
function providerTraffic(stats: StatsSnapshot, other?: LoadResult) {
  const byRoute = { ...stats.byRoute };
  const byStatus = { ...stats.byStatus };
  for (const [r, n] of Object.entries(other?.byRoute ?? {})) byRoute[r] = (byRoute[r] ?? 0) - n;
  for (const [s, n] of Object.entries(other?.byStatus ?? {})) if (s in byStatus) byStatus[s] -= n;
  for (const r of Object.keys(byRoute)) if (byRoute[r] === 0) delete byRoute[r];
  return { total: stats.total - (other?.requests ?? 0), byRoute, byStatus };
}

export interface MeasureOptions {
  id: string;
  title: string;
  operation: string;
  parallel: number | null;
  /** Only the admin counters are used, so any vendor's emulator with them will do. */
  em: Pick<BenchEmulator, "stats" | "resetStats">;
  /**
   * The shortest time the API's limits allow for this operation's requests (s), computed once it ended.
   * @default requests ÷ the Amplitude rate limit (100/s)
   */
  floor?: () => Promise<number>;
  /** Runs the engine operation, wiring `onEvent`. Failures are reported, not thrown. */
  run(onEvent: (e: EngineEvent) => void): Promise<unknown>;
  /** Optional second client running for the duration of the operation. */
  alongside?: () => { stop(): Promise<LoadResult> };
  /** The route the second client uses, kept out of the request phases (the provider must not use it then). */
  alongsideRoute?: string;
}

export async function measure(o: MeasureOptions): Promise<{ result: ScenarioResult; events: ReturnType<typeof eventCounter>; error?: unknown }> {
  const events = eventCounter();
  await o.em.resetStats();
  const rss = watchProviderRss();
  const load = o.alongside?.();
  const t0 = performance.now();
  const phases = watchRequestPhases(o.em, t0, o.alongsideRoute);
  let error: unknown;
  await o.run(events.onEvent).catch((e: unknown) => (error = e));
  const wallSeconds = (performance.now() - t0) / 1000;
  const requestPhases = await phases.stop();
  const other = await load?.stop();
  const { peakRssMb: peakProviderRssMb, ...cpu } = await rss.stop();
  const traffic = providerTraffic(await o.em.stats(), other);
  const floorSeconds = o.floor ? await o.floor() : traffic.total / emulatorLimits.rateLimitPerSecond;
  const result: ScenarioResult = {
    id: o.id,
    title: o.title,
    operation: o.operation,
    parallel: o.parallel,
    wallSeconds: round(wallSeconds),
    requests: traffic.total,
    requestsByRoute: traffic.byRoute,
    floorSeconds: round(floorSeconds),
    wallOverFloor: floorSeconds > 0 ? round(wallSeconds / floorSeconds) : null,
    received429: traffic.byStatus["429"] ?? 0,
    // An operation that failed without naming a resource still failed: count it once.
    failedResources: events.failed() || (error ? 1 : 0),
    peakProviderRssMb,
    steps: events.stepCounts(),
    state: null,
    notes: { requestPhases, cpuSeconds: { ...cpu, cores: cpus().length, loadAverage1m: round(loadavg()[0]) }, ...(other ? { secondClient: other } : {}), ...(error ? { error: String(error).slice(0, 2000) } : {}) },
  };
  return { result, events, error };
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
