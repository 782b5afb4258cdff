// End-to-end: the real Pulumi engine drives the ConfigCat resources against the emulator over loopback HTTP, under
// the emulator's defaults and under every alternative reading of what ConfigCat leaves undocumented.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConfigCatFidelity } from "../../emulator";
import { stepRecorder } from "../helpers/engine-events";
import { createTestStack, type TestStack } from "../helpers/pulumi-engine";
import { stackConfig, startConfigCat, type ConfigCatFixture } from "./fixture";
import { baseFlags, baseValues, stackProgram, type StackSpec } from "./program";
import { readings } from "./readings";

type ApiSetting = { settingId: number; key: string; name: string; hint: string | null; order: number; settingType: string; tags: { name: string }[] };
type Named = { name: string; description: string | null; color?: string | null; order: number };


describe.each(readings)("ConfigCat resources under the real engine, emulating $reading", ({ fidelity }) => {
  let fx: ConfigCatFixture;
  let test: TestStack;
  let spec: StackSpec;

  const writes = () => fx.emu.app.stats.requests().filter((r) => r.method !== "GET");
  const product = async () => (await fx.api<{ productId: string; name: string; description: string | null }[]>("GET", "/v1/products"))[0]!;
  const flags = async () => {
    const p = await product();
    const config = (await fx.api<{ configId: string; name: string }[]>("GET", `/v1/products/${p.productId}/configs`)).find((c) => c.name === "Web");
    return fx.api<ApiSetting[]>("GET", `/v1/configs/${config!.configId}/settings`);
  };
  const flag = async (key: string) => (await flags()).find((f) => f.key === key)!;
  type ApiValue = { defaultValue: { boolValue: boolean | null }; targetingRules: { conditions: unknown[]; percentageOptions: unknown[] }[] };
  const value = async (environmentId: string, key: string) =>
    fx.api<ApiValue>("GET", `/v2/environments/${environmentId}/settings/${(await flag(key)).settingId}/value`);
  const environmentId = async (name: string) => {
    const p = await product();
    return (await fx.api<{ environmentId: string; name: string }[]>("GET", `/v1/products/${p.productId}/environments`)).find((e) => e.name === name)!.environmentId;
  };

  beforeAll(async () => {
    // The documented limits stay on: 20 per second and 500 per minute.
    fx = await startConfigCat({ limits: { perSecond: 20, perMinute: 500 }, fidelity });
    spec = { organizationId: fx.organizationId, flags: baseFlags(), values: baseValues() };
    test = await createTestStack({
      projectName: "configcat-e2e",
      program: stackProgram(() => spec),
      config: stackConfig(fx),
    });
  }, 120_000);
  afterAll(async () => {
    await test?.cleanup();
    await fx?.stop();
  });

  it("1. up creates exactly the program; preview and the first preview --refresh show no change", async () => {
    const up = await test.stack.up();
    expect(up.summary.result).toBe("succeeded");
    // A value learns its flag's type and config from this run's flag list, not from one GET of the flag and its config each.
    const created = fx.emu.stats().byRoute;
    expect([created["GET /v1/settings/:settingId"], created["GET /v1/configs/:configId"]]).toEqual([undefined, undefined]);
    const p = await product();
    expect(p).toMatchObject({ name: "Shop", description: "Web shop" });
    const configs = await fx.api<(Named & { evaluationVersion: string })[]>("GET", `/v1/products/${p.productId}/configs`);
    // Under the reading where a new product comes with a default config, that one stays, unmanaged.
    const cameWith = fidelity.newProductContents === "defaults" ? [expect.objectContaining({ name: "Main Config" })] : [];
    expect(configs).toEqual([...cameWith, expect.objectContaining({ name: "Web", evaluationVersion: "v2" })]);
    const envs = await fx.api<Named[]>("GET", `/v1/products/${p.productId}/environments`);
    expect(envs.map((e) => [e.name, e.color]).sort()).toEqual([["Production", null], ["Test", "#00aa00"]]);
    expect(envs.find((e) => e.name === "Production")!.order).toBe(1);
    const all = await flags();
    expect(all.map((f) => [f.key, f.settingType, f.name]).sort()).toEqual([
      ["bannerText", "string", "Banner text"], ["maxItems", "int", "maxItems"], ["newCheckout", "boolean", "New checkout"],
    ]);
    expect(all.find((f) => f.key === "newCheckout")).toMatchObject({ hint: "Checkout v2", tags: [expect.objectContaining({ name: "beta" })] });
    const prodId = envs.find((e) => e.name === "Production") as unknown as { environmentId: string };
    const prodValue = await value(prodId.environmentId, "newCheckout");
    expect(prodValue.defaultValue.boolValue).toBe(false);
    expect(prodValue.targetingRules).toHaveLength(3); // two rules and the flag-level options as a trailing rule
    expect(prodValue.targetingRules[2]).toMatchObject({ conditions: [], percentageOptions: [{ percentage: 20 }, { percentage: 80 }] });
    // The credential and the SDK key are in no state file in clear text.
    const backend = test.readBackendFiles();
    expect(backend).not.toContain(fx.emu.credentials.password);
    expect(backend).not.toContain(Buffer.from(`${fx.emu.credentials.username}:${fx.emu.credentials.password}`).toString("base64"));
    const config = (await fx.api<{ configId: string; name: string }[]>("GET", `/v1/products/${p.productId}/configs`)).find((c) => c.name === "Web");
    const keys = await fx.api<{ primary: string }>("GET", `/v1/configs/${config!.configId}/environments/${prodId.environmentId}`);
    expect(backend).not.toContain(keys.primary);
    expect(up.outputs.sdkKey).toMatchObject({ value: keys.primary, secret: true });

    fx.emu.resetStats();
    const preview = stepRecorder();
    await test.stack.preview({ onEvent: preview.onEvent });
    expect(preview.changed()).toEqual({});
    expect(fx.emu.stats().total).toBe(0); // a plain preview sends nothing

    const refreshed = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: refreshed.onEvent });
    expect(refreshed.changed()).toEqual({});
    expect(refreshed.outputChanges()).toEqual({});
    expect(writes()).toEqual([]);
    // Batched: one list per collection and parent (products; configs, environments, tags, segments of the product;
    // flags of the config; values per environment) and the SDK keys.
    expect(fx.emu.stats().total).toBeLessThanOrEqual(9);
  }, 300_000);

  it("2. a Dashboard edit shows as drift for exactly that resource, and up --refresh restores it", async () => {
    const checkout = await flag("newCheckout");
    await fx.api("PATCH", `/v1/settings/${checkout.settingId}`, [{ op: "replace", path: "/name", value: "Renamed in the Dashboard" }]);

    const drift = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: drift.onEvent });
    expect(drift.changed()).toEqual({ checkout: "update" });
    expect(drift.outputChanges()).toEqual({ checkout: ["name"] });

    fx.emu.resetStats();
    await expect(test.stack.up({ refresh: true })).resolves.toMatchObject({ summary: { result: "succeeded" } });
    expect((await flag("newCheckout")).name).toBe("New checkout");
    expect(writes().map((r) => r.route)).toEqual(["PATCH /v1/settings/:settingId"]);

    const after = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: after.onEvent });
    expect(after.changed()).toEqual({});
    expect(after.outputChanges()).toEqual({});
  }, 300_000);

  it("3. changing settingType replaces the flag without 'This key is already in use'", async () => {
    const before = await flag("maxItems");
    spec = { ...spec, flags: { ...spec.flags, limit: { key: "maxItems", settingType: "double" } } };
    const steps = stepRecorder();
    await test.stack.up({ onEvent: steps.onEvent });
    expect(steps.changed()).toEqual({ limit: "replace" });
    const after = await flag("maxItems");
    expect(after.settingType).toBe("double");
    expect(after.settingId).not.toBe(before.settingId);
    expect((await flags()).filter((f) => f.key === "maxItems")).toHaveLength(1);
  }, 300_000);

  it("4. reordering conditions or list values shows no diff; reordering rules does", async () => {
    const base = baseValues().checkoutProd;
    const [first, second] = base.targetingRules!;
    const [email, segment] = first!.conditions;
    const list = (email as { user: { comparisonValue: string[] } }).user;
    const shuffled = { ...first!, conditions: [segment!, { user: { ...list, comparisonValue: [...list.comparisonValue].reverse() } } as never] };
    spec = { ...spec, values: { ...spec.values, checkoutProd: { ...base, targetingRules: [shuffled, second!] } } };
    const same = stepRecorder();
    await test.stack.preview({ onEvent: same.onEvent });
    expect(same.changed()).toEqual({});

    spec = { ...spec, values: { ...spec.values, checkoutProd: { ...base, targetingRules: [second!, first!] } } };
    const swapped = stepRecorder();
    await test.stack.preview({ onEvent: swapped.onEvent });
    expect(swapped.changed()).toEqual({ checkoutProd: "update" });
    spec = { ...spec, values: baseValues() };
  }, 300_000);

  it("5. a Dashboard edit of a served value is drift of exactly that value; deleting a SettingValue leaves users' value untouched", async () => {
    const prod = await environmentId("Production");
    const test1 = await environmentId("Test");
    const checkout = await flag("newCheckout");
    await fx.api("PUT", `/v2/environments/${prod}/settings/${checkout.settingId}/value`, { defaultValue: { boolValue: true }, targetingRules: [] });
    const drift = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: drift.onEvent });
    expect(drift.changed()).toEqual({ checkoutProd: "update" });
    await test.stack.up({ refresh: true });
    expect((await value(prod, "newCheckout")).targetingRules).toHaveLength(3);
    expect((await value(prod, "newCheckout")).defaultValue.boolValue).toBe(false);

    const { checkoutTest: _removed, ...rest } = spec.values;
    spec = { ...spec, values: rest };
    fx.emu.resetStats();
    const steps = stepRecorder();
    await test.stack.up({ onEvent: steps.onEvent });
    expect(steps.changed()).toEqual({ checkoutTest: "delete" });
    expect(writes()).toEqual([]);
    expect((await value(test1, "newCheckout")).defaultValue.boolValue).toBe(true);
  }, 300_000);

  it("6. destroy leaves nothing behind", async () => {
    await test.stack.destroy();
    expect(await fx.api("GET", "/v1/products")).toEqual([]);
  }, 300_000);
});
