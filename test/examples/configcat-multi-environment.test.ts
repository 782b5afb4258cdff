// The ConfigCat multi-environment example: one stack, one product, the same flags in Development, Staging and
// Production with per-environment values and targeting, configured from the example's own Pulumi.main.yaml. Up
// fills every environment with its own values, refresh is clean, promoting a rollout in the stack file changes
// exactly that environment's value with one write, and destroy leaves nothing. Under the emulator's defaults and
// (with FF_FULL=1) every alternative reading.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConfigCat, type ConfigCatFixture } from "../configcat/fixture";
import { stepRecorder } from "../helpers/engine-events";
import type { TestStack } from "../helpers/pulumi-engine";
import { configcatExampleStack, describeProduct, leftovers, readings } from "./configcat";
import { exampleYaml } from "./helpers";

const name = "configcat-multi-environment";
const rollout = { newCheckout: { Development: 100, Staging: 50, Production: 10 }, searchRanking: { Development: 100, Staging: 100, Production: 0 } };
const bool = (b: boolean) => ({ boolValue: b });
const staffRule = { if: ["segment isIn Staff"], then: bool(true) };
const cartRule = (n: number) => ({ if: ["Plan isOneOf pro,enterprise"], then: { intValue: n } });

describe("examples/configcat-multi-environment stack file", () => {
  it("holds the rollouts the README documents", () => {
    expect(exampleYaml<{ config: Record<string, unknown> }>(name, "Pulumi.main.yaml").config).toEqual({ [`${name}:rollout`]: rollout });
  });
});

describe.each(readings)("examples/configcat-multi-environment end to end, emulating $reading", ({ fidelity }) => {
  let fx: ConfigCatFixture;
  let test: TestStack;
  const writes = () => fx.emu.app.stats.requests().filter((r) => r.method !== "GET");
  const values = () => describeProduct(fx.emu.getState(), "Storefront")!.values;

  beforeAll(async () => {
    fx = await startConfigCat({ limits: { perSecond: 20, perMinute: 500 }, fidelity });
    // Structured stack config reaches the program as JSON, as the CLI passes it from Pulumi.main.yaml.
    test = await configcatExampleStack(name, fx, { [`${name}:rollout`]: { value: JSON.stringify(rollout) } });
  }, 120_000);
  afterAll(async () => {
    await test?.cleanup();
    await fx?.stop();
  });

  it("up creates the same flags in every environment, each with its own values and targeting", async () => {
    const up = await test.stack.up();
    expect(up.summary.result).toBe("succeeded");
    const product = describeProduct(fx.emu.getState(), "Storefront")!;
    expect(product.environments).toEqual([
      { name: "Development", color: "#2e7d32", order: 0 }, { name: "Staging", color: "#f9a825", order: 1 }, { name: "Production", color: "#c62828", order: 2 },
    ]);
    expect(product.configs).toEqual([{ name: "Web", evaluationVersion: "v2" }]);
    expect(Object.keys(product.flags).sort()).toEqual(["apiTimeoutSeconds", "betaDashboard", "maxCartItems", "newCheckout", "searchRanking"]);
    expect(product.values).toEqual({
      Development: {
        newCheckout: { value: bool(true), rules: [staffRule] },
        searchRanking: { value: { stringValue: "ltr-v3" }, rules: [] },
        maxCartItems: { value: { intValue: 500 }, rules: [cartRule(2000)] },
        apiTimeoutSeconds: { value: { doubleValue: 30 }, rules: [] },
        betaDashboard: { value: bool(true), rules: [] },
      },
      Staging: {
        newCheckout: { value: bool(false), rules: [staffRule, { if: [], then: [[50, bool(true)], [50, bool(false)]] }] },
        searchRanking: { value: { stringValue: "ltr-v3" }, rules: [] },
        maxCartItems: { value: { intValue: 100 }, rules: [cartRule(400)] },
        apiTimeoutSeconds: { value: { doubleValue: 10 }, rules: [] },
        betaDashboard: { value: bool(false), rules: [] },
      },
      Production: {
        newCheckout: { value: bool(false), rules: [staffRule, { if: [], then: [[10, bool(true)], [90, bool(false)]] }] },
        searchRanking: { value: { stringValue: "bm25" }, rules: [] },
        maxCartItems: { value: { intValue: 50 }, rules: [cartRule(200)] },
        apiTimeoutSeconds: { value: { doubleValue: 2.5 }, rules: [] },
        betaDashboard: { value: bool(false), rules: [] },
      },
    });
    // One SDK key per environment, all secret, all different.
    const keys = up.outputs.sdkKeys!;
    expect(keys.secret).toBe(true);
    expect(new Set(Object.values(keys.value as Record<string, string>)).size).toBe(3);
    expect(product.sdkKeys).toBe(3);
    const backend = test.readBackendFiles();
    for (const secret of [...Object.values(keys.value as Record<string, string>), fx.emu.credentials.password]) expect(backend).not.toContain(secret);
  }, 300_000);

  it("a preview sends nothing; the first preview --refresh changes no resource and no output", async () => {
    fx.emu.resetStats();
    const preview = stepRecorder();
    await test.stack.preview({ onEvent: preview.onEvent });
    expect(preview.changed()).toEqual({});
    expect(fx.emu.stats().total).toBe(0);
    const refreshed = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: refreshed.onEvent });
    expect(refreshed.changed()).toEqual({});
    expect(refreshed.outputChanges()).toEqual({});
    expect(writes()).toEqual([]);
  }, 300_000);

  it("promoting in the stack file (Production 10 % → 50 %) changes exactly Production's value, with one write", async () => {
    const promoted = { ...rollout, newCheckout: { ...rollout.newCheckout, Production: 50 } };
    await test.stack.setConfig(`${name}:rollout`, { value: JSON.stringify(promoted) });
    const preview = stepRecorder();
    await test.stack.preview({ onEvent: preview.onEvent });
    expect(preview.changed()).toEqual({ "newCheckout-Production": "update" });

    fx.emu.resetStats();
    expect((await test.stack.up()).summary.result).toBe("succeeded");
    expect(writes().map((r) => r.route)).toEqual(["PUT /v2/environments/:environmentId/settings/:settingId/value"]);
    expect(values().Production!.newCheckout).toEqual({ value: bool(false), rules: [staffRule, { if: [], then: [[50, bool(true)], [50, bool(false)]] }] });
    expect(values().Staging!.newCheckout!.rules[1]).toEqual({ if: [], then: [[50, bool(true)], [50, bool(false)]] });

    const refreshed = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: refreshed.onEvent });
    expect(refreshed.changed()).toEqual({});
    expect(refreshed.outputChanges()).toEqual({});
  }, 300_000);

  it("a typo in the stack file fails the preview naming the key, before any request", async () => {
    const { Production: _dropped, ...typo } = rollout.searchRanking;
    await test.stack.setConfig(`${name}:rollout`, { value: JSON.stringify({ ...rollout, searchRanking: { ...typo, Prod: 0 } }) });
    fx.emu.resetStats();
    await expect(test.stack.preview()).rejects.toThrow(/rollout\.searchRanking\.Production must be a whole number from 0 to 100 \(got undefined\)/);
    expect(fx.emu.stats().total).toBe(0);
    await test.stack.setConfig(`${name}:rollout`, { value: JSON.stringify(rollout) });
  }, 300_000);

  it("destroy leaves nothing behind", async () => {
    expect((await test.stack.destroy()).summary.result).toBe("succeeded");
    expect(leftovers(fx.emu.getState())).toEqual({});
  }, 300_000);
});
