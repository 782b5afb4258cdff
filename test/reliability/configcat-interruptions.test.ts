// ConfigCat interruptions: `pulumi up` SIGKILLed (CLI and provider host) at a random point, then the standard cleanup
// (`pulumi cancel`, `pulumi refresh --clear-pending-creates`), then `up` again → converges: no duplicated or doubly
// tagged flag, no orphan, the emulator equals the program, and a clean refresh.
//
// A create cut off by the kill left an object the stack does not record. The next `up` takes it back only on proof
// that it is that resource's own: its pending name (the kill came before the create renamed it) or this machine's
// creation journal (after). The test requires that every such leftover is taken back, with no failure, no `adopt`,
// no duplicate and no orphan. Updates and deletes interrupted in the second phase converge on the next `up` alone.
import { execFileSync } from "node:child_process";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { afterEach, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../helpers/pulumi-engine";
import { stepRecorder } from "../helpers/engine-events";
import { startConfigCat, type ConfigCatFixture } from "../configcat/fixture";
import { addCounts, FULL, prng, repairTornSidecar, report, standardCleanup } from "./harness";
import { ccSizes, convergence, faultCounts, fleetProgram, providerConfig, stackState, upKilledAfter, type FleetSpec } from "./configcat-harness";

const seeds = process.env.FF_SEEDS ? process.env.FF_SEEDS.split(",").map(Number) : Array.from({ length: ccSizes.interruptSeeds }, (_, i) => 1500 + i * 7919);
const totals = {
  runs: 0, kills: 0, resources: 0, pendingCreates: 0, leftoversRecovered: 0, failuresAfterRecovery: 0, duplicates: 0, doublyTagged: 0, orphans: 0,
  faults: {} as Record<string, number>,
};

let fx: ConfigCatFixture | undefined;
let test: TestStack | undefined;
afterEach(async () => {
  await test?.cleanup();
  await fx?.stop();
  test = fx = undefined;
});

const nameOf = (urn: string) => urn.split("::").pop()!;

/** Says what the backend holds when the state cannot be read after a kill, then fails. */
function diagnose(e: unknown): never {
  const listing = execFileSync("bash", ["-c", `cd ${test!.stateDir} && find . -type f -printf '%s %p\\n' | sort -k2`], { encoding: "utf8" });
  throw new Error(`${String(e).slice(0, 400)}\nbackend after the kill:\n${listing}`);
}

/** Runs `up` with continueOnError and returns the resources that failed, with their messages. */
async function upCollectingFailures(stack: TestStack["stack"]): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
  const onEvent = (e: EngineEvent) => {
    const d = e.diagnosticEvent;
    if (d?.severity === "error" && d.urn && !d.urn.includes("pulumi:pulumi:Stack")) failed.set(nameOf(d.urn), (failed.get(nameOf(d.urn)) ?? "") + d.message);
  };
  await stack.up({ continueOnError: true, onEvent }).catch(() => undefined);
  return failed;
}

