// Requests of the write path (`up`): the reads a create needs come from the per-collection lists, not one GET each.
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { configProvider } from "../../provider/configcat/resources/config-provider";
import { environmentProvider } from "../../provider/configcat/resources/environment-provider";
import { invalidateCached } from "../../provider/configcat/resources/live-cache";
import { productProvider } from "../../provider/configcat/resources/product-provider";
import { settingProvider, type SettingInputs } from "../../provider/configcat/resources/setting-provider";
import { settingValueProvider, type SettingValueInputs, type SettingValueOutputs } from "../../provider/configcat/resources/setting-value-provider";
import { checked, configureProviders, startConfigCat, type ConfigCatFixture } from "./fixture";

let fx: ConfigCatFixture;
beforeEach(async () => {
  fx = await startConfigCat();
  configureProviders(fx);
});
afterEach(async () => fx.stop());

const routes = () => fx.emu.stats().byRoute;
const BULK = "POST /v2/configs/:configId/environments/:environmentId/values";
const PUT = "PUT /v2/environments/:environmentId/settings/:settingId/value";

/**
 * Creates `flags` flags and their values in every environment in the engine's order: all flag creates at once, and
 * each flag's values as soon as that flag exists. Half of the values differ from a new flag's, half do not.
 */
async function up(configId: string, environmentIds: string[], flags: number, prefix = "flag") {
  await Promise.all(Array.from({ length: flags }, async (_, i) => {
    // With its owner, as every `Setting` passes it: the create's rename must keep the run's flag list whole.
    const owner = `urn:pulumi:dev::p::pulumi-nodejs:dynamic/configcat:Setting::${prefix}${i}`;
    const flag = await settingProvider.create(await checked<SettingInputs>(settingProvider, { configId, key: `${prefix}${i}`, owner }));
    await Promise.all(environmentIds.map(async (environmentId, e) => {
      const inputs = await checked<SettingValueInputs>(settingValueProvider, { environmentId, settingId: Number(flag.id), value: (i + e) % 2 === 0 });
      const created = await settingValueProvider.create(inputs);
      expect(created.outs).toMatchObject({ configId, settingType: "boolean", value: (i + e) % 2 === 0 });
    }));
  }));
}

async function world(environments: number) {
  const product = await productProvider.create(await checked(productProvider, { organizationId: fx.organizationId, name: "P" }));
  const config = await configProvider.create(await checked(configProvider, { productId: product.id, name: "C", evaluationVersion: "v2" }));
  const envs = await Promise.all(Array.from({ length: environments }, async (_, i) =>
    (await environmentProvider.create(await checked(environmentProvider, { productId: product.id, name: `E${i}` }))).id));
  return { configId: config.id, environmentIds: envs };
}

it("an up of 20 flags × 2 environments reads each flag from the lists: no per-flag GET of the flag or its config, few value reads", async () => {
  const { configId, environmentIds } = await world(2);
  fx.emu.resetStats();
  await up(configId, environmentIds, 20);
  const r = routes();
  // The flag's type and config come from the flag list this run already holds (extended by its own creates).
  expect(r["GET /v1/settings/:settingId"] ?? 0).toBe(0);
  expect(r["GET /v1/configs/:configId"] ?? 0).toBe(0);
  // One flag list for the existence checks of all 20 creates.
  expect(r["GET /v1/configs/:configId/settings"] ?? 0).toBe(1);
  // Values: one GET or list per batch of creates, not one GET per value.
  const valueReads = (r["GET /v2/environments/:environmentId/settings/:settingId/value"] ?? 0) +
    (r["GET /v2/configs/:configId/environments/:environmentId/values"] ?? 0);
  expect(valueReads).toBeLessThanOrEqual(8);
  expect(r["POST /v1/configs/:configId/settings"]).toBe(20);
  // Only what differs is written (a new flag serves false, so the 20 values that are `true`), and the writes that follow
  // one read of a config × environment's values share one bulk POST: at most one write request per value read
  // (4 measured: 2 per environment, as the flag creates arrive in two bursts), where each value was one PUT (20).
  const valueWrites = (r[BULK] ?? 0) + (r[PUT] ?? 0);
  expect(r[BULK]).toBeGreaterThanOrEqual(environmentIds.length);
  expect(valueWrites).toBeLessThanOrEqual(valueReads);
  // The emulator holds exactly the program.
  for (const [e, environmentId] of environmentIds.entries()) {
    const listed = await fx.api<{ settingFormulas: { setting: { key: string }; defaultValue: { boolValue: boolean } }[] }>(
      "GET", `/v2/configs/${configId}/environments/${environmentId}/values`);
    expect(listed.settingFormulas).toHaveLength(20);
    for (const f of listed.settingFormulas) expect(f.defaultValue.boolValue).toBe((Number(f.setting.key.slice(4)) + e) % 2 === 0);
  }
}, 120_000);

