// End-to-end: the real Pulumi engine drives the tier 2/3 ConfigCat resources (SettingTag, ProductPreferences,
// SettingValueV1, Webhook, PermissionGroup) against the emulator over loopback HTTP, under the emulator's defaults
// and under every alternative reading of what ConfigCat leaves undocumented.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConfigCatFidelity } from "../../emulator";
import { stepRecorder } from "../helpers/engine-events";
import { createTestStack, type TestStack } from "../helpers/pulumi-engine";
import { stackConfig, startConfigCat, type ConfigCatFixture } from "./fixture";
import { baseTier2, SECURE_TOKEN, tier2Program, type Tier2Spec } from "./tier2-program";
import { readings } from "./readings";

type Prefs = {
  keyGenerationMode: string; mandatorySettingHint: boolean; showVariationId: boolean; reasonRequired: boolean;
  reasonRequiredEnvironments: { environmentId: string; reasonRequired: boolean }[];
};
type V1Value = { value: number; rolloutRules: { comparator: string | null; comparisonValue: string | null; value: number }[]; rolloutPercentageItems: { percentage: number; value: number }[] };
type Hook = { webhookId: number; url: string; httpMethod: string; content: string | null; webHookHeaders: { key: string; value: string | null; isSecure: boolean }[] };
type Group = Record<string, unknown> & { permissionGroupId: number; environmentAccesses: { environmentId: string; environmentAccessType: string }[] };


