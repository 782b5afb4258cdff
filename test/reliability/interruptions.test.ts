// Interruptions: `pulumi up` SIGKILLed (CLI and provider host) at a random point, then the standard cleanup
// of pending operations (`pulumi refresh --clear-pending-creates --yes`, here `refresh({clearPendingCreates})`),
// then `up` again → converges: no duplicates, no orphans, the emulator equals the program, 0 changes after.
import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../helpers/pulumi-engine";
import { startEmulator, type EmulatorHandle, emulatorConfig } from "../helpers/amplitude-emulator";
import { stepRecorder } from "../helpers/engine-events";
import {
  addCounts, convergence, faultCounts, FULL, fleetProgram, prng, repairTornSidecar, report, sizes, standardCleanup, upKilledAfter,
  type FleetSpec,
} from "./harness";

const seeds = process.env.FF_SEEDS ? process.env.FF_SEEDS.split(",").map(Number) : Array.from({ length: sizes.interruptSeeds }, (_, i) => 1000 + i * 7919);
const totals = { runs: 0, kills: 0, resources: 0, failures: 0, duplicates: 0, orphans: 0, pendingCleared: 0, faults: {} as Record<string, number> };

let em: EmulatorHandle | undefined;
let test: TestStack | undefined;
afterEach(async () => {
  await test?.cleanup();
  await em?.stop();
  test = em = undefined;
});

/** Says what the backend holds when the state cannot be read after a kill, then fails. */
function diagnose(e: unknown): never {
  const listing = execFileSync("bash", ["-c", `cd ${test!.stateDir} && find . -type f -printf '%s %p\\n' | sort -k2`], { encoding: "utf8" });
  throw new Error(`${String(e).slice(0, 400)}\nbackend after the kill:\n${listing}`);
}

describe(`interrupted up of a ${sizes.interruptFlags}-flag stack`, () => {
  it.each(seeds)("seed %i: killed at a random point, cleaned up, the next up converges", async (seed) => {
    const random = prng(seed);
    // A third of the runs also inject faults, so a kill can land between a write and its dropped response.
    const withFaults = seed % 3 === 1;
    em = await startEmulator({ seed, ...(withFaults ? { faults: { rate429: 0.05, rate503: 0.03, rateDropAfterWrite: 0.05 } } : {}) });
    let spec: FleetSpec = { count: sizes.interruptFlags };
    test = await createTestStack({
      projectName: "rel-interrupt",
      program: fleetProgram(() => spec),
      config: emulatorConfig(em),
    });
    const stack = test.stack;
    const faults: Record<string, number> = {};

    // Phase 1: the first up (all creates), killed after 2…1.5N requests.
    const killAt1 = 2 + Math.floor(random() * sizes.interruptFlags * 1.5);
    const first = await upKilledAfter(stack, em, killAt1);
    repairTornSidecar(test.stateDir);
    addCounts(faults, faultCounts(await em.requests()));
    const pending1 = (await convergence(em, stack, spec).catch((e) => diagnose(e))).pendingOperations;

    // The standard cleanup, then up.
    await standardCleanup(stack);
    await em.resetStats();
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    addCounts(faults, faultCounts(await em.requests()));
    let c = await convergence(em, stack, spec);
    expect({ duplicates: c.duplicates, orphans: c.orphans, mismatches: c.mismatches, pending: c.pendingOperations })
      .toEqual({ duplicates: [], orphans: [], mismatches: [], pending: 0 });
    const steps = stepRecorder();
    await stack.preview({ onEvent: steps.onEvent, refresh: true });
    expect(steps.changed()).toEqual({});

    // Phase 2 (every run in full size, every other run in CI): an up that updates every flag and removes a
    // tenth, killed after 2…N requests; the same cleanup; the next up converges on the new program.
    let second: { killed: boolean; requests: number } | undefined;
    let pending2 = 0;
    if (FULL || seed % 2 === 0) {
      const skip = new Set<number>();
      for (let i = 0; i < sizes.interruptFlags; i += 1) if (random() < 0.1) skip.add(i);
      spec = { count: sizes.interruptFlags + Math.ceil(sizes.interruptFlags / 10), revision: 1, skip };
      second = await upKilledAfter(stack, em, 2 + Math.floor(random() * sizes.interruptFlags));
      repairTornSidecar(test.stateDir);
      addCounts(faults, faultCounts(await em.requests()));
      pending2 = (await convergence(em, stack, spec).catch((e) => diagnose(e))).pendingOperations;
      await standardCleanup(stack);
      await em.resetStats();
      expect((await stack.up()).summary.result).toBe("succeeded");
      addCounts(faults, faultCounts(await em.requests()));
      c = await convergence(em, stack, spec);
      expect({ duplicates: c.duplicates, orphans: c.orphans, mismatches: c.mismatches, pending: c.pendingOperations })
        .toEqual({ duplicates: [], orphans: [], mismatches: [], pending: 0 });
      const after = stepRecorder();
      await stack.preview({ onEvent: after.onEvent, refresh: true });
      expect(after.changed()).toEqual({});
    }

    totals.runs += 1;
    totals.kills += (first.killed ? 1 : 0) + (second?.killed ? 1 : 0);
    totals.resources += c.stateFlags + 1;
    totals.duplicates += c.duplicates.length;
    totals.orphans += c.orphans.length;
    totals.pendingCleared += pending1 + pending2;
    addCounts(totals.faults, faults);
    report("interruption-run", {
      seed, withFaults, killAt1, killed1: first.killed, requestsBeforeKill1: first.requests, pending1,
      killed2: second?.killed ?? null, requestsBeforeKill2: second?.requests ?? null, pending2,
      flags: c.stateFlags, faultsInjected: faults,
    });
    if (totals.runs === seeds.length) report("interruptions", totals);
  }, 1_200_000);
});