describe(`interrupted up of a ${ccSizes.interruptFlags}-flag ConfigCat stack`, () => {
  it.each(seeds)("seed %i: killed at a random point, cleaned up, the next up converges", async (seed) => {
    const random = prng(seed);
    // Every other run also injects faults, so a kill can land between a write and its dropped response.
    const withFaults = seed % 2 === 1;
    fx = await startConfigCat({
      limits: { perSecond: 20, perMinute: 500 }, seed,
      ...(withFaults ? { faults: { rate429: 0.03, rate429WithoutRetryAfter: 0.03, rate503: 0.03, rateDropAfterWrite: 0.05 } } : {}),
    });
    let spec: FleetSpec = { flags: ccSizes.interruptFlags, environments: 2 };
    test = await createTestStack({ projectName: "rel-cc-interrupt", program: fleetProgram(fx.organizationId, () => spec), config: providerConfig(fx) });
    const stack = test.stack;
    const faults: Record<string, number> = {};

    // Phase 1: the first up (all creates), killed after 3…6N requests (a flag with its values costs about 8).
    const killAt1 = 3 + Math.floor(random() * ccSizes.interruptFlags * 6);
    const first = await upKilledAfter(stack, fx, killAt1);
    repairTornSidecar(test.stateDir);
    addCounts(faults, faultCounts(fx));
    const pendingCreates = new Set((await stackState(stack).catch((e) => diagnose(e))).pending.filter((p) => p.type === "creating").map((p) => nameOf(p.resource.urn)));

    await standardCleanup(stack);
    fx.emu.resetStats();
    // What the kill left on the server that the stack does not record: creates cut off before the checkpoint.
    const leftovers = (await convergence(fx, stack, spec)).orphans.filter((o) => o.startsWith("live "));
    fx.emu.resetStats();
    const failed = await upCollectingFailures(stack);
    addCounts(faults, faultCounts(fx));
    expect([...failed]).toEqual([]);
    let c = await convergence(fx, stack, spec);
    expect({ duplicates: c.duplicates, doublyTagged: c.doublyTagged, orphans: c.orphans, mismatches: c.mismatches, pending: c.pendingOperations })
      .toEqual({ duplicates: [], doublyTagged: [], orphans: [], mismatches: [], pending: 0 });
    const steps = stepRecorder();
    await stack.preview({ onEvent: steps.onEvent, refresh: true });
    expect(steps.changed()).toEqual({});

    // Phase 2 (every run in full size, every other run in CI): an up that updates every flag (names, tags, values)
    // and removes a tenth, killed after 3…4N requests; the same cleanup; the next up converges on the new program.
    let second: { killed: boolean; requests: number } | undefined;
    let phase2Failures = 0;
    if (FULL || seed % 2 === 0) {
      const skip = new Set<number>();
      for (let i = 0; i < ccSizes.interruptFlags; i += 1) if (random() < 0.1) skip.add(i);
      spec = { ...spec, revision: 1, skip };
      second = await upKilledAfter(stack, fx, 3 + Math.floor(random() * ccSizes.interruptFlags * 4));
      repairTornSidecar(test.stateDir);
      addCounts(faults, faultCounts(fx));
      await standardCleanup(stack);
      fx.emu.resetStats();
      const failed = await upCollectingFailures(stack);
      phase2Failures = failed.size;
      expect([...failed]).toEqual([]);
      addCounts(faults, faultCounts(fx));
      c = await convergence(fx, stack, spec);
      expect({ duplicates: c.duplicates, doublyTagged: c.doublyTagged, orphans: c.orphans, mismatches: c.mismatches, pending: c.pendingOperations })
        .toEqual({ duplicates: [], doublyTagged: [], orphans: [], mismatches: [], pending: 0 });
      const after = stepRecorder();
      await stack.preview({ onEvent: after.onEvent, refresh: true });
      expect(after.changed()).toEqual({});
    }

    const resources = (await stackState(stack)).resources.length;
    totals.runs += 1;
    totals.kills += (first.killed ? 1 : 0) + (second?.killed ? 1 : 0);
    totals.resources += resources;
    totals.pendingCreates += pendingCreates.size;
    totals.leftoversRecovered += leftovers.length;
    totals.failuresAfterRecovery += phase2Failures;
    totals.duplicates += c.duplicates.length;
    totals.doublyTagged += c.doublyTagged.length;
    totals.orphans += c.orphans.length;
    addCounts(totals.faults, faults);
    report("configcat-interruption-run", {
      seed, withFaults, killAt1, killed1: first.killed, requestsBeforeKill1: first.requests, pendingCreates: [...pendingCreates],
      leftovers, killed2: second?.killed ?? null, requestsBeforeKill2: second?.requests ?? null, resources, faultsInjected: faults,
    });
    if (totals.runs === seeds.length) report("configcat-interruptions", totals);
  }, ccSizes.timeoutMs);
});