describe.each(readings)("ConfigCat tier 2/3 resources under the real engine, emulating $reading", ({ fidelity }) => {
  let fx: ConfigCatFixture;
  let test: TestStack;
  let spec: Tier2Spec;

  const writes = () => fx.emu.app.stats.requests().filter((r) => r.method !== "GET");
  const product = async () => (await fx.api<{ productId: string; name: string }[]>("GET", "/v1/products")).find((p) => p.name === "Tier2")!;
  const configNamed = async (name: string) =>
    (await fx.api<{ configId: string; name: string }[]>("GET", `/v1/products/${(await product()).productId}/configs`)).find((c) => c.name === name)!;
  const environmentId = async (name: string) =>
    (await fx.api<{ environmentId: string; name: string }[]>("GET", `/v1/products/${(await product()).productId}/environments`)).find((e) => e.name === name)!.environmentId;
  const flag = async (config: string, key: string) =>
    (await fx.api<{ settingId: number; key: string; tags: { tagId: number; name: string }[] }[]>("GET", `/v1/configs/${(await configNamed(config)).configId}/settings`)).find((s) => s.key === key)!;
  const tagNames = async () => (await flag("Web", "newCheckout")).tags.map((t) => t.name);
  const tagId = async (name: string) => (await fx.api<{ tagId: number; name: string }[]>("GET", `/v1/products/${(await product()).productId}/tags`)).find((t) => t.name === name)!.tagId;
  const prefs = async () => fx.api<Prefs>("GET", `/v1/products/${(await product()).productId}/preferences`);
  const legacyValue = async () => fx.api<V1Value>("GET", `/v1/environments/${await environmentId("Production")}/settings/${(await flag("Legacy", "maxItems")).settingId}/value`);
  const hook = async () => (await fx.api<Hook[]>("GET", `/v1/products/${(await product()).productId}/webhooks`))[0]!;
  const group = async () => (await fx.api<Group[]>("GET", `/v1/products/${(await product()).productId}/permissions`)).find((g) => g.name === "Editors")!;

  const cleanRefresh = async () => {
    fx.emu.resetStats();
    const refreshed = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: refreshed.onEvent });
    expect(refreshed.changed()).toEqual({});
    // No output of any resource changes either: the flag reports tags only when it manages them (its SettingTags
    // report theirs), and environments and products leave the preferences' switches to ProductPreferences.
    expect(refreshed.outputChanges()).toEqual({});
    expect(writes()).toEqual([]);
  };

  beforeAll(async () => {
    fx = await startConfigCat({ limits: { perSecond: 20, perMinute: 500 }, fidelity });
    spec = baseTier2(fx.organizationId);
    test = await createTestStack({
      projectName: "configcat-tier2",
      program: tier2Program(() => spec),
      config: stackConfig(fx),
    });
  }, 120_000);
  afterAll(async () => {
    await test?.cleanup();
    await fx?.stop();
  });

  it("1. up creates exactly the program; secrets stay secret; preview sends nothing; preview --refresh is clean", async () => {
    const up = await test.stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect((await tagNames()).sort()).toEqual(["beta", "ops"]);
    const testEnv = await environmentId("Test");
    const p = await prefs();
    expect(p).toMatchObject({ keyGenerationMode: "kebabCase", mandatorySettingHint: true, showVariationId: false, reasonRequired: false });
    expect(p.reasonRequiredEnvironments.find((e) => e.environmentId === testEnv)?.reasonRequired).toBe(true);
    expect(await legacyValue()).toEqual(expect.objectContaining({
      value: 5, rolloutPercentageItems: [{ percentage: 30, value: 1 }, { percentage: 70, value: 2 }],
      rolloutRules: [
        expect.objectContaining({ comparator: "isOneOf", comparisonValue: "a@example.com,b@example.com", value: 10 }),
        expect.objectContaining({ comparator: "contains", comparisonValue: "@example.com", value: 20 }),
      ],
    }));
    const h = await hook();
    expect(h).toMatchObject({ url: "https://hooks.example.com/deploy", httpMethod: "post", content: "##ConfigName## changed" });
    expect(h.webHookHeaders).toEqual([{ key: "X-Env", value: "production", isSecure: false }, { key: "Authorization", value: null, isSecure: true }]);
    const g = await group();
    expect(g).toMatchObject({ canCreateOrUpdateSetting: true, canTagSetting: true, canDeleteSetting: false, accessType: "custom", newEnvironmentAccessType: "readOnly" });
    expect(g.environmentAccesses).toEqual([{ environmentId: await environmentId("Production"), environmentAccessType: "readOnly" }]);

    // Signing keys are secret outputs; neither they, the secure header nor the credential is in the state in clear text.
    const keys = await fx.api<{ key1: string; key2: string }>("GET", `/v1/webhooks/${h.webhookId}/keys`);
    expect(up.outputs.signingKey).toMatchObject({ value: keys.key1, secret: true });
    const backend = test.readBackendFiles();
    for (const secret of [keys.key1, keys.key2, SECURE_TOKEN, fx.emu.credentials.password]) expect(backend).not.toContain(secret);

    fx.emu.resetStats();
    const preview = stepRecorder();
    await test.stack.preview({ onEvent: preview.onEvent });
    expect(preview.changed()).toEqual({});
    expect(fx.emu.stats().total).toBe(0);
    await cleanRefresh();
  }, 300_000);

  it("2. Dashboard edits show as drift of exactly those resources, and up --refresh restores them", async () => {
    const checkout = await flag("Web", "newCheckout");
    const opsIndex = checkout.tags.findIndex((t) => t.name === "ops");
    await fx.api("PATCH", `/v1/settings/${checkout.settingId}`, [{ op: "remove", path: `/tags/${opsIndex}` }]);
    const testEnv = await environmentId("Test");
    await fx.api("POST", `/v1/products/${(await product()).productId}/preferences`, {
      keyGenerationMode: "camelCase", mandatorySettingHint: true, reasonRequired: false, showVariationId: false, approveRequired: false,
      reasonRequiredEnvironments: [{ environmentId: testEnv, reasonRequired: true }],
    });
    const current = await legacyValue();
    await fx.api("PUT", `/v1/environments/${await environmentId("Production")}/settings/${(await flag("Legacy", "maxItems")).settingId}/value`, {
      ...current, value: 99,
    });
    const h = await hook();
    await fx.api("PATCH", `/v1/webhooks/${h.webhookId}`, [
      { op: "replace", path: "/webHookHeaders/0/value", value: "staging" },
      { op: "remove", path: "/webHookHeaders/1" },
    ]);
    const g = await group();
    await fx.api("PUT", `/v1/permissions/${g.permissionGroupId}`, { ...g, canTagSetting: false, product: undefined });

    const drift = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: drift.onEvent });
    // The detached tag is gone from the stack (refresh drops it), so it is created again.
    expect(drift.changed()).toEqual({ "tag-ops": "create", preferences: "update", legacyProd: "update", hook: "update", editors: "update" });

    fx.emu.resetStats();
    await expect(test.stack.up({ refresh: true })).resolves.toMatchObject({ summary: { result: "succeeded" } });
    expect((await tagNames()).sort()).toEqual(["beta", "ops"]);
    expect(await prefs()).toMatchObject({ keyGenerationMode: "kebabCase" });
    expect((await legacyValue()).value).toBe(5);
    const restored = await hook();
    expect(restored.webHookHeaders).toEqual([{ key: "X-Env", value: "production", isSecure: false }, { key: "Authorization", value: null, isSecure: true }]);
    // The secure value written back is the program's (the emulator stores it; the API never shows it).
    const stored = (fx.emu.getState().webhooks as { webHookHeaders: { key: string; value: string }[] }[])[0]!.webHookHeaders;
    expect(stored.find((x) => x.key === "Authorization")?.value).toBe(SECURE_TOKEN);
    expect((await group()).canTagSetting).toBe(true);
    // Only the drifted objects were written: one tag add, one preferences POST, one V1 PUT, one webhook PATCH, one group PUT.
    expect(writes().map((r) => r.route).sort()).toEqual([
      "PATCH /v1/settings/:settingId", "PATCH /v1/webhooks/:webhookId", "POST /v1/products/:productId/preferences",
      "PUT /v1/environments/:environmentId/settings/:settingId/value", "PUT /v1/permissions/:permissionGroupId",
    ]);
    await cleanRefresh();
  }, 300_000);

  it("3. an add whose answer is lost is settled, not replayed: the flag carries the tag once", async () => {
    spec = { ...spec, settingTags: [...spec.settingTags, "extra"] };
    fx.emu.resetStats();
    fx.emu.setFaults({ rateDropAfterWrite: 1 });
    try {
      const up = await test.stack.up();
      expect(up.summary.result).toBe("succeeded");
    } finally {
      fx.emu.setFaults({});
    }
    expect((await tagNames()).sort()).toEqual(["beta", "extra", "ops"]);
    expect(writes().map((r) => r.route)).toEqual(["PATCH /v1/settings/:settingId"]);
    await cleanRefresh();
  }, 300_000);

  it("4. removing one SettingTag detaches only its tag, whatever else the flag carries", async () => {
    const checkout = await flag("Web", "newCheckout");
    // A tag attached in the Dashboard, before the resource's own tags in the list, so indexes shift.
    const ui = await fx.api<{ tagId: number }>("POST", `/v1/products/${(await product()).productId}/tags`, { name: "ui" });
    await fx.api("PUT", `/v1/settings/${checkout.settingId}`, { name: "newCheckout", hint: "checkout v2", tags: [ui.tagId, ...checkout.tags.map((t) => t.tagId)] });
    spec = { ...spec, settingTags: ["ops", "extra"] };
    const steps = stepRecorder();
    await test.stack.up({ onEvent: steps.onEvent });
    expect(steps.changed()).toEqual({ "tag-beta": "delete" });
    expect((await tagNames()).sort()).toEqual(["extra", "ops", "ui"]);
    expect(await tagId("beta")).toBeGreaterThan(0); // the tag itself stays
    await cleanRefresh();
  }, 300_000);

  it("5. deletion policies: reset preferences and V1 value go back to defaults; the rest stays", async () => {
    spec = { ...spec, preferences: undefined, legacyValue: undefined };
    const steps = stepRecorder();
    await test.stack.up({ onEvent: steps.onEvent });
    expect(steps.changed()).toEqual({ preferences: "delete", legacyProd: "delete" });
    const p = await prefs();
    expect(p).toMatchObject({ keyGenerationMode: "camelCase", mandatorySettingHint: false, reasonRequired: false, showVariationId: false });
    expect(p.reasonRequiredEnvironments.every((e) => !e.reasonRequired)).toBe(true);
    expect(await legacyValue()).toMatchObject({ value: 0, rolloutRules: [], rolloutPercentageItems: [] });
    await cleanRefresh();
  }, 300_000);

  it("6. destroy leaves nothing behind", async () => {
    await test.stack.destroy();
    expect((await fx.api<{ name: string }[]>("GET", "/v1/products")).filter((p) => p.name === "Tier2")).toEqual([]);
    expect(fx.emu.getState().webhooks).toEqual([]);
    expect(fx.emu.getState().permissionGroups).toEqual([]);
  }, 300_000);
});
