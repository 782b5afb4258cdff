// Faults: a stack applied while the emulator injects 429s (no headers), 503s, connection resets and
// "write applied, response dropped" converges with no failed resource, no duplicate and no orphan.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../helpers/pulumi-engine";
import { defaultKey, startEmulator, type EmulatorHandle, emulatorConfig } from "../helpers/amplitude-emulator";
import { stepRecorder } from "../helpers/engine-events";
import { convergence, faultCounts, fleetProgram, report, sizes, type FleetSpec } from "./harness";

const faults = { rate429: 0.1, rate503: 0.05, rateReset: 0.02, rateDropAfterWrite: 0.05 };

describe(`a ${sizes.faultFlags}-flag stack under injected faults`, () => {
  let em: EmulatorHandle;
  let test: TestStack;
  let spec: FleetSpec = { count: sizes.faultFlags };

  beforeAll(async () => {
    em = await startEmulator({ faults, seed: 8 });
    test = await createTestStack({
      projectName: "rel-faults",
      program: fleetProgram(() => spec),
      config: emulatorConfig(em),
    });
  });
  afterAll(async () => {
    await test?.cleanup();
    await em?.stop();
  });

  it("up creates every flag exactly once; the emulator equals the program; a second up and a refresh change nothing", async () => {
    const totals: Record<string, number> = {};
    const up = await test.stack.up();
    expect(up.summary.result).toBe("succeeded");
    const log = await em.requests();
    const injected = faultCounts(log);
    for (const [k, v] of Object.entries(injected)) totals[k] = v;

    // Every kind of fault actually happened, or the run proves nothing.
    expect(injected["429"]).toBeGreaterThan(0);
    expect(injected["503"]).toBeGreaterThan(0);
    expect(injected.reset).toBeGreaterThan(0);
    expect(injected["drop-after-write"]).toBeGreaterThan(0);

    const c = await convergence(em, test.stack, spec);
    expect(c.duplicates).toEqual([]);
    expect(c.orphans).toEqual([]);
    expect(c.mismatches).toEqual([]);
    expect(c.liveFlags).toBe(sizes.faultFlags);
    expect(c.stateFlags).toBe(sizes.faultFlags);

    // The faults stay on: the second up and the refresh must cope with them too.
    await em.resetStats();
    const again = stepRecorder();
    const second = await test.stack.up({ onEvent: again.onEvent });
    expect(second.summary.result).toBe("succeeded");
    expect(again.changed()).toEqual({});
    expect((await em.requests()).filter((r) => r.method !== "GET")).toEqual([]);

    const refreshed = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: refreshed.onEvent });
    expect(refreshed.changed()).toEqual({});

    // An update of every flag, then removing a tenth, still under faults.
    spec = { count: sizes.faultFlags, revision: 1, skip: new Set(Array.from({ length: sizes.faultFlags / 10 }, (_, i) => i * 10 + 1)) };
    await em.resetStats();
    const third = await test.stack.up();
    expect(third.summary.result).toBe("succeeded");
    const updateLog = await em.requests();
    const after = await convergence(em, test.stack, spec);
    expect(after.duplicates).toEqual([]);
    expect(after.orphans).toEqual([]);
    expect(after.mismatches).toEqual([]);
    const final = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: final.onEvent });
    expect(final.changed()).toEqual({});

    const updateFaults = faultCounts(updateLog);
    for (const [k, v] of Object.entries(updateFaults)) totals[k] = (totals[k] ?? 0) + v;
    report("faults", {
      flags: sizes.faultFlags,
      createRequests: log.length,
      updateRequests: updateLog.length,
      faultsInjected: totals,
      failedResources: 0,
      duplicates: after.duplicates.length,
      orphans: after.orphans.length,
    });
  }, 1_200_000);
});
