import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configProvider } from "../../provider/configcat/resources/config-provider";
import { environmentProvider } from "../../provider/configcat/resources/environment-provider";
import { permissionGroupProvider } from "../../provider/configcat/resources/permission-group-provider";
import { productPreferencesProvider, type ProductPreferencesInputs, type ProductPreferencesOutputs } from "../../provider/configcat/resources/product-preferences-provider";
import { productProvider } from "../../provider/configcat/resources/product-provider";
import { settingProvider } from "../../provider/configcat/resources/setting-provider";
import { settingTagProvider, type SettingTagInputs, type SettingTagOutputs } from "../../provider/configcat/resources/setting-tag-provider";
import { settingValueV1Provider, type SettingValueV1Inputs, type SettingValueV1Outputs } from "../../provider/configcat/resources/setting-value-v1-provider";
import { tagProvider } from "../../provider/configcat/resources/tag-provider";
import { webhookProvider, type WebhookInputs, type WebhookOutputs } from "../../provider/configcat/resources/webhook-provider";
import { invalidateCached } from "../../provider/configcat/resources/live-cache";
import { UNKNOWN } from "../../provider/core/dynamic/unknown";
import { checked, configureProviders, startConfigCat, type ConfigCatFixture } from "./fixture";
import { startRun } from "../../provider/configcat/resources/takeover";

/*
 * The tier 2 and 3 ConfigCat providers (SettingTag, ProductPreferences, SettingValueV1, Webhook, PermissionGroup),
 * called in-process as the engine's provider host calls them, against the emulator over HTTP.
 */

let fx: ConfigCatFixture;
beforeEach(async () => {
  fx = await startConfigCat();
  configureProviders(fx);
});
afterEach(async () => fx.stop());

const writes = () => fx.emu.app.stats.requests().filter((r: { method: string }) => r.method !== "GET");
const ENV = "08d00000-0000-4000-8000-0000000000e1";
const PRODUCT = "08d00000-0000-4000-8000-00000000c0de";

async function world(evaluationVersion: "v1" | "v2" = "v2") {
  const product = await productProvider.create(await checked(productProvider, { organizationId: fx.organizationId, name: `P ${evaluationVersion}` }));
  const config = await configProvider.create(await checked(configProvider, { productId: product.id, name: "C", evaluationVersion }));
  const env = await environmentProvider.create(await checked(environmentProvider, { productId: product.id, name: "Production" }));
  const test = await environmentProvider.create(await checked(environmentProvider, { productId: product.id, name: "Test" }));
  return { productId: product.id, configId: config.id, environmentId: env.id, testEnvironmentId: test.id };
}

async function flagWithTags(configId: string, productId: string, type = "boolean") {
  const flag = await settingProvider.create(await checked(settingProvider, { configId, key: "f", settingType: type }));
  const a = await tagProvider.create(await checked(tagProvider, { productId, name: "a" }));
  const b = await tagProvider.create(await checked(tagProvider, { productId, name: "b" }));
  const c = await tagProvider.create(await checked(tagProvider, { productId, name: "c" }));
  return { settingId: Number(flag.id), tags: [Number(a.id), Number(b.id), Number(c.id)] };
}

const liveTags = async (settingId: number) => (await fx.api<{ tags: { tagId: number }[] }>("GET", `/v1/settings/${settingId}`)).tags.map((t) => t.tagId);