it("values written together go as ceil(N/100) bulk POSTs per environment: 250 flags × 2 environments, 6 POSTs instead of 500 PUTs", async () => {
  const { configId, environmentIds } = await world(2);
  const flags: number[] = [];
  for (let i = 0; i < 250; i++) flags.push((await fx.api<{ settingId: number }>("POST", `/v1/configs/${configId}/settings`, { key: `f${i}`, name: `f${i}`, settingType: "boolean" })).settingId);
  fx.emu.resetStats();
  // An `up` that turns every value on, as the engine runs it: every update at once, each with the flag in its state.
  await Promise.all(environmentIds.flatMap((environmentId) => flags.map(async (settingId) => {
    const olds = { environmentId, settingId, configId, settingType: "boolean", value: false, targetingRules: [], percentageOptions: [], initOnly: false, deletionPolicy: "retain" };
    const news = await checked<SettingValueInputs>(settingValueProvider, { environmentId, settingId, value: true });
    const updated = await settingValueProvider.update(`${environmentId}:${settingId}`, olds as unknown as SettingValueOutputs, news);
    expect(updated.outs).toMatchObject({ settingId, value: true, lastVersionId: expect.any(String) });
  })));
  // One value list per environment for the reads; per environment 100 + 100 + 50 flags in three bulk POSTs.
  expect(routes()).toEqual({ "GET /v2/configs/:configId/environments/:environmentId/values": 2, [BULK]: Math.ceil(250 / 100) * 2 });
  for (const environmentId of environmentIds) {
    const listed = await fx.api<{ settingFormulas: { defaultValue: { boolValue: boolean } }[] }>("GET", `/v2/configs/${configId}/environments/${environmentId}/values`);
    expect(listed.settingFormulas.map((f) => f.defaultValue.boolValue)).toEqual(flags.map(() => true));
  }
}, 120_000);

it("a flag that exists outside the stack is refused after a fresh list, and a replaced flag's key is free again", async () => {
  const { configId } = await world(1);
  await up(configId, [], 3);
  // Created in the Dashboard after this run's list: the POST answers "already in use", a fresh list names the owner.
  const outside = await fx.api<{ settingId: number }>("POST", `/v1/configs/${configId}/settings`, { key: "dashboard", name: "d", settingType: "boolean" });
  fx.emu.resetStats();
  await expect(settingProvider.create(await checked<SettingInputs>(settingProvider, { configId, key: "dashboard" })))
    .rejects.toThrow(`a flag with key 'dashboard' already exists in config ${configId} (id ${outside.settingId}`);
  expect(routes()["GET /v1/configs/:configId/settings"]).toBe(1);
  // With adopt: taken over, not duplicated.
  const adopted = await settingProvider.create(await checked<SettingInputs>(settingProvider, { configId, key: "dashboard", adopt: true }));
  expect(adopted.id).toBe(String(outside.settingId));
  // Delete then create with the same key (a replace): the cached list no longer holds the deleted flag.
  const old = await settingProvider.create(await checked<SettingInputs>(settingProvider, { configId, key: "replaced" }));
  await settingProvider.delete(old.id, old.outs);
  const again = await settingProvider.create(await checked<SettingInputs>(settingProvider, { configId, key: "replaced", settingType: "int" }));
  expect(again.id).not.toBe(old.id);
  const all = await fx.api<{ key: string }[]>("GET", `/v1/configs/${configId}/settings`);
  expect(all.map((s) => s.key).sort()).toEqual(["dashboard", "flag0", "flag1", "flag2", "replaced"]);
}, 60_000);

it("a refresh slower than 30 s fetches each list once: lists expire after 30 s without use, not 30 s after the fetch", async () => {
  const { configId, environmentIds } = await world(1);
  await up(configId, environmentIds, 3, "slow");
  const listed = await fx.api<{ settingId: number }[]>("GET", `/v1/configs/${configId}/settings`);
  const environmentId = environmentIds[0]!;
  // A new engine operation: a new provider process, no cached list.
  invalidateCached("values", `${configId}|${environmentId}`);
  fx.emu.resetStats();
  const read = (settingId: number) => settingValueProvider.read(`${environmentId}:${settingId}`, {
    environmentId, settingId, configId, settingType: "boolean", initOnly: false, deletionPolicy: "retain",
  } as SettingValueOutputs);
  const lists = () => fx.emu.stats().byRoute["GET /v2/configs/:configId/environments/:environmentId/values"] ?? 0;
  vi.useFakeTimers({ toFake: ["Date"] });
  try {
    await read(listed[0]!.settingId);
    vi.setSystemTime(Date.now() + 20_000);
    await read(listed[1]!.settingId);
    vi.setSystemTime(Date.now() + 20_000); // 40 s after the fetch, 20 s after the last use
    await read(listed[2]!.settingId);
    expect(lists()).toBe(1);
    vi.setSystemTime(Date.now() + 31_000); // unused for longer than 30 s: fetched again
    await read(listed[0]!.settingId);
    expect(lists()).toBe(2);
  } finally {
    vi.useRealTimers();
  }
  expect(fx.emu.stats().total).toBe(2);
}, 60_000);
