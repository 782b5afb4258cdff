// The ConfigCat quickstart example, run as-is through the real engine against the ConfigCat emulator (over
// loopback HTTP, the documented 20/s and 500/min limits on): what it declares is what the emulator holds, a
// preview afterwards sends nothing, a refresh finds nothing to change, a Dashboard edit shows as drift of that one
// value and `up --refresh` puts it back, and destroy leaves nothing behind. Under the emulator's defaults and under
// (with FF_FULL=1) every alternative reading of what ConfigCat leaves undocumented.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConfigCatState } from "../../emulator";
import { startConfigCat, type ConfigCatFixture } from "../configcat/fixture";
import { stepRecorder } from "../helpers/engine-events";
import type { TestStack } from "../helpers/pulumi-engine";
import { configcatExampleStack, describeProduct, leftovers, readings } from "./configcat";

const bool = (b: boolean) => ({ boolValue: b });

describe.each(readings)("examples/configcat-quickstart end to end, emulating $reading", ({ fidelity }) => {
  let fx: ConfigCatFixture;
  let test: TestStack;
  const writes = () => fx.emu.app.stats.requests().filter((r) => r.method !== "GET");

  beforeAll(async () => {
    fx = await startConfigCat({ limits: { perSecond: 20, perMinute: 500 }, fidelity });
    test = await configcatExampleStack("configcat-quickstart", fx);
  }, 120_000);
  afterAll(async () => {
    await test?.cleanup();
    await fx?.stop();
  });

  it("up creates exactly what the program declares", async () => {
    const up = await test.stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(describeProduct(fx.emu.getState(), "Shop")).toEqual({
      product: { name: "Shop", description: "Web shop (managed by Pulumi)" },
      configs: [{ name: "Web", evaluationVersion: "v2" }],
      environments: [{ name: "Test", color: "#2e7d32", order: 0 }, { name: "Production", color: "#c62828", order: 1 }],
      tags: [{ name: "checkout", color: "koala" }],
      segments: [{ name: "Beta testers", attribute: "Email", comparator: "isOneOf", value: "ana@example.com,ben@example.com,qa@example.com" }],
      flags: {
        newCheckout: { settingType: "boolean", name: "New checkout", hint: "The redesigned two-step checkout", order: 0, tags: ["checkout"] },
        bannerText: { settingType: "string", name: "Banner text", hint: null, order: 1, tags: [] },
        maxCartItems: { settingType: "int", name: "Max items in cart", hint: null, order: 2, tags: [] },
        discountRate: { settingType: "double", name: "Discount rate", hint: null, order: 3, tags: ["checkout"] },
      },
      values: {
        Test: {
          newCheckout: { value: bool(true), rules: [] },
          bannerText: { value: { stringValue: "You are on the Test environment" }, rules: [] },
          maxCartItems: { value: { intValue: 500 }, rules: [] },
          discountRate: { value: { doubleValue: 0.5 }, rules: [] },
        },
        Production: {
          newCheckout: {
            value: bool(false),
            rules: [
              { if: ["segment isIn Beta testers"], then: bool(true) },
              { if: ["Country isOneOf HU,AT", "AppVersion semVerGreaterOrEquals 2.0.0"], then: [[50, bool(true)], [50, bool(false)]] },
              // The flag-level split for everyone else: a trailing rule without conditions, as the API represents it.
              { if: [], then: [[10, bool(true)], [90, bool(false)]] },
            ],
          },
          bannerText: { value: { stringValue: "Free shipping over 50 EUR" }, rules: [{ if: ["Email textEndsWithAnyOf @example.com"], then: { stringValue: "Hello, colleague!" } }] },
          maxCartItems: { value: { intValue: 50 }, rules: [{ if: ["Plan isOneOf pro,enterprise"], then: { intValue: 200 } }] },
          discountRate: { value: { doubleValue: 0 }, rules: [{ if: ["OrderCount numberGreaterOrEquals 10"], then: { doubleValue: 0.15 } }] },
        },
      },
      sdkKeys: 2,
    });

    // Outputs: ids in the clear, SDK keys secret and never in the state files, nor the credential.
    const state = fx.emu.getState();
    const key = (name: string) => state.sdkKeys.find((k) => k.environmentId === state.environments.find((e) => e.name === name)!.environmentId)!.primary;
    expect(up.outputs.testSdkKey).toEqual({ value: key("Test"), secret: true });
    expect(up.outputs.productionSdkKey).toEqual({ value: key("Production"), secret: true });
    expect(up.outputs.flagIds!.value).toEqual(Object.fromEntries(state.settings.map((s) => [s.key, s.settingId])));
    const backend = test.readBackendFiles();
    for (const secret of [key("Test"), key("Production"), fx.emu.credentials.password]) expect(backend).not.toContain(secret);
  }, 300_000);

  it("a preview then sends nothing and changes nothing; the first preview --refresh changes no resource and no output", async () => {
    fx.emu.resetStats();
    const preview = stepRecorder();
    await test.stack.preview({ onEvent: preview.onEvent });
    expect(preview.changed()).toEqual({});
    expect(fx.emu.stats().total).toBe(0);

    const refreshed = stepRecorder();
    const result = await test.stack.preview({ refresh: true, onEvent: refreshed.onEvent });
    expect(refreshed.changed()).toEqual({});
    expect(refreshed.outputChanges()).toEqual({});
    expect(result.changeSummary).not.toHaveProperty("update");
    expect(writes()).toEqual([]);
  }, 300_000);

  it("a Dashboard edit (through the admin API) is drift of exactly that value; up --refresh restores it with one write", async () => {
    // A teammate rolls the new checkout out to half of production in the Dashboard.
    const state = await fx.admin<ConfigCatState>("GET", "/state");
    const production = state.environments.find((e) => e.name === "Production")!.environmentId;
    const checkout = state.settings.find((s) => s.key === "newCheckout")!.settingId;
    const value = state.values.find((v) => v.environmentId === production && v.settingId === checkout)!;
    const formula = value.formula as { targetingRules: { percentageOptions: { percentage: number }[] }[] };
    const everyoneElse = formula.targetingRules[formula.targetingRules.length - 1]!;
    everyoneElse.percentageOptions[0]!.percentage = 50;
    everyoneElse.percentageOptions[1]!.percentage = 50;
    await fx.admin("PUT", "/state", state);

    const drift = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: drift.onEvent });
    expect(drift.changed()).toEqual({ "new-checkout-production": "update" });
    expect(drift.outputChanges()).toEqual({ "new-checkout-production": ["percentageOptions"] });

    fx.emu.resetStats();
    expect((await test.stack.up({ refresh: true })).summary.result).toBe("succeeded");
    expect(writes().map((r) => r.route)).toEqual(["PUT /v2/environments/:environmentId/settings/:settingId/value"]);
    expect(describeProduct(fx.emu.getState(), "Shop")!.values.Production!.newCheckout!.rules[2]).toEqual({ if: [], then: [[10, bool(true)], [90, bool(false)]] });

    const after = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: after.onEvent });
    expect(after.changed()).toEqual({});
    expect(after.outputChanges()).toEqual({});
  }, 300_000);

  it("destroy leaves nothing behind", async () => {
    expect((await test.stack.destroy()).summary.result).toBe("succeeded");
    expect(leftovers(fx.emu.getState())).toEqual({});
  }, 300_000);
});