describe("check: property-level errors, no request, unknowns pass", () => {
  const cases: { name: string; p: { check(o: unknown, n: Record<string, unknown>): Promise<{ failures?: { property: string; reason: string }[] }> }; bad: Record<string, unknown>; expected: RegExp[] }[] = [
    { name: "SettingTag", p: settingTagProvider, bad: { settingId: -1, tagId: "x1", deletionPolicy: "reset" }, expected: [/settingId/, /tagId/, /deletionPolicy/] },
    {
      name: "ProductPreferences", p: productPreferencesProvider,
      bad: { productId: "nope", keyGenerationMode: "snake_case", reasonRequired: "yes", approveRequiredEnvironments: { prod: true } },
      expected: [/productId/, /keyGenerationMode/, /reasonRequired/, /approveRequiredEnvironments.prod.*environment ids/],
    },
    // Rules across fields are checked once every field is well formed.
    {
      name: "ProductPreferences (switch and map together)", p: productPreferencesProvider,
      bad: { productId: PRODUCT, reasonRequired: true, reasonRequiredEnvironments: { [ENV]: true }, approveRequired: true, approveRequiredEnvironments: {} },
      expected: [/reasonRequiredEnvironments.*cannot be combined with reasonRequired: true/, /approveRequiredEnvironments.*cannot be combined with approveRequired: true/],
    },
    {
      name: "SettingValueV1", p: settingValueV1Provider,
      bad: {
        environmentId: ENV, settingId: 5, settingType: "int", value: 1.5,
        rolloutRules: [
          { attribute: "Email", comparator: "contains", comparisonValue: ["a", "b"], value: 1 },
          { attribute: "Email", comparator: "isOneOf", comparisonValue: ["a,b"], value: 2 },
          { segmentId: ENV, attribute: "x", value: 3 },
          { attribute: "Country", comparator: "isOneOf", value: "x" },
        ],
        percentageItems: [{ percentage: 30, value: 1 }, { percentage: 60, value: 2 }],
      },
      expected: [
        /^value: .*whole number/, /rolloutRules\[0\]\.comparisonValue: comparator contains takes a single value/, /rolloutRules\[1\]\.comparisonValue\[0\]: must not contain a comma/,
        /rolloutRules\[2\]: must compare a user attribute .* or a segment/, /rolloutRules\[3\]\.comparisonValue: is required/, /rolloutRules\[3\]\.value: must be a whole number/,
        /percentageItems: percentages must add up to 100/,
      ],
    },
    {
      name: "Webhook", p: webhookProvider,
      bad: { configId: ENV, environmentId: ENV, url: "ftp://example.com/x", httpMethod: "put", content: "x".repeat(15001), headers: { "X-A": "" } },
      expected: [/url.*http/, /httpMethod/, /content/, /headers\.X-A/],
    },
    {
      name: "Webhook (a header both plain and secure)", p: webhookProvider,
      bad: { configId: ENV, environmentId: ENV, url: "https://example.com/x", headers: { "X-A": "a" }, secureHeaders: { "X-A": "s3cr3t-value" } },
      expected: [/^secureHeaders\.X-A: is also in headers/],
    },
    {
      name: "PermissionGroup", p: permissionGroupProvider,
      bad: { productId: PRODUCT, name: "", accessType: "admin", canManageMembers: "yes", environmentAccesses: { [ENV]: "write" }, canFly: true },
      expected: [/name/, /accessType/, /canManageMembers/, /environmentAccesses/, /unknown property 'canFly'/],
    },
  ];

  it.each(cases)("$name names every bad property before any request", async ({ p, bad, expected }) => {
    fx.emu.resetStats();
    const r = await p.check({}, bad);
    const lines = (r.failures ?? []).map((f) => (f.property && !f.reason.startsWith(`${f.property}:`) ? `${f.property}: ${f.reason}` : f.reason));
    for (const e of expected) expect(lines.some((l) => e.test(l)), `${e} in ${JSON.stringify(lines)}`).toBe(true);
    expect(lines).toHaveLength(expected.length);
    expect(fx.emu.stats().total).toBe(0);
  });

  it("never prints a secure header value and never reports against secureHeaders itself", async () => {
    const r = await webhookProvider.check({}, { configId: ENV, environmentId: ENV, url: "https://example.com/h", secureHeaders: "s3cr3t-value" });
    expect(r.failures).toEqual([{ property: "", reason: expect.stringMatching(/^secureHeaders: /) }]);
    expect(JSON.stringify(r.failures)).not.toContain("s3cr3t-value");
  });

  it("lets values unknown during preview through, and fills defaults", async () => {
    expect((await settingTagProvider.check({}, { settingId: UNKNOWN, tagId: "7" })).failures).toBeUndefined();
    expect((await settingTagProvider.check({}, { settingId: "5", tagId: "7" })).inputs).toEqual({ adopt: false, deletionPolicy: "delete", settingId: 5, tagId: 7 });
    expect((await productPreferencesProvider.check({}, { productId: PRODUCT, reasonRequired: true, reasonRequiredEnvironments: UNKNOWN })).failures).toBeUndefined();
    expect((await settingValueV1Provider.check({}, { environmentId: ENV, settingId: 5, settingType: UNKNOWN, value: 1.5 })).failures).toBeUndefined();
    expect((await settingValueV1Provider.check({}, {
      environmentId: ENV, settingId: 5, settingType: "int", rolloutRules: [{ attribute: "Email", comparator: "isOneOf", comparisonValue: UNKNOWN, value: UNKNOWN }],
    })).failures).toBeUndefined();
    expect((await webhookProvider.check({}, { configId: UNKNOWN, environmentId: ENV, url: UNKNOWN, secureHeaders: UNKNOWN })).failures).toBeUndefined();
    expect((await webhookProvider.check({}, { configId: ENV, environmentId: ENV, url: "https://x.example" })).inputs).toMatchObject({ httpMethod: "get", adopt: false, deletionPolicy: "delete" });
    expect((await permissionGroupProvider.check({}, { productId: UNKNOWN, name: "G", environmentAccesses: UNKNOWN })).failures).toBeUndefined();
    expect((await productPreferencesProvider.check({}, { productId: PRODUCT })).inputs).toEqual({ productId: PRODUCT.toLowerCase(), deletionPolicy: "retain" });
  });
});

