import { afterEach, beforeEach, expect, it } from "vitest";
import { settingProvider, type SettingOutputs } from "../../provider/configcat/resources/setting-provider";
import { settingValueProvider, type SettingValueOutputs } from "../../provider/configcat/resources/setting-value-provider";
import { configureProviders, startConfigCat, type ConfigCatFixture } from "./fixture";

let fx: ConfigCatFixture;
beforeEach(async () => {
  fx = await startConfigCat();
  configureProviders(fx);
});
afterEach(async () => fx.stop());

it("refreshes 1,000 flags × 4 environments with one list per collection: 5 requests", async () => {
  const product = await fx.api<{ productId: string }>("POST", `/v1/organizations/${fx.organizationId}/products`, { name: "P" });
  const config = await fx.api<{ configId: string }>("POST", `/v1/products/${product.productId}/configs`, { name: "C", evaluationVersion: "v2" });
  const envs = await Promise.all(["Dev", "Test", "Staging", "Production"].map((name) =>
    fx.api<{ environmentId: string }>("POST", `/v1/products/${product.productId}/environments`, { name })));
  const flags: SettingOutputs[] = [];
  for (let i = 0; i < 1000; i += 1) {
    const s = await fx.api<{ settingId: number }>("POST", `/v1/configs/${config.configId}/settings`, { key: `flag${i}`, name: `flag${i}`, settingType: "boolean" });
    flags.push({ settingId: s.settingId, configId: config.configId, key: `flag${i}` } as SettingOutputs);
  }
  fx.emu.resetStats();
  const reads = await Promise.all([
    ...flags.map((f) => settingProvider.read(String(f.settingId), { ...f, adopt: false, deletionPolicy: "delete" })),
    ...envs.flatMap((e) => flags.map((f) => settingValueProvider.read(`${e.environmentId}:${f.settingId}`, {
      environmentId: e.environmentId, settingId: f.settingId, configId: config.configId, settingType: "boolean", initOnly: false, deletionPolicy: "retain",
    } as SettingValueOutputs))),
  ]);
  expect(reads.every((r) => r.id !== "")).toBe(true);
  expect(reads).toHaveLength(5000);
  // One flag list for the config, one value list per environment.
  expect(fx.emu.stats().total).toBe(5);
}, 120_000);
