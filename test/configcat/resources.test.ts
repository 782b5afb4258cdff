import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configProvider } from "../../provider/configcat/resources/config-provider";
import { environmentProvider } from "../../provider/configcat/resources/environment-provider";
import { productProvider } from "../../provider/configcat/resources/product-provider";
import { settingProvider, type SettingInputs, type SettingOutputs } from "../../provider/configcat/resources/setting-provider";
import { invalidateCached } from "../../provider/configcat/resources/live-cache";
import { tagProvider } from "../../provider/configcat/resources/tag-provider";
import { segmentProvider } from "../../provider/configcat/resources/segment-provider";
import { UNKNOWN } from "../../provider/core/dynamic/unknown";
import { checked, configureProviders, startConfigCat, type ConfigCatFixture } from "./fixture";

/*
 * The providers' check / diff / create / read / update / delete, called in-process (as the engine's provider host
 * calls them) against the emulator over HTTP.
 */

let fx: ConfigCatFixture;
beforeEach(async () => {
  fx = await startConfigCat();
  configureProviders(fx);
});
afterEach(async () => fx.stop());

const writes = () => fx.emu.app.stats.requests().filter((r: { method: string }) => r.method !== "GET");


async function world() {
  const product = await productProvider.create(await checked(productProvider, { organizationId: fx.organizationId, name: "P" }));
  const config = await configProvider.create(await checked(configProvider, { productId: product.id, name: "C" }));
  const env = await environmentProvider.create(await checked(environmentProvider, { productId: product.id, name: "Production" }));
  return { productId: product.id, configId: config.id, environmentId: env.id, config };
}

describe("check", () => {
  it("names each bad property and sends nothing", async () => {
    fx.emu.resetStats();
    const r = await settingProvider.check({}, { configId: "not-a-uuid", key: "", settingType: "bool", order: 1.5, isJson: true, colour: "x" });
    const failures = r.failures ?? [];
    expect(failures.map((f) => f.property).sort()).toEqual(["colour", "configId", "key", "order", "settingType"]);
    expect(JSON.stringify(failures)).toContain("unknown property 'colour'");
    const json = await settingProvider.check({}, { configId: "08d00000-0000-4000-8000-00000000c0de", key: "k", isJson: true });
    expect(json.failures).toEqual([{ property: "isJson", reason: 'applies to settingType "string" only' }]);
    const cfg = await configProvider.check({}, { productId: "08d00000-0000-4000-8000-00000000c0de", name: "C", evaluationVersion: "v3" });
    expect(cfg.failures?.[0]).toMatchObject({ property: "evaluationVersion" });
    expect(fx.emu.stats().total).toBe(0);
  });

  it("refuses blank names and keys (only spaces) as the API's [Required] does, before any request", async () => {
    fx.emu.resetStats();
    const product = await productProvider.check({}, { organizationId: fx.organizationId, name: "   " });
    expect(product.failures).toEqual([{ property: "name", reason: "must not be blank (only spaces)" }]);
    const env = await environmentProvider.check({}, { productId: "08d00000-0000-4000-8000-00000000c0de", name: "\t" });
    expect(env.failures?.[0]).toMatchObject({ property: "name" });
    const flag = await settingProvider.check({}, { configId: "08d00000-0000-4000-8000-00000000c0de", key: " " });
    expect(flag.failures?.[0]).toMatchObject({ property: "key" });
    expect(fx.emu.stats().total).toBe(0);
  });

  it("lets values unknown during preview through, and fills defaults", async () => {
    const r = await settingProvider.check({}, { configId: UNKNOWN, key: "k" });
    expect(r.failures).toBeUndefined();
    const ok = await settingProvider.check({}, { configId: "08D00000-0000-4000-8000-00000000C0DE", key: "k" });
    expect(ok.inputs).toEqual({ adopt: false, deletionPolicy: "delete", settingType: "boolean", configId: "08d00000-0000-4000-8000-00000000c0de", key: "k" });
  });
});