describe("SettingTag", () => {
  it("two tags on one flag at once: both attached once, in any order; delete removes only its own tag", async () => {
    const { configId, productId } = await world();
    const { settingId, tags: [a, b, c] } = await flagWithTags(configId, productId);
    await fx.api("PATCH", `/v1/settings/${settingId}`, [{ op: "add", path: "/tags/-", value: c }]); // a Dashboard tag
    const [ta, tb] = await Promise.all([a, b].map(async (tagId) => settingTagProvider.create(await checked<SettingTagInputs>(settingTagProvider, { settingId, tagId }))));
    expect(ta!.id).toBe(`${settingId}:${a}`);
    expect((await liveTags(settingId)).sort()).toEqual([a, b, c].sort());
    expect(ta!.outs).toMatchObject({ tagName: "a", settingKey: "f", configId });

    // Deleting both at once removes exactly those two; the Dashboard's tag stays.
    await Promise.all([ta!, tb!].map((t) => settingTagProvider.delete(t.id, t.outs as SettingTagOutputs)));
    expect(await liveTags(settingId)).toEqual([c]);
    // Refresh: detached ⇒ gone.
    expect(await settingTagProvider.read(ta!.id, ta!.outs as SettingTagOutputs)).toEqual({ id: "" });
  });

  it("refuses a tag already on the flag without adopt (nothing sent), adopts it with adopt", async () => {
    const { configId, productId } = await world();
    const { settingId, tags: [a] } = await flagWithTags(configId, productId);
    await fx.api("PATCH", `/v1/settings/${settingId}`, [{ op: "add", path: "/tags/-", value: a }]);
    fx.emu.resetStats();
    await expect(settingTagProvider.create(await checked(settingTagProvider, { settingId, tagId: a }))).rejects.toThrow(/already carries tag .*not by this one; nothing was changed.*adopt: true/);
    const adopted = await settingTagProvider.create(await checked(settingTagProvider, { settingId, tagId: a, adopt: true }));
    expect(writes()).toEqual([]);
    expect(adopted.outs).toMatchObject({ adopt: true, tagId: a });
  });

  it("an add whose answer was lost is settled by reading the flag: tagged once, even where a duplicate add is an error", async () => {
    await fx.admin("PUT", "/fidelity", { duplicateTagAdd: "error" });
    const { configId, productId } = await world();
    const { settingId, tags: [a] } = await flagWithTags(configId, productId);
    fx.emu.resetStats();
    fx.emu.setFaults({ rateDropAfterWrite: 1 });
    const pending = settingTagProvider.create(await checked<SettingTagInputs>(settingTagProvider, { settingId, tagId: a }));
    for (let i = 0; i < 200 && (await liveTagsQuiet(settingId)).length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    fx.emu.setFaults({});
    await expect(pending).resolves.toMatchObject({ id: `${settingId}:${a}` });
    expect(await liveTags(settingId)).toEqual([a]);
    expect(writes().filter((r: { method: string }) => r.method === "PATCH")).toHaveLength(1);
  });

  it("reads a deleted flag as gone and deletes without error when the flag is gone", async () => {
    const { configId, productId } = await world();
    const { settingId, tags: [a] } = await flagWithTags(configId, productId);
    const t = await settingTagProvider.create(await checked(settingTagProvider, { settingId, tagId: a }));
    await fx.api("DELETE", `/v1/settings/${settingId}`);
    expect(await settingTagProvider.read(t.id, t.outs as SettingTagOutputs)).toEqual({ id: "" });
    await expect(settingTagProvider.delete(t.id, t.outs as SettingTagOutputs)).resolves.toBeUndefined();
  });
});

/** The flag's tags as the emulator's state holds them (no request counted). */
async function liveTagsQuiet(settingId: number): Promise<number[]> {
  const s = fx.emu.getState().settings.find((x: { settingId: number }) => x.settingId === settingId) as { tags: { tagId: number }[] } | undefined;
  return (s?.tags ?? []).map((t) => t.tagId);
}

describe("ProductPreferences", () => {
  it("adopts without a write when live matches, writes only differences keeping unmanaged members, resets per policy", async () => {
    await fx.admin("PUT", "/fidelity", { updateNulls: "clear" });
    const { productId, environmentId, testEnvironmentId } = await world();
    fx.emu.resetStats();
    const same = await productPreferencesProvider.create(await checked<ProductPreferencesInputs>(productPreferencesProvider, { productId, keyGenerationMode: "camelCase" }));
    expect(writes()).toEqual([]);
    expect(same.outs).toMatchObject({ keyGenerationMode: "camelCase", reasonRequired: false, reasonRequiredEnvironments: { [environmentId]: false, [testEnvironmentId]: false } });

    // Set in the Dashboard, not managed by the program: must survive every write of the resource.
    await fx.api("POST", `/v1/products/${productId}/preferences`, { showVariationId: true, keyGenerationMode: "camelCase", reasonRequiredEnvironments: [{ environmentId: testEnvironmentId, reasonRequired: true }] });
    const news = await checked<ProductPreferencesInputs>(productPreferencesProvider, {
      productId, mandatorySettingHint: true, reasonRequiredEnvironments: { [environmentId]: true }, deletionPolicy: "reset",
    });
    const diff = await productPreferencesProvider.diff(productId, (await productPreferencesProvider.read(productId, same.outs as ProductPreferencesOutputs)).props as ProductPreferencesOutputs, news);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const updated = await productPreferencesProvider.update(productId, same.outs as ProductPreferencesOutputs, news);
    const live = await fx.api<{ showVariationId: boolean; mandatorySettingHint: boolean; reasonRequiredEnvironments: { environmentId: string; reasonRequired: boolean }[] }>("GET", `/v1/products/${productId}/preferences`);
    expect(live).toMatchObject({ showVariationId: true, mandatorySettingHint: true });
    expect(Object.fromEntries(live.reasonRequiredEnvironments.map((e) => [e.environmentId, e.reasonRequired]))).toEqual({ [environmentId]: true, [testEnvironmentId]: true });
    expect(await productPreferencesProvider.diff(productId, updated.outs as ProductPreferencesOutputs, news)).toMatchObject({ changes: false });

    await productPreferencesProvider.delete(productId, updated.outs as ProductPreferencesOutputs);
    const reset = await fx.api<Record<string, unknown> & { reasonRequiredEnvironments: { reasonRequired: boolean }[] }>("GET", `/v1/products/${productId}/preferences`);
    expect(reset).toMatchObject({ keyGenerationMode: "camelCase", showVariationId: false, mandatorySettingHint: false, reasonRequired: false, approveRequired: false });
    expect(reset.reasonRequiredEnvironments.every((e) => !e.reasonRequired)).toBe(true);
  });

  it("retain sends nothing on delete; a deleted product reads as gone", async () => {
    const { productId } = await world();
    const p = await productPreferencesProvider.create(await checked(productPreferencesProvider, { productId, mandatorySettingHint: true }));
    fx.emu.resetStats();
    await productPreferencesProvider.delete(productId, p.outs as ProductPreferencesOutputs);
    expect(writes()).toEqual([]);
    await fx.api("DELETE", `/v1/products/${productId}`);
    expect(await productPreferencesProvider.read(productId, p.outs as ProductPreferencesOutputs)).toEqual({ id: "" });
  });
});

describe("SettingValueV1", () => {
  it("writes typed values, comma lists and percentage items; list order and spacing are no change; unmanaged parts kept", async () => {
    const { configId, environmentId } = await world("v1");
    const flag = await settingProvider.create(await checked(settingProvider, { configId, key: "limit", settingType: "int" }));
    const segment = await fx.api<{ segmentId: string }>("POST", `/v1/products/${(await fx.api<{ product: { productId: string } }>("GET", `/v1/configs/${configId}`)).product.productId}/segments`, {
      name: "S", comparisonAttribute: "Email", comparator: "contains", comparisonValue: "@x.com",
    });
    const inputs = await checked<SettingValueV1Inputs>(settingValueV1Provider, {
      environmentId, settingId: flag.id, settingType: "int", value: 5,
      rolloutRules: [
        { attribute: "Email", comparator: "isOneOf", comparisonValue: ["a@x.com", "b@x.com"], value: 10 },
        { segmentId: segment.segmentId, segmentComparator: "isIn", value: 20 },
        { attribute: "Age", comparator: "numberGreater", comparisonValue: 30, value: 30 },
      ],
      percentageItems: [{ percentage: 25, value: 1 }, { percentage: 75, value: 2 }],
    });
    const created = await settingValueV1Provider.create(inputs);
    const wire = await fx.api<{ value: number; rolloutRules: { comparisonValue: string | null; segmentId: string | null }[]; rolloutPercentageItems: unknown[] }>(
      "GET", `/v1/environments/${environmentId}/settings/${flag.id}/value`);
    expect(wire.value).toBe(5);
    expect(wire.rolloutRules.map((r) => r.comparisonValue)).toEqual(["a@x.com,b@x.com", null, "30"]);
    expect(wire.rolloutPercentageItems).toEqual([{ percentage: 25, value: 1 }, { percentage: 75, value: 2 }]);
    const outs = created.outs as SettingValueV1Outputs;
    expect(outs.rolloutRules[0]).toEqual({ attribute: "Email", comparator: "isOneOf", comparisonValue: ["a@x.com", "b@x.com"], value: 10 });

    // The same list reordered, or given as a spaced string: no change. Another rule order: a change.
    const rules = inputs.rolloutRules!;
    const reordered = { ...inputs, rolloutRules: [{ ...rules[0]!, comparisonValue: "b@x.com , a@x.com" } as never, rules[1]!, rules[2]!] };
    expect(await settingValueV1Provider.diff(created.id, outs, reordered)).toMatchObject({ changes: false });
    expect(await settingValueV1Provider.diff(created.id, outs, { ...inputs, rolloutRules: [rules[1]!, rules[0]!, rules[2]!] })).toMatchObject({ changes: true });

    // A program managing only `value` keeps the Dashboard's rules and items.
    const onlyValue = await checked<SettingValueV1Inputs>(settingValueV1Provider, { environmentId, settingId: flag.id, value: 6 });
    startRun(); // a later engine operation: a new provider process
    await settingValueV1Provider.update(created.id, outs, onlyValue);
    const after = await fx.api<{ value: number; rolloutRules: unknown[]; rolloutPercentageItems: unknown[] }>("GET", `/v1/environments/${environmentId}/settings/${flag.id}/value`);
    expect(after).toMatchObject({ value: 6 });
    expect(after.rolloutRules).toHaveLength(3);
    expect(after.rolloutPercentageItems).toHaveLength(2);
  });

  it("refuses a value of the wrong type before writing, refuses a V2 config, resets per policy", async () => {
    const v1 = await world("v1");
    const flag = await settingProvider.create(await checked(settingProvider, { configId: v1.configId, key: "on" }));
    fx.emu.resetStats();
    await expect(settingValueV1Provider.create(await checked(settingValueV1Provider, { environmentId: v1.environmentId, settingId: flag.id, value: "yes" })))
      .rejects.toThrow(/value must fit the flag's settingType boolean/);
    expect(writes()).toEqual([]);
    startRun(); // a later engine operation: a new provider process
    const v = await settingValueV1Provider.create(await checked(settingValueV1Provider, {
      environmentId: v1.environmentId, settingId: flag.id, value: true, deletionPolicy: "reset",
      rolloutRules: [{ attribute: "Email", comparator: "contains", comparisonValue: "@x.com", value: false }],
    }));
    await settingValueV1Provider.delete(v.id, v.outs as SettingValueV1Outputs);
    expect(await fx.api("GET", `/v1/environments/${v1.environmentId}/settings/${flag.id}/value`)).toMatchObject({ value: false, rolloutRules: [], rolloutPercentageItems: [] });

    const v2 = await world("v2");
    const f2 = await settingProvider.create(await checked(settingProvider, { configId: v2.configId, key: "on" }));
    startRun(); // a later engine operation: a new provider process
    await expect(settingValueV1Provider.create(await checked(settingValueV1Provider, { environmentId: v2.environmentId, settingId: f2.id, value: true })))
      .rejects.toThrow(/is v2; SettingValueV1 manages V1 configs only, use configcat.SettingValue/);
  });
});

describe("Webhook", () => {
  it("creates with secure headers, updates by patch keeping an unmanaged secure header, detects a Dashboard header change", async () => {
    const { configId, environmentId } = await world();
    const inputs = await checked<WebhookInputs>(webhookProvider, {
      configId, environmentId, url: "https://hooks.example.com/a", httpMethod: "post", content: "changed", headers: { "X-Plain": "1" }, secureHeaders: { Authorization: "Bearer s3cr3t-token" },
    });
    const created = await webhookProvider.create(inputs);
    const outs = created.outs as WebhookOutputs;
    expect(outs).toMatchObject({ headers: { "X-Plain": "1" }, secureHeaders: { Authorization: "Bearer s3cr3t-token" }, httpMethod: "post" });
    expect(outs.signingKey1).toEqual(expect.any(String));
    // Refresh right after create changes nothing.
    expect((await webhookProvider.read(created.id, outs)).props).toEqual(outs);
    expect(await webhookProvider.diff(created.id, outs, inputs)).toMatchObject({ changes: false });

    // A secure header added in the Dashboard, unmanaged by a program that stops managing secure headers.
    const stored = () => (fx.emu.getState().webhooks as { webhookId: number; webHookHeaders: { key: string; value: string; isSecure: boolean }[] }[]).find((w) => w.webhookId === Number(created.id))!;
    await fx.api("PATCH", `/v1/webhooks/${created.id}`, [{ op: "add", path: "/webHookHeaders/-", value: { key: "X-Dash", value: "dash-secret", isSecure: true } }]);
    invalidateCached("webhooks", outs.productId); // a new engine operation: a new provider process, no cached list
    const refreshed = (await webhookProvider.read(created.id, outs)).props as WebhookOutputs;
    expect(refreshed.secureHeaders).toEqual({ Authorization: "Bearer s3cr3t-token", "X-Dash": null });
    expect(await webhookProvider.diff(created.id, refreshed, inputs)).toMatchObject({ changes: true });

    const { secureHeaders: _s, ...plainOnly } = inputs;
    const news = { ...plainOnly, headers: { "X-Plain": "2", "X-New": "n" }, content: "##ConfigName##" } as WebhookInputs;
    fx.emu.resetStats();
    const updated = await webhookProvider.update(created.id, refreshed, news);
    expect(writes().map((r: { route: string }) => r.route)).toEqual(["PATCH /v1/webhooks/:webhookId"]);
    expect(stored().webHookHeaders).toEqual([
      { key: "X-Plain", value: "2", isSecure: false }, { key: "Authorization", value: "Bearer s3cr3t-token", isSecure: true },
      { key: "X-Dash", value: "dash-secret", isSecure: true }, { key: "X-New", value: "n", isSecure: false },
    ]);
    expect(await webhookProvider.diff(created.id, updated.outs as WebhookOutputs, news)).toMatchObject({ changes: false });

    // Managing secure headers again removes the Dashboard's one and rewrites a changed value.
    const rotated = { ...news, secureHeaders: { Authorization: "Bearer rotated-token" } } as WebhookInputs;
    const again = await webhookProvider.update(created.id, updated.outs as WebhookOutputs, rotated);
    expect(stored().webHookHeaders.filter((h) => h.isSecure)).toEqual([{ key: "Authorization", value: "Bearer rotated-token", isSecure: true }]);
    expect((again.outs as WebhookOutputs).secureHeaders).toEqual({ Authorization: "Bearer rotated-token" });

  });

  it("refuses an existing URL without adopt, adopts it with adopt, 404 is gone, retain sends nothing", async () => {
    const { configId, environmentId } = await world();
    const existing = await fx.api<{ webhookId: number }>("POST", `/v1/configs/${configId}/environments/${environmentId}/webhooks`, { url: "https://hooks.example.com/ui" });
    const base = { configId, environmentId, url: "https://hooks.example.com/ui" };
    fx.emu.resetStats();
    await expect(webhookProvider.create(await checked(webhookProvider, base))).rejects.toThrow(/already exists .*nothing was changed.*adopt: true/);
    expect(writes()).toEqual([]);
    const adopted = await webhookProvider.create(await checked(webhookProvider, { ...base, adopt: true, deletionPolicy: "retain" }));
    expect(adopted.id).toBe(String(existing.webhookId));
    expect(writes()).toEqual([]);
    await webhookProvider.delete(adopted.id, adopted.outs as WebhookOutputs);
    expect(writes()).toEqual([]);
    await fx.api("DELETE", `/v1/webhooks/${existing.webhookId}`);
    expect(await webhookProvider.read(adopted.id, adopted.outs as WebhookOutputs)).toEqual({ id: "" });
  });

  it("settles a create whose answer was lost by finding the webhook, never by a second POST", async () => {
    const { configId, environmentId } = await world();
    fx.emu.resetStats();
    fx.emu.setFaults({ rateDropAfterWrite: 1 });
    const pending = webhookProvider.create(await checked<WebhookInputs>(webhookProvider, { configId, environmentId, url: "https://hooks.example.com/lost" }));
    for (let i = 0; i < 200 && (fx.emu.getState().webhooks as unknown[]).length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    fx.emu.setFaults({});
    await expect(pending).resolves.toMatchObject({ outs: { url: "https://hooks.example.com/lost" } });
    expect(writes().filter((r: { method: string }) => r.method === "POST")).toHaveLength(1);
    expect(fx.emu.getState().webhooks).toHaveLength(1);
  });
});

describe("PermissionGroup", () => {
  it("creates, updates by PUT keeping unmanaged permissions and environments, refuses a taken name, deletes", async () => {
    await fx.admin("PUT", "/fidelity", { updateNulls: "clear" });
    const { productId, environmentId, testEnvironmentId } = await world();
    const g = await permissionGroupProvider.create(await checked(permissionGroupProvider, {
      productId, name: "Editors", accessType: "custom", canCreateOrUpdateSetting: true, environmentAccesses: { [environmentId]: "readOnly" },
    }));
    expect(g.outs).toMatchObject({ name: "Editors", canCreateOrUpdateSetting: true, canTagSetting: false, environmentAccesses: { [environmentId]: "readOnly" } });
    await expect(permissionGroupProvider.create(await checked(permissionGroupProvider, { productId, name: "Editors" }))).rejects.toThrow(/already exists/);

    // Dashboard: another permission and another environment's access.
    await fx.api("PUT", `/v1/permissions/${g.id}`, {
      name: "Editors", accessType: "custom", canCreateOrUpdateSetting: true, canTagSetting: true,
      environmentAccesses: [{ environmentId, environmentAccessType: "readOnly" }, { environmentId: testEnvironmentId, environmentAccessType: "full" }],
    });
    const read = (await permissionGroupProvider.read(g.id, g.outs as never)).props as Record<string, unknown>;
    const news = await checked<Record<string, unknown>>(permissionGroupProvider, { productId, name: "Editors", accessType: "custom", canCreateOrUpdateSetting: true, environmentAccesses: { [environmentId]: "readOnly" } });
    expect(await permissionGroupProvider.diff(g.id, read, news as never)).toMatchObject({ changes: false });
    const changed = { ...news, canDeleteSetting: true, environmentAccesses: { [environmentId]: "full" } };
    expect(await permissionGroupProvider.diff(g.id, read, changed as never)).toMatchObject({ changes: true });
    await permissionGroupProvider.update(g.id, read, changed as never);
    const live = await fx.api<Record<string, unknown> & { environmentAccesses: { environmentId: string; environmentAccessType: string }[] }>("GET", `/v1/permissions/${g.id}`);
    expect(live).toMatchObject({ canTagSetting: true, canDeleteSetting: true, canCreateOrUpdateSetting: true });
    expect(Object.fromEntries(live.environmentAccesses.map((e) => [e.environmentId, e.environmentAccessType]))).toEqual({ [environmentId]: "full", [testEnvironmentId]: "full" });

    await permissionGroupProvider.delete(g.id, read);
    expect(await fx.api("GET", `/v1/products/${productId}/permissions`)).toEqual([]);
  });
});
