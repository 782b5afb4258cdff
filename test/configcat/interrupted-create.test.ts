import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pendingName } from "../../provider/core/dynamic/ownership-proof";
import { configProvider } from "../../provider/configcat/resources/config-provider";
import { environmentProvider } from "../../provider/configcat/resources/environment-provider";
import { productProvider } from "../../provider/configcat/resources/product-provider";
import { segmentProvider } from "../../provider/configcat/resources/segment-provider";
import { settingProvider, type SettingInputs } from "../../provider/configcat/resources/setting-provider";
import { settingTagProvider, type SettingTagInputs } from "../../provider/configcat/resources/setting-tag-provider";
import { tagProvider } from "../../provider/configcat/resources/tag-provider";
import { webhookProvider, type WebhookInputs } from "../../provider/configcat/resources/webhook-provider";
import { checked, configureProviders, startConfigCat, type ConfigCatFixture } from "./fixture";

/*
 * A `pulumi up` killed while a create runs, or after it and before the engine's checkpoint, leaves an object the
 * stack does not record; the next `up` creates the resource again. Only proof that the object is this resource's own
 * lets that create take it back (guide rule 3): its pending name, while the create ran, or this machine's creation
 * journal, after. Anything else is refused with the `adopt: true` guidance. In-process, against the emulator.
 */

let fx: ConfigCatFixture;
let journal: string;
const previousJournal = process.env.PULUMI_FEATURE_FLAGS_JOURNAL_DIR;
beforeEach(async () => {
  fx = await startConfigCat();
  configureProviders(fx);
  journal = mkdtempSync(join(tmpdir(), "ff-journal-"));
  process.env.PULUMI_FEATURE_FLAGS_JOURNAL_DIR = journal;
});
afterEach(async () => {
  await fx.stop();
  rmSync(journal, { recursive: true, force: true });
  if (previousJournal === undefined) delete process.env.PULUMI_FEATURE_FLAGS_JOURNAL_DIR;
  else process.env.PULUMI_FEATURE_FLAGS_JOURNAL_DIR = previousJournal;
});

const urn = (type: string, name: string) => `urn:pulumi:dev::shop::pulumi-nodejs:dynamic/configcat:${type}::${name}`;
const posts = () => fx.emu.app.stats.requests().filter((r: { method: string }) => r.method === "POST").length;
const refusal = /already exists in .* and was not created by this resource; nothing was changed\. Set `adopt: true`/;

async function product() {
  return productProvider.create(await checked(productProvider, { organizationId: fx.organizationId, name: "P", owner: urn("Product", "p") }));
}