describe("product, config, environment, tag", () => {
  it("create, read from one list per parent, update by PUT keeping unmanaged fields, delete", async () => {
    const { productId, config } = await world();
    expect(config.outs).toMatchObject({ name: "C", evaluationVersion: "v2", productId });
    // A description set in the Dashboard is not managed by a program that leaves it unset.
    await fx.api("PUT", `/v1/configs/${config.id}`, { name: "C", description: "from the Dashboard" });
    const news = await checked<Record<string, unknown>>(configProvider, { productId, name: "C2" });
    expect((await configProvider.diff(config.id, config.outs, news as never)).changes).toBe(true);
    const updated = await configProvider.update(config.id, config.outs, news as never);
    expect(updated.outs).toMatchObject({ name: "C2", description: "from the Dashboard" });
    fx.emu.resetStats();
    const read = await configProvider.read(config.id, updated.outs);
    expect(read.props).toEqual(updated.outs);
    expect(fx.emu.stats().total).toBe(1); // the product's config list
    await configProvider.delete(config.id, updated.outs);
    expect(await configProvider.read(config.id, updated.outs)).toEqual({ id: "" });
    await configProvider.delete(config.id, updated.outs); // 404 on delete is success
  });

  it("refuses to create over an object with the same name unless adopt, and adopts it with only the differing writes", async () => {
    const { productId } = await world();
    await fx.api("POST", `/v1/products/${productId}/tags`, { name: "beta", color: "koala" });
    await expect(tagProvider.create(await checked(tagProvider, { productId, name: "beta" }))).rejects.toThrow(/already exists .*adopt: true/);
    fx.emu.resetStats();
    const same = await tagProvider.create(await checked(tagProvider, { productId, name: "beta", color: "koala", adopt: true }));
    expect(writes()).toEqual([]);
    const changed = await tagProvider.create(await checked(tagProvider, { productId, name: "beta", color: "whale", adopt: true }));
    expect(changed.id).toBe(same.id);
    expect(writes().map((r: { route: string }) => r.route)).toEqual(["PUT /v1/tags/:tagId"]);
  });

  it("fails a config's evaluationVersion change in diff, with guidance", async () => {
    const { productId, config } = await world();
    const news = await checked(configProvider, { productId, name: "C", evaluationVersion: "v1" });
    await expect(configProvider.diff(config.id, config.outs, news as never)).rejects.toThrow(/cannot become v1.*Dashboard/);
  });

  it("refuses to adopt a config of the other evaluation version, before any write", async () => {
    const { productId } = await world();
    await fx.api("POST", `/v1/products/${productId}/configs`, { name: "Legacy", evaluationVersion: "v1" });
    fx.emu.resetStats();
    await expect(configProvider.create(await checked(configProvider, { productId, name: "Legacy", adopt: true }))).rejects.toThrow(/is v1 and cannot become v2/);
    expect(writes()).toEqual([]);
  });

  it("retains instead of deleting with deletionPolicy retain", async () => {
    const { productId } = await world();
    const env = await environmentProvider.create(await checked(environmentProvider, { productId, name: "Test", deletionPolicy: "retain" }));
    await environmentProvider.delete(env.id, env.outs);
    expect(fx.emu.getState().environments.some((e: { environmentId: string }) => e.environmentId === env.id)).toBe(true);
  });
});

describe("setting", () => {
  it("updates by JSON Patch of the changed paths only, tags as a set", async () => {
    const { productId, configId } = await world();
    const t1 = await tagProvider.create(await checked(tagProvider, { productId, name: "a" }));
    const t2 = await tagProvider.create(await checked(tagProvider, { productId, name: "b" }));
    const created = await settingProvider.create(await checked<SettingInputs>(settingProvider, { configId, key: "flag", tags: [Number(t1.id)] }));
    const olds = created.outs as SettingOutputs;
    expect(olds).toMatchObject({ key: "flag", name: "flag", settingType: "boolean", tags: [Number(t1.id)] });
    await fx.api("PATCH", `/v1/settings/${created.id}`, [{ op: "replace", path: "/hint", value: "Dashboard hint" }]);
    fx.emu.resetStats();
    const news = await checked<SettingInputs>(settingProvider, { configId, key: "flag", name: "Flag", tags: [Number(t2.id)] });
    expect(await settingProvider.diff(created.id, olds, news)).toMatchObject({ changes: true, replaces: [] });
    const updated = await settingProvider.update(created.id, olds, news);
    expect(updated.outs).toMatchObject({ name: "Flag", hint: "Dashboard hint", tags: [Number(t2.id)] });
    const patch = fx.emu.app.stats.requests().filter((r: { method: string }) => r.method === "PATCH");
    expect(patch).toHaveLength(1);
    expect(fx.emu.stats().total).toBe(2); // fresh GET + one PATCH; never a PUT
  });

  it("replaces with deleteBeforeReplace when settingType changes and the key stays", async () => {
    const { configId } = await world();
    const created = await settingProvider.create(await checked<SettingInputs>(settingProvider, { configId, key: "flag" }));
    const news = await checked<SettingInputs>(settingProvider, { configId, key: "flag", settingType: "string" });
    expect(await settingProvider.diff(created.id, created.outs as SettingOutputs, news)).toEqual({ changes: true, replaces: ["settingType"], deleteBeforeReplace: true });
    const renamed = await checked<SettingInputs>(settingProvider, { configId, key: "other", settingType: "string" });
    expect((await settingProvider.diff(created.id, created.outs as SettingOutputs, renamed)).deleteBeforeReplace).toBe(false);
  });

  it("a renamed resource that adopts the flag keeps it when the old resource is deleted in the same run", async () => {
    const { configId } = await world();
    const old = await settingProvider.create(await checked<SettingInputs>(settingProvider, { configId, key: "renamed" }));
    const adopted = await settingProvider.create(await checked<SettingInputs>(settingProvider, { configId, key: "renamed", adopt: true }));
    expect(adopted.id).toBe(old.id);
    await settingProvider.delete(old.id, old.outs as SettingOutputs);
    expect(fx.emu.getState().settings.map((s: { key: string }) => s.key)).toContain("renamed");
  });

  it("refuses a taken key without adopt, adopts with adopt, and reads 404 as gone", async () => {
    const { configId } = await world();
    const s = await fx.api<{ settingId: number }>("POST", `/v1/configs/${configId}/settings`, { key: "ui", name: "UI made", settingType: "boolean" });
    await expect(settingProvider.create(await checked(settingProvider, { configId, key: "ui" }))).rejects.toThrow(/already exists .*not created by this resource/);
    await expect(settingProvider.create(await checked(settingProvider, { configId, key: "ui", settingType: "int", adopt: true }))).rejects.toThrow(/boolean flag/);
    fx.emu.resetStats();
    const adopted = await settingProvider.create(await checked(settingProvider, { configId, key: "ui", adopt: true }));
    expect(adopted.id).toBe(String(s.settingId));
    expect(writes()).toEqual([]);
    await fx.api("DELETE", `/v1/settings/${s.settingId}`);
    invalidateCached("settings", configId); // the refresh is a new engine operation: a new provider process, no cached list
    expect(await settingProvider.read(adopted.id, adopted.outs as SettingOutputs)).toEqual({ id: "" });
  });

  it("settles a create whose answer was lost by finding the key, never by a second POST", async () => {
    const { configId } = await world();
    fx.emu.setFaults({ rateDropAfterWrite: 1 });
    const inputs = await checked<SettingInputs>(settingProvider, { configId, key: "lost" });
    const pending = settingProvider.create(inputs);
    // Only the first write is dropped: switch faults off once it has been applied.
    for (let i = 0; i < 100 && !fx.emu.getState().settings.some((s: { key: string }) => s.key === "lost"); i += 1) await new Promise((r) => setTimeout(r, 10));
    fx.emu.setFaults({});
    const created = await pending;
    expect(created.outs).toMatchObject({ key: "lost" });
    const posts = fx.emu.app.stats.requests().filter((r: { method: string; route: string }) => r.method === "POST" && r.route.includes("settings"));
    expect(posts).toHaveLength(1);
  });
});

