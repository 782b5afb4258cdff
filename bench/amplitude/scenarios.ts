/*
 * The seven scenarios of issue 7 (plus scenario 3's baseline), run in order on one stack against one
 * emulator: each starts from the state the previous one left, as a user's day would.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import type { BenchEmulator } from "./emulator-process";
import { emulatorLimits } from "./emulator-process";
import { loadGeneratorRoute, startLoadGenerator } from "./load-generator";
import { measure, round, type ScenarioResult } from "./measure";
import { flagKey, flagName, type BenchSpec } from "./program";
import { checkState } from "./verify";

export interface ScenarioContext {
  stack: Stack;
  em: BenchEmulator;
  flags: number;
  parallel: number;
  /** The spec the program reads; scenarios replace it before changing the stack. */
  setSpec(spec: BenchSpec): void;
  log(line: string): void;
}

const baseDescription = (i: number) => `Benchmark flag ${i}`;
const editedOutOfBand = "edited in the UI";

/** Flags edited out of band in scenario 4: 10, spread over the stack, none of them among scenario 5's. */
const driftedFlags = (n: number) => Array.from({ length: 10 }, (_, j) => (Math.floor((n * j) / 10) + 5) % n);
/** Scenario 5 changes one field on 10 % of the flags. */
const tenthChanged = (i: number) => i % 10 === 0;