describe("named objects (product, config, environment, tag, segment)", () => {
  it("a create takes its own name only after the object exists under a pending name naming its resource", async () => {
    const p = await product();
    fx.emu.resetStats();
    const tag = await tagProvider.create(await checked(tagProvider, { productId: p.id, name: "beta", owner: urn("Tag", "beta") }));
    expect(tag.outs).toMatchObject({ name: "beta" });
    const sent = fx.emu.app.stats.requests().filter((r: { method: string }) => r.method !== "GET").map((r: { method: string; body?: unknown }) => r.method);
    expect(sent).toEqual(["POST", "PUT"]);
    const live = await fx.api<{ name: string }[]>("GET", `/v1/products/${p.id}/tags`);
    expect(live.map((t) => t.name)).toEqual(["beta"]);
  });

  it("recovers its own create cut off before the rename: same object, no second one", async () => {
    const p = await product();
    const owner = urn("Environment", "prod");
    // What a run killed between the create's POST and its rename leaves behind.
    const leftover = await fx.api<{ environmentId: string }>("POST", `/v1/products/${p.id}/environments`, { name: pendingName("Production", owner) });
    fx.emu.resetStats();
    const env = await environmentProvider.create(await checked(environmentProvider, { productId: p.id, name: "Production", owner }));
    expect(env.id).toBe(leftover.environmentId);
    expect(env.outs).toMatchObject({ name: "Production" });
    expect(posts()).toBe(0);
    const live = await fx.api<{ name: string }[]>("GET", `/v1/products/${p.id}/environments`);
    expect(live.filter((e) => e.name.startsWith("Production")).map((e) => e.name)).toEqual(["Production"]);
  });

  it("recovers its own create finished before the checkpoint (the journal), on this machine only", async () => {
    const p = await product();
    const owner = urn("Config", "main");
    const first = await configProvider.create(await checked(configProvider, { productId: p.id, name: "Main", owner }));
    // The engine never recorded it: the next run creates the resource again.
    fx.emu.resetStats();
    const again = await configProvider.create(await checked(configProvider, { productId: p.id, name: "Main", owner }));
    expect(again.id).toBe(first.id);
    expect(posts()).toBe(0);
    // Another resource, or another machine (no journal), is refused.
    await expect(configProvider.create(await checked(configProvider, { productId: p.id, name: "Main", owner: urn("Config", "other") }))).rejects.toThrow(refusal);
    rmSync(journal, { recursive: true, force: true });
    await expect(configProvider.create(await checked(configProvider, { productId: p.id, name: "Main", owner }))).rejects.toThrow(refusal);
  });

  it("once the engine has the object (diff, delete), the journal no longer vouches for it", async () => {
    const p = await product();
    const owner = urn("Segment", "staff");
    const inputs = await checked<Record<string, unknown>>(segmentProvider, {
      productId: p.id, name: "Staff", comparisonAttribute: "Email", comparator: "contains", comparisonValue: "@example.com", owner,
    });
    const seg = await segmentProvider.create(inputs as never);
    await segmentProvider.diff(seg.id, seg.outs, inputs as never);
    await expect(segmentProvider.create(inputs as never)).rejects.toThrow(refusal);
  });

  it("never takes an object made in the Dashboard, nor another resource's pending one", async () => {
    const p = await product();
    await fx.api("POST", `/v1/products/${p.id}/tags`, { name: "beta" });
    await expect(tagProvider.create(await checked(tagProvider, { productId: p.id, name: "beta", owner: urn("Tag", "beta") }))).rejects.toThrow(refusal);
    const theirs = await fx.api<{ tagId: number }>("POST", `/v1/products/${p.id}/tags`, { name: pendingName("gamma", urn("Tag", "someone-else")) });
    const mine = await tagProvider.create(await checked(tagProvider, { productId: p.id, name: "gamma", owner: urn("Tag", "gamma") }));
    expect(mine.id).not.toBe(String(theirs.tagId));
  });
});

describe("a product cut off before its rename", () => {
  it("comes back with what it came with (a reading where new products get defaults): taken over without adopt", async () => {
    await fx.stop();
    fx = await startConfigCat({ fidelity: { newProductContents: "defaults" } });
    configureProviders(fx);
    const owner = urn("Product", "p");
    const leftover = await fx.api<{ productId: string }>("POST", `/v1/organizations/${fx.organizationId}/products`, { name: pendingName("Shop", owner, 1000) });
    const product = await productProvider.create(await checked(productProvider, { organizationId: fx.organizationId, name: "Shop", owner }));
    expect(product.id).toBe(leftover.productId);
    const env = await environmentProvider.create(await checked(environmentProvider, { productId: product.id, name: "Production", owner: urn("Environment", "prod") }));
    const cameWith = await fx.api<{ environmentId: string; name: string }[]>("GET", `/v1/products/${product.id}/environments`);
    expect(env.id).toBe(cameWith.find((e) => e.name === "Production")!.environmentId);
  });
});