describe("what a product made by the stack comes with (a reading where new products get defaults)", () => {
  it("is taken over by name without adopt; an object added to that product later is still refused", async () => {
    await fx.stop();
    fx = await startConfigCat({ fidelity: { newProductContents: "defaults" } });
    configureProviders(fx);
    const product = await productProvider.create(await checked(productProvider, { organizationId: fx.organizationId, name: "Fresh" }));
    const cameWith = await fx.api<{ environmentId: string; name: string }[]>("GET", `/v1/products/${product.id}/environments`);
    expect(cameWith.map((e) => e.name).sort()).toEqual(["Production", "Test"]);
    // The Dashboard adds one after the product was made: not the stack's.
    const { environmentId: staging } = await fx.api<{ environmentId: string }>("POST", `/v1/products/${product.id}/environments`, { name: "Staging" });

    const prod = await environmentProvider.create(await checked(environmentProvider, { productId: product.id, name: "Production", color: "#c7254e" }));
    expect(prod.id).toBe(cameWith.find((e) => e.name === "Production")!.environmentId);
    expect(prod.outs).toMatchObject({ name: "Production", color: "#c7254e" });
    await expect(environmentProvider.create(await checked(environmentProvider, { productId: product.id, name: "Staging" }))).rejects.toThrow(
      `an environment named 'Staging' already exists in product ${product.id} (id ${staging}) and was not created by this resource`,
    );
    // A rename without aliases looks the same to the provider: the message says what to do then.
    await expect(environmentProvider.create(await checked(environmentProvider, { productId: product.id, name: "Staging" }))).rejects.toThrow(
      'Renamed this resource in the program? Give it `aliases: [{ name: "<its old name>" }]` instead',
    );
    const envs = await fx.api<{ name: string }[]>("GET", `/v1/products/${product.id}/environments`);
    expect(envs.map((e) => e.name).sort()).toEqual(["Production", "Staging", "Test"]);
  });
});

describe("a create whose answer was lost", () => {
  it("is settled by finding the new object, whole (a segment's list entry lacks its comparison), never by a second POST", async () => {
    const { productId } = await world();
    fx.emu.resetStats();
    fx.emu.setFaults({ rateDropAfterWrite: 1 });
    const pending = segmentProvider.create(await checked(segmentProvider, {
      productId, name: "Staff", comparisonAttribute: "Email", comparator: "contains", comparisonValue: ["@example.com"],
    }));
    for (let i = 0; i < 200 && (fx.emu.getState().segments as unknown[]).length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    fx.emu.setFaults({});
    await expect(pending).resolves.toMatchObject({ outs: { name: "Staff", comparisonAttribute: "Email", comparator: "contains" } });
    expect(writes().filter((r: { method: string }) => r.method === "POST")).toHaveLength(1);
  });
});