export async function runScenarios(ctx: ScenarioContext): Promise<ScenarioResult[]> {
  const { stack, em, flags, parallel } = ctx;
  const results: ScenarioResult[] = [];
  let spec: BenchSpec = { flags, description: baseDescription };
  ctx.setSpec(spec);

  const record = async (r: ScenarioResult, expect: "present" | "destroyed" = "present", intent = spec) => {
    r.state = checkState(await em.state(), intent, expect);
    results.push(r);
    ctx.log(`${r.id}: ${r.wallSeconds}s, ${r.requests} requests, wall/floor ${r.wallOverFloor ?? "-"}, 429s ${r.received429}, failed ${r.failedResources}, state ${r.state.summary}; ${JSON.stringify(r.requestsByRoute)}`);
    return r;
  };

  // 1. Create everything.
  await record((await measure({
    id: "1", title: `up: create ${flags} flags + 2 deployments`, operation: "up", parallel, em,
    run: (onEvent) => stack.up({ parallel, onEvent }),
  })).result);
  // Flag routes only (the deployments' own requests are not "per flag"); retries after a 429 count, as they
  // are requests the API receives, and are also shown without them.
  const flagRoutes = Object.entries(results[0].requestsByRoute).filter(([route]) => /\/flags\b/.test(route));
  const flagRequests = flagRoutes.reduce((sum, [, n]) => sum + n, 0);
  results[0].notes.requestsPerFlag = round(flagRequests / flags, 3);
  results[0].notes.requestsPerFlagWithout429 = round((flagRequests - results[0].received429) / flags, 3);

  // 2. Nothing changed, no refresh: the engine diffs against its state alone.
  await record((await measure({
    id: "2", title: "preview, no changes", operation: "preview", parallel, em,
    run: (onEvent) => stack.preview({ parallel, onEvent }),
  })).result);

  // 3. Refresh served from one cached list per collection.
  const batched = (await measure({
    id: "3", title: "preview --refresh, no changes (batched reads)", operation: "preview --refresh", parallel, em,
    run: (onEvent) => stack.preview({ parallel, refresh: true, onEvent }),
  })).result;
  await record(batched);

  // 3b. The same with one GET per resource: what a straightforward provider sends.
  // Through the provider's environment fallback (AMPLITUDE_BATCH_READS), not stack config: with
  // `pulumi config set amplitude:batchReads false` alone, `preview --refresh` still sent 2 requests (measured),
  // presumably because refresh configures the provider from what the last `up` recorded in the state.
  const env = (stack.workspace as unknown as { envVars: Record<string, string> }).envVars;
  env.AMPLITUDE_BATCH_READS = "false";
  const baseline = (await measure({
    id: "3b", title: "preview --refresh, no changes (baseline: amplitude:batchReads=false)", operation: "preview --refresh", parallel, em,
    run: (onEvent) => stack.preview({ parallel, refresh: true, onEvent }),
  })).result;
  delete env.AMPLITUDE_BATCH_READS;
  await record(baseline);
  batched.notes.baselineRequests = baseline.requests;
  batched.notes.requestRatio = round(batched.requests / baseline.requests, 4);
  batched.notes.wallRatio = round(batched.wallSeconds / baseline.wallSeconds, 3);

  // 3k. The same refresh when lists carry variant keys only, as every docs example shows (reference §5.1): the
  // variants are in no list, so only `lastModifiedAt` can spare one variants GET per flag.
  const keysOnly = async <T>(run: () => Promise<T>): Promise<T> => {
    await em.fidelity({ variantsInLists: "keys" });
    try {
      return await run();
    } finally {
      await em.fidelity({ variantsInLists: "full" });
    }
  };
  await record(await keysOnly(async () => (await measure({
    id: "3k", title: "preview --refresh, no changes, lists with variant keys only", operation: "preview --refresh", parallel, em,
    run: (onEvent) => stack.preview({ parallel, refresh: true, onEvent }),
  })).result));

  // 4. Ten out-of-band edits, as someone in the Amplitude UI would make them; refresh must find exactly those.
  const live = new Map((await em.state()).flags.filter((f) => !f.deleted).map((f) => [f.key, f.id]));
  const drifted = driftedFlags(flags);
  await em.resetStats();
  for (const i of drifted) await em.api("PATCH", `/flags/${live.get(flagKey(i))}`, { description: editedOutOfBand });
  const drift = await measure({
    id: "4", title: "preview --refresh after 10 out-of-band edits", operation: "preview --refresh", parallel, em,
    run: (onEvent) => stack.preview({ parallel, refresh: true, onEvent }),
  });
  const reported = drift.events.changed().sort();
  const expected = drifted.map(flagName).sort();
  drift.result.notes.reportedChanges = reported;
  drift.result.notes.reportsExactlyTheEdits = JSON.stringify(reported) === JSON.stringify(expected);
  // The emulator now holds the program's intent except for exactly those edits.
  const driftedIntent: BenchSpec = { flags, description: (i) => (drifted.includes(i) ? editedOutOfBand : spec.description(i)) };
  await record(drift.result, "present", driftedIntent);

  // 4k. The same drift, lists with variant keys only: details are read for the 10 edited flags alone.
  const driftKeys = await keysOnly(() => measure({
    id: "4k", title: "preview --refresh after 10 out-of-band edits, lists with variant keys only", operation: "preview --refresh", parallel, em,
    run: (onEvent) => stack.preview({ parallel, refresh: true, onEvent }),
  }));
  const reportedKeys = driftKeys.events.changed().sort();
  driftKeys.result.notes.reportedChanges = reportedKeys;
  driftKeys.result.notes.reportsExactlyTheEdits = JSON.stringify(reportedKeys) === JSON.stringify(expected);
  await record(driftKeys.result, "present", driftedIntent);

  // 5. One field on 10 % of the flags; `--refresh` so the 10 edits above are put back too, as `up --refresh` would.
  spec = { flags, description: (i) => (tenthChanged(i) ? `${baseDescription(i)}, v2` : baseDescription(i)) };
  ctx.setSpec(spec);
  const s5 = (await measure({
    id: "5", title: `up --refresh: 1 field on ${flags / 10} flags (+ restore the 10 edits)`, operation: "up --refresh", parallel, em,
    run: (onEvent) => stack.up({ parallel, refresh: true, onEvent }),
  })).result;
  await record(s5);

  // 6. One field on every flag while another client spends half of the project's rate limit.
  const ids = [...live.values()];
  const previous = spec;
  spec = { flags, description: (i) => `${previous.description(i)}, v3` };
  ctx.setSpec(spec);
  await record((await measure({
    id: "6", title: `up: 1 field on all ${flags} flags, second client at ${emulatorLimits.rateLimitPerSecond / 2} req/s`, operation: "up", parallel, em,
    run: (onEvent) => stack.up({ parallel, onEvent }),
    alongside: () => startLoadGenerator(em, ids, emulatorLimits.rateLimitPerSecond / 2),
    alongsideRoute: loadGeneratorRoute,
  })).result);

  // 7. Archive everything.
  await record((await measure({
    id: "7", title: "destroy", operation: "destroy", parallel, em,
    run: (onEvent) => stack.destroy({ parallel, onEvent }),
  })).result, "destroyed");

  return results;
}
