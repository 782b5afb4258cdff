// `PULUMI_SKIP_CHECKPOINTS=true` (what large stacks on a DIY backend use, README "Large stacks"): the engine
// writes the state only when the run ends, so a run killed half-way leaves no record of anything it created
// — not even pending operations. The next `up` creates every such resource again, and each create meets its
// key taken. It must recover exactly its own interrupted flag creates (proven by the creation record in the
// flag's first version, so they keep their ids) and take over nothing else: flags made in the UI under keys
// the program declares stay untouched and their resources fail with the adopt guidance, and so does a
// deployment the killed run finished (Amplitude keeps no record of who made a deployment).
import { afterEach, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../helpers/pulumi-engine";
import { emulatorConfig, startEmulator, type EmulatorHandle } from "../helpers/amplitude-emulator";
import { stepRecorder } from "../helpers/engine-events";
import {
  amplitude, convergence, emulatorState, fleetProgram, FULL, prng, projectId, repairTornSidecar, report, sizes, upKilledAfter,
  type FleetSpec,
} from "./harness";

const seeds = process.env.FF_SEEDS ? process.env.FF_SEEDS.split(",").map(Number) : Array.from({ length: FULL ? 10 : 2 }, (_, i) => 4000 + i * 7919);
const uiKeys = ["rel-ui-0", "rel-ui-1"];
const totals = { runs: 0, kills: 0, createdBeforeKill: 0, flagsConverged: 0, duplicates: 0, uiFlagsChanged: 0 };

let em: EmulatorHandle | undefined;
let test: TestStack | undefined;
afterEach(async () => {
  await test?.cleanup();
  await em?.stop();
  test = em = undefined;
});

describe(`interrupted up of a ${sizes.interruptFlags}-flag stack with PULUMI_SKIP_CHECKPOINTS=true`, () => {
  it.each(seeds)("seed %i: the next up recovers the killed run's creates, duplicates nothing, takes over no UI flag", async (seed) => {
    const random = prng(seed);
    em = await startEmulator({ seed });
    for (const key of uiKeys) {
      await em.api("POST", "/flags", { projectId, key, name: `Made in the UI (${key})`, description: "owned by the growth team", variants: [{ key: "on" }] });
    }
    const uiBefore = (await emulatorState(em)).flags.filter((f) => uiKeys.includes(f.key));

    const spec: FleetSpec = { count: sizes.interruptFlags };
    // Declared from the run after the kill on: a failing resource would end the killed run before the kill.
    let declareUiKeys = false;
    const fleet = fleetProgram(() => spec);
    test = await createTestStack({
      projectName: "rel-skip-checkpoints",
      program: async () => {
        const outputs = await fleet();
        // The same keys as the UI's flags, without `adopt`: these must never take them over.
        if (declareUiKeys) for (const key of uiKeys) new amplitude.Flag(key, { projectId, key, name: "From the program", rolloutPercentage: 100, tags: ["pulumi"] });
        return outputs;
      },
      config: emulatorConfig(em),
      env: { PULUMI_SKIP_CHECKPOINTS: "true" },
    });
    const stack = test.stack;

    // The killed run: between a few requests and most of the creates.
    const killAt = 4 + Math.floor(random() * sizes.interruptFlags * 1.5);
    const killed = await upKilledAfter(stack, em, killAt);
    repairTornSidecar(test.stateDir);
    const madeByKilledRun = new Map((await emulatorState(em)).flags.filter((f) => f.key.startsWith("rel-flag-")).map((f) => [f.key, f.id]));
    const deploymentMade = (await emulatorState(em)).deployments.some((d) => d.label === "rel-web" && !d.deleted);
    await stack.cancel().catch(() => undefined); // releases the killed run's lock; nothing to cancel is fine
    const lost = await stack.exportStack();
    // Nothing the killed run did is recorded: that is what skipping checkpoints costs.
    expect((lost.deployment as { resources?: { type: string }[] }).resources?.filter((r) => r.type.includes("amplitude:")) ?? []).toEqual([]);

    // The next up. Flags carry their creator in their first version, so the killed run's flags are
    // recovered; a deployment has no field to record it in, so one the killed run finished is refused like
    // any other deployment the stack did not make (README "Large stacks": adopt it once). UI flags are refused.
    declareUiKeys = true;
    const next = await stack.up({ continueOnError: true }).then(() => "", (e: Error) => String(e));
    for (const key of uiKeys) expect(next).toMatch(new RegExp(`flag '${key}' in project ${projectId} already exists \\(id \\d+\\); it was not created by this stack[^]*adopt: true`));
    expect(next).not.toMatch(/flag 'rel-flag-\d+' in project \d+ failed/);
    if (deploymentMade) {
      expect(next).toMatch(/deployment labelled 'rel-web' already exists in project \d+ \(id \d+\) and was not created by this resource[^]*adopt: true/);
      spec.adoptDeployment = true;
      const adopted = await stack.up({ continueOnError: true }).then(() => "", (e: Error) => String(e));
      expect(adopted).not.toMatch(/(deployment 'rel-web'|flag 'rel-flag-\d+') in project \d+ failed/);
    }

    let c = await convergence(em, stack, spec, ["rel-web"], uiKeys);
    expect({ duplicates: c.duplicates, orphans: c.orphans, mismatches: c.mismatches }).toEqual({ duplicates: [], orphans: [], mismatches: [] });
    // Recovered, not recreated: the flags the killed run made keep their ids (and so their bucketing salt).
    const live = (await emulatorState(em)).flags.filter((f) => madeByKilledRun.has(f.key) && !f.deleted);
    expect(Object.fromEntries(live.map((f) => [f.key, f.id]))).toEqual(Object.fromEntries(madeByKilledRun));
    expect((await emulatorState(em)).flags.filter((f) => uiKeys.includes(f.key))).toEqual(uiBefore);

    // The user drops the colliding resources (or would set adopt): the stack is clean and stays clean.
    declareUiKeys = false;
    expect((await stack.up()).summary.result).toBe("succeeded");
    c = await convergence(em, stack, spec, ["rel-web"], uiKeys);
    expect({ duplicates: c.duplicates, orphans: c.orphans, mismatches: c.mismatches, pending: c.pendingOperations })
      .toEqual({ duplicates: [], orphans: [], mismatches: [], pending: 0 });
    const steps = stepRecorder();
    await stack.preview({ onEvent: steps.onEvent, refresh: true });
    expect(steps.changed()).toEqual({});
    const uiFinal = (await emulatorState(em)).flags.filter((f) => uiKeys.includes(f.key));
    expect(uiFinal).toEqual(uiBefore);

    totals.runs += 1;
    totals.kills += killed.killed ? 1 : 0;
    totals.createdBeforeKill += madeByKilledRun.size;
    totals.flagsConverged += c.stateFlags;
    totals.duplicates += c.duplicates.length;
    totals.uiFlagsChanged += uiFinal.filter((f, i) => JSON.stringify(f) !== JSON.stringify(uiBefore[i])).length;
    report("skipped-checkpoints-run", { seed, killAt, killed: killed.killed, requestsBeforeKill: killed.requests, flagsMadeByKilledRun: madeByKilledRun.size, deploymentMade, flags: c.stateFlags });
    if (totals.runs === seeds.length) report("skipped-checkpoints", totals);
  }, 1_200_000);
});
