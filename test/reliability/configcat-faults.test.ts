// ConfigCat under faults: a stack applied while the emulator injects 429s (half of them without Retry-After), 5xx,
// connection resets and "write applied, response dropped", with the documented rate limits on, converges with no
// failed resource, no duplicated or doubly tagged flag and no orphan; the emulator equals the program. Run under
// the emulator's defaults and under the alternative readings a client can be caught out by (duplicate tag adds
// refused, no Retry-After or rate-limit headers anywhere, limits counted per credential, text error bodies; FF_FULL=1).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConfigCatFidelity } from "../../emulator";
import { createTestStack, type TestStack } from "../helpers/pulumi-engine";
import { stepRecorder } from "../helpers/engine-events";
import { startConfigCat, type ConfigCatFixture } from "../configcat/fixture";
import { addCounts, FULL, report } from "./harness";
import { ccSizes, convergence, faultCounts, fleetProgram, providerConfig, type FleetSpec } from "./configcat-harness";

// At CI size (about 200 requests, 70 of them writes, in the whole run) resets and dropped answers come twice as often,
// so that every kind is met on every run; the full size keeps the plain rates.
const faults = {
  rate429: 0.05, rate429WithoutRetryAfter: 0.05, rate500: 0.02, rate502: 0.01, rate503: 0.02,
  rateReset: FULL ? 0.02 : 0.04, rateDropAfterWrite: FULL ? 0.05 : 0.1,
};

// `duplicateTagAdd: "error"` in both: under the default reading a replayed `add /tags/-` would be absorbed, here it
// fails the resource, so a blind replay cannot pass unnoticed.
const readings: { reading: string; fidelity: ConfigCatFidelity }[] = [
  { reading: "defaults (duplicate tag adds refused)", fidelity: { duplicateTagAdd: "error" } },
  {
    reading: "alternatives",
    fidelity: { duplicateTagAdd: "error", retryAfterHeader: false, rateLimitHeaders: false, rateLimitKey: "credential", errorBodies: "text", listOrder: "sorted", updateNulls: "clear" },
  },
];
// Time here goes to honouring 429s (10 % of requests, each pausing its endpoint for a second or more), not to the
// size: CI runs the first reading only, FF_FULL=1 both, each at full size.
const runReadings = FULL ? readings : readings.slice(0, 1);
const flags = ccSizes.faultFlags;

describe.each(runReadings)("a ConfigCat stack under injected faults, emulating the $reading", ({ reading, fidelity }) => {
  let fx: ConfigCatFixture;
  let test: TestStack;
  let spec: FleetSpec = { flags, environments: ccSizes.faultEnvironments };

  beforeAll(async () => {
    // The documented limits stay on (20/s, 500/min per endpoint; per credential in the alternative reading).
    fx = await startConfigCat({ limits: { perSecond: 20, perMinute: 500 }, faults, seed: 15, fidelity });
    test = await createTestStack({ projectName: "rel-cc-faults", program: fleetProgram(fx.organizationId, () => spec), config: providerConfig(fx) });
  });
  afterAll(async () => {
    await test?.cleanup();
    await fx?.stop();
  });

  it("up creates everything exactly once, an update of every flag and a removal of a tenth converge, refresh is clean", async () => {
    const totals: Record<string, number> = {};
    const requests: number[] = [];
    const check = async (s: FleetSpec) => {
      const c = await convergence(fx, test.stack, s);
      expect({ duplicates: c.duplicates, doublyTagged: c.doublyTagged, orphans: c.orphans, mismatches: c.mismatches, pending: c.pendingOperations })
        .toEqual({ duplicates: [], doublyTagged: [], orphans: [], mismatches: [], pending: 0 });
      return c;
    };

    fx.emu.resetStats();
    expect((await test.stack.up()).summary.result).toBe("succeeded");
    const created = faultCounts(fx);
    requests.push(fx.emu.stats().total);
    addCounts(totals, created);
    // The creates met faults of their own (every kind is required over the whole run, below).
    expect(Object.values(created).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    let c = await check(spec);
    expect(c.liveFlags).toBe(flags);

    // The faults stay on: a second up writes nothing, and a refresh finds nothing.
    fx.emu.resetStats();
    const again = stepRecorder();
    expect((await test.stack.up({ onEvent: again.onEvent })).summary.result).toBe("succeeded");
    expect(again.changed()).toEqual({});
    expect(fx.emu.app.stats.requests().filter((r) => r.method !== "GET")).toEqual([]);
    addCounts(totals, faultCounts(fx));
    const refreshed = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: refreshed.onEvent });
    expect(refreshed.changed()).toEqual({});

    // Every flag renamed, its tags flipped (JSON Patch add and index remove, which are never replayed blindly), its
    // values flipped; a tenth removed.
    spec = { ...spec, revision: 1, skip: new Set(Array.from({ length: Math.ceil(flags / 10) }, (_, i) => i * 10 + 1)) };
    fx.emu.resetStats();
    expect((await test.stack.up()).summary.result).toBe("succeeded");
    requests.push(fx.emu.stats().total);
    addCounts(totals, faultCounts(fx));
    c = await check(spec);
    const final = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: final.onEvent });
    expect(final.changed()).toEqual({});

    // Every kind of fault actually happened, or the run proves nothing. Counted over the whole run: bulk value writes
    // leave the first `up` at CI size with about 100 requests, too few to meet a 2 % fault every time.
    for (const kind of ["429", "429-without-retry-after", "reset", "drop-after-write"]) expect(totals[kind], kind).toBeGreaterThan(0);
    expect(totals["500"]! + totals["502"]! + totals["503"]!).toBeGreaterThan(0);

    const resources = (await test.stack.exportStack()).deployment.resources.filter((r: { type: string }) => r.type.includes("configcat:")).length;
    report(`configcat-faults-${reading.split(" ")[0]}`, {
      flags, environments: spec.environments, resources, requests, faultsInjected: totals, failedResources: 0,
      duplicates: c.duplicates.length, doublyTagged: c.doublyTagged.length, orphans: c.orphans.length,
    });
  }, ccSizes.timeoutMs);
});