describe("attachments and webhooks (no name to carry a pending mark): the journal only", () => {
  it("a SettingTag's add cut off before the checkpoint is taken back; another resource's or a Dashboard one is not", async () => {
    const p = await product();
    const c = await configProvider.create(await checked(configProvider, { productId: p.id, name: "C", owner: urn("Config", "c") }));
    const flag = await settingProvider.create(await checked<SettingInputs>(settingProvider, { configId: c.id, key: "f", owner: urn("Setting", "f") }));
    const tag = await tagProvider.create(await checked(tagProvider, { productId: p.id, name: "t", owner: urn("Tag", "t") }));
    const owner = urn("SettingTag", "f-t");
    const inputs = await checked<SettingTagInputs>(settingTagProvider, { settingId: Number(flag.id), tagId: Number(tag.id), owner });
    await settingTagProvider.create(inputs);
    fx.emu.resetStats();
    const again = await settingTagProvider.create(inputs);
    expect(again.id).toBe(`${flag.id}:${tag.id}`);
    expect(fx.emu.app.stats.requests().filter((r: { method: string }) => r.method !== "GET")).toEqual([]);
    await expect(settingTagProvider.create({ ...inputs, owner: urn("SettingTag", "other") })).rejects.toThrow(/already carries tag .* not by this one; nothing was changed/);
    // Once the engine has it (diff), the journal no longer vouches for it.
    await settingTagProvider.diff(again.id, again.outs, inputs);
    await expect(settingTagProvider.create(inputs)).rejects.toThrow(/already carries tag/);
  });

  it("a Webhook create cut off before the checkpoint is taken back; one made in the Dashboard is refused", async () => {
    const p = await product();
    const c = await configProvider.create(await checked(configProvider, { productId: p.id, name: "C", owner: urn("Config", "c") }));
    const e = await environmentProvider.create(await checked(environmentProvider, { productId: p.id, name: "E", owner: urn("Environment", "e") }));
    const owner = urn("Webhook", "hook");
    const inputs = await checked<WebhookInputs>(webhookProvider, { configId: c.id, environmentId: e.id, url: "https://hooks.example.com/a", httpMethod: "post", owner });
    const first = await webhookProvider.create(inputs);
    fx.emu.resetStats();
    const again = await webhookProvider.create(inputs);
    expect(again.id).toBe(first.id);
    expect(posts()).toBe(0);
    await fx.api("POST", `/v1/configs/${c.id}/environments/${e.id}/webhooks`, { url: "https://hooks.example.com/b", httpMethod: "get" });
    await expect(webhookProvider.create({ ...inputs, url: "https://hooks.example.com/b" })).rejects.toThrow(/already exists .* was not created by this resource; nothing was changed/);
  });
});

describe("flags", () => {
  async function config() {
    const p = await product();
    return configProvider.create(await checked(configProvider, { productId: p.id, name: "C", owner: urn("Config", "c") }));
  }

  it("recovers its own flag cut off before its rename, and after it (journal); refuses others", async () => {
    const c = await config();
    const owner = urn("Setting", "checkout");
    const leftover = await fx.api<{ settingId: number }>("POST", `/v1/configs/${c.id}/settings`, { key: "checkout", name: pendingName("Checkout", owner), settingType: "boolean" });
    fx.emu.resetStats();
    const inputs = await checked<SettingInputs>(settingProvider, { configId: c.id, key: "checkout", name: "Checkout", hint: "h", owner });
    const flag = await settingProvider.create(inputs);
    expect(flag.id).toBe(String(leftover.settingId));
    expect(flag.outs).toMatchObject({ name: "Checkout", hint: "h" });
    expect(posts()).toBe(0);

    // Finished but never recorded: the journal is the proof.
    const again = await settingProvider.create(inputs);
    expect(again.id).toBe(flag.id);
    await expect(settingProvider.create({ ...inputs, owner: urn("Setting", "other") })).rejects.toThrow(refusal);
  });

  it("a new flag is created under its pending name and ends with its own (the key when no name is set)", async () => {
    const c = await config();
    fx.emu.resetStats();
    const flag = await settingProvider.create(await checked<SettingInputs>(settingProvider, { configId: c.id, key: "search", owner: urn("Setting", "search") }));
    expect(flag.outs).toMatchObject({ key: "search", name: "search" });
    // The create, then the rename to its own name.
    const sent = fx.emu.app.stats.requests().filter((r: { method: string }) => r.method !== "GET").map((r: { method: string }) => r.method);
    expect(sent).toEqual(["POST", "PATCH"]);
  });

  it("a flag made in the Dashboard with the key is refused, not taken over", async () => {
    const c = await config();
    await fx.api("POST", `/v1/configs/${c.id}/settings`, { key: "promo", name: "promo", settingType: "boolean" });
    await expect(settingProvider.create(await checked<SettingInputs>(settingProvider, { configId: c.id, key: "promo", owner: urn("Setting", "promo") }))).rejects.toThrow(refusal);
  });
});
