import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configureConfigCat } from "../../provider/configcat/config";
import { configProvider } from "../../provider/configcat/resources/config-provider";
import { environmentProvider } from "../../provider/configcat/resources/environment-provider";
import { productProvider } from "../../provider/configcat/resources/product-provider";
import { sdkKeysProvider } from "../../provider/configcat/resources/sdk-keys-provider";
import { segmentProvider } from "../../provider/configcat/resources/segment-provider";
import { settingProvider } from "../../provider/configcat/resources/setting-provider";
import { settingValueProvider, type SettingValueInputs, type SettingValueOutputs } from "../../provider/configcat/resources/setting-value-provider";
import { invalidateCached } from "../../provider/configcat/resources/live-cache";
import { UNKNOWN } from "../../provider/core/dynamic/unknown";
import { checked, configureProviders, startConfigCat, type ConfigCatFixture } from "./fixture";
import { startRun } from "../../provider/configcat/resources/takeover";

let fx: ConfigCatFixture;
beforeEach(async () => {
  fx = await startConfigCat();
  configureProviders(fx);
});
afterEach(async () => fx.stop());

const writes = () => fx.emu.app.stats.requests().filter((r) => r.method !== "GET");


async function world() {
  const product = await productProvider.create(await checked(productProvider, { organizationId: fx.organizationId, name: "P" }));
  const config = await configProvider.create(await checked(configProvider, { productId: product.id, name: "C" }));
  const env = await environmentProvider.create(await checked(environmentProvider, { productId: product.id, name: "Production" }));
  const flag = await settingProvider.create(await checked(settingProvider, { configId: config.id, key: "checkout" }));
  const gate = await settingProvider.create(await checked(settingProvider, { configId: config.id, key: "gate" }));
  const segment = await segmentProvider.create(await checked(segmentProvider, {
    productId: product.id, name: "Staff", comparisonAttribute: "Email", comparator: "contains", comparisonValue: "@example.com",
  }));
  return { productId: product.id, configId: config.id, environmentId: env.id, settingId: Number(flag.id), gateId: Number(gate.id), segmentId: segment.id };
}

const emailRule = (emails: (string | { value: string; hint?: string })[], value: boolean) => ({
  conditions: [{ user: { attribute: "Email", comparator: "isOneOf", comparisonValue: emails } }], value,
});

describe("SettingValue check", () => {
  it("names each bad property, checks values against settingType, and sends nothing", async () => {
    fx.emu.resetStats();
    const r = await settingValueProvider.check({}, {
      environmentId: "08d00000-0000-4000-8000-00000000c0de", settingId: 5, settingType: "int", value: 1.5,
      targetingRules: [
        { conditions: [{ user: { attribute: "Email", comparator: "isOneOf", comparisonValue: "a@b.c" } }], value: 1 },
        { conditions: [], value: 2 },
        { conditions: [{ segment: { segmentId: "08d00000-0000-4000-8000-00000000c0de", comparator: "isIn" }, user: { attribute: "a", comparator: "textEquals", comparisonValue: "x" } }], value: 3, percentageOptions: [{ percentage: 100, value: 3 }] },
      ],
      percentageOptions: [{ percentage: 30, value: 1 }, { percentage: 60, value: 0 }],
    });
    const text = JSON.stringify(r.failures);
    expect(text).toContain("targetingRules[0].conditions[0].user.comparisonValue: comparator isOneOf takes a non-empty list of strings");
    expect(text).toContain("targetingRules[1].conditions: needs at least one condition");
    expect(text).toContain("targetingRules[2].conditions[0]: must have exactly one of user, segment or prerequisite");
    expect(text).toContain("targetingRules[2]: must serve either a value or percentageOptions");
    expect(r.failures).toContainEqual({ property: "percentageOptions", reason: "percentages must add up to 100 (they add up to 90)" });
    expect(fx.emu.stats().total).toBe(0);
    const typed = await settingValueProvider.check({}, { environmentId: "08d00000-0000-4000-8000-00000000c0de", settingId: 5, settingType: "boolean", value: "yes" });
    expect(typed.failures).toEqual([{ property: "value", reason: "must be a boolean (settingType is boolean)" }]);
  });

  it("does not judge values whose type is unknown during preview", async () => {
    const r = await settingValueProvider.check({}, { environmentId: UNKNOWN, settingId: UNKNOWN, settingType: UNKNOWN, value: true });
    expect(r.failures).toBeUndefined();
  });
});

describe("SettingValue", () => {
  it("writes rules with user, segment and prerequisite conditions and flag-level percentage options; reading back changes nothing", async () => {
    const w = await world();
    const inputs = await checked<SettingValueInputs>(settingValueProvider, {
      environmentId: w.environmentId, settingId: w.settingId, value: false,
      targetingRules: [
        emailRule(["a@example.com", { value: "b@example.com", hint: "Bob" }], true),
        { conditions: [{ segment: { segmentId: w.segmentId, comparator: "isIn" } }, { prerequisite: { settingId: w.gateId, comparator: "equals", value: true } }], value: true },
      ],
      percentageOptions: [{ percentage: 25, value: true }, { percentage: 75, value: false }],
      reason: "launch",
    });
    const created = await settingValueProvider.create(inputs);
    const outs = created.outs as SettingValueOutputs;
    expect(outs).toMatchObject({ value: false, settingType: "boolean", configId: w.configId, percentageOptions: inputs.percentageOptions });
    const stored = fx.emu.getState().values.find((v) => v.settingId === w.settingId && v.environmentId === w.environmentId)!;
    const rules = (stored.formula as { targetingRules: { conditions: unknown[]; percentageOptions: unknown[] }[] }).targetingRules;
    expect(rules).toHaveLength(3);
    expect(rules[2]).toMatchObject({ conditions: [], percentageOptions: [{ percentage: 25 }, { percentage: 75 }] });
    fx.emu.resetStats();
    const read = await settingValueProvider.read(created.id, outs);
    expect(read.props).toEqual(outs);
    expect(fx.emu.stats().total).toBe(1); // the config × environment list
    expect(await settingValueProvider.diff(created.id, outs, inputs)).toEqual({ changes: false, replaces: [] });
  });

  it("compares conditions and list values as sets, rules in order", async () => {
    const w = await world();
    const twoConditions = {
      conditions: [
        { user: { attribute: "Email", comparator: "isOneOf", comparisonValue: ["a", "b"] } },
        { user: { attribute: "Country", comparator: "textEquals", comparisonValue: "HU" } },
      ], value: true,
    };
    const inputs = await checked<SettingValueInputs>(settingValueProvider, {
      environmentId: w.environmentId, settingId: w.settingId, targetingRules: [twoConditions, emailRule(["c"], false)],
    });
    const created = await settingValueProvider.create(inputs);
    const outs = created.outs as SettingValueOutputs;
    const reordered = await checked<SettingValueInputs>(settingValueProvider, {
      environmentId: w.environmentId, settingId: w.settingId,
      targetingRules: [{ ...twoConditions, conditions: [twoConditions.conditions[1], { user: { attribute: "Email", comparator: "isOneOf", comparisonValue: ["b", "a"] } }] }, emailRule(["c"], false)],
    });
    expect((await settingValueProvider.diff(created.id, outs, reordered)).changes).toBe(false);
    const rulesSwapped = await checked<SettingValueInputs>(settingValueProvider, {
      environmentId: w.environmentId, settingId: w.settingId, targetingRules: [emailRule(["c"], false), twoConditions],
    });
    expect((await settingValueProvider.diff(created.id, outs, rulesSwapped)).changes).toBe(true);
  });

  it("refuses a second resource writing the same flag's value in one environment in a run, before any request", async () => {
    const w = await world();
    startRun();
    await settingValueProvider.create(await checked(settingValueProvider, { environmentId: w.environmentId, settingId: w.settingId, value: true }));
    fx.emu.resetStats();
    await expect(settingValueProvider.create(await checked(settingValueProvider, { environmentId: w.environmentId, settingId: w.settingId, value: false })))
      .rejects.toThrow(`another resource of this stack already manages the value of flag ${w.settingId} in environment ${w.environmentId}`);
    expect(fx.emu.stats().total).toBe(0);
  });

  it("takes over the live value with no write when it already matches; unset fields are kept on a write", async () => {
    const w = await world();
    await fx.api("PUT", `/v2/environments/${w.environmentId}/settings/${w.settingId}/value`, {
      defaultValue: { boolValue: true }, targetingRules: [{ conditions: [{ userCondition: { comparisonAttribute: "Email", comparator: "isOneOf", comparisonValue: { listValue: [{ value: "x" }] } } }], value: { boolValue: false } }],
    });
    fx.emu.resetStats();
    const same = await settingValueProvider.create(await checked(settingValueProvider, { environmentId: w.environmentId, settingId: w.settingId, value: true }));
    expect(writes()).toEqual([]);
    startRun(); // a later engine operation: a new provider process
    const changed = await settingValueProvider.update(same.id, same.outs as SettingValueOutputs,
      await checked(settingValueProvider, { environmentId: w.environmentId, settingId: w.settingId, value: false }));
    expect(writes().map((r) => r.route)).toEqual(["PUT /v2/environments/:environmentId/settings/:settingId/value"]);
    expect(changed.outs).toMatchObject({ value: false, targetingRules: [emailRule(["x"], false)] }); // the Dashboard's rule stays
  });

  it("shows a Dashboard edit on read; initOnly reads it but never diffs or writes it", async () => {
    const w = await world();
    const inputs = await checked<SettingValueInputs>(settingValueProvider, { environmentId: w.environmentId, settingId: w.settingId, value: true, initOnly: true });
    const created = await settingValueProvider.create(inputs);
    await fx.api("PUT", `/v2/environments/${w.environmentId}/settings/${w.settingId}/value`, { defaultValue: { boolValue: false }, targetingRules: [] });
    const read = await settingValueProvider.read(created.id, created.outs as SettingValueOutputs);
    expect(read.props).toMatchObject({ value: false });
    expect((await settingValueProvider.diff(created.id, read.props as SettingValueOutputs, inputs)).changes).toBe(false);
    const managed = { ...inputs, initOnly: false };
    expect((await settingValueProvider.diff(created.id, read.props as SettingValueOutputs, managed)).changes).toBe(true);
  });

  it("deleting leaves what users are served untouched by default; reset writes the type's default", async () => {
    const w = await world();
    const created = await settingValueProvider.create(await checked(settingValueProvider, { environmentId: w.environmentId, settingId: w.settingId, value: true }));
    fx.emu.resetStats();
    await settingValueProvider.delete(created.id, created.outs as SettingValueOutputs);
    expect(fx.emu.stats().total).toBe(0);
    await settingValueProvider.delete(created.id, { ...(created.outs as SettingValueOutputs), deletionPolicy: "reset" });
    const now = await fx.api<{ defaultValue: { boolValue: boolean } }>("GET", `/v2/environments/${w.environmentId}/settings/${w.settingId}/value`);
    expect(now.defaultValue.boolValue).toBe(false);
  });

  it("with configcat:guardConcurrentEdits, a Dashboard edit after the last read fails the write with 409 and a remedy", async () => {
    const w = await world();
    const config: Record<string, string> = {
      "configcat:serverUrl": fx.emu.url, "configcat:basicAuthUsername": fx.emu.credentials.username,
      "configcat:basicAuthPassword": fx.emu.credentials.password, "configcat:guardConcurrentEdits": "true",
    };
    configureConfigCat({ get: (key: string) => config[key] } as never);
    const created = await settingValueProvider.create(await checked(settingValueProvider, { environmentId: w.environmentId, settingId: w.settingId, value: true }));
    await fx.api("PUT", `/v2/environments/${w.environmentId}/settings/${w.settingId}/value`, { defaultValue: { boolValue: true }, targetingRules: [emailRule(["x"], false)].map((r) => ({
      conditions: [{ userCondition: { comparisonAttribute: "Email", comparator: "isOneOf", comparisonValue: { listValue: [{ value: "x" }] } } }], value: { boolValue: r.value },
    })) });
    const news = await checked<SettingValueInputs>(settingValueProvider, { environmentId: w.environmentId, settingId: w.settingId, value: false });
    startRun(); // a later engine operation: a new provider process
    await expect(settingValueProvider.update(created.id, created.outs as SettingValueOutputs, news)).rejects.toThrow(/409.*changed in ConfigCat since the provider last read it/);
    // After a refresh (new lastVersionId) the same write goes through.
    const refreshed = await settingValueProvider.read(created.id, created.outs as SettingValueOutputs);
    startRun(); // a later engine operation: a new provider process
    await expect(settingValueProvider.update(created.id, refreshed.props as SettingValueOutputs, news)).resolves.toMatchObject({ outs: { value: false } });
  });

  it("reports a missing reason with the fitting remedy", async () => {
    const w = await world();
    await fx.api("POST", `/v1/products/${w.productId}/preferences`, { reasonRequired: true });
    await expect(settingValueProvider.create(await checked(settingValueProvider, { environmentId: w.environmentId, settingId: w.settingId, value: true })))
      .rejects.toThrow(/Reason required.*set `reason` on the resource, or configcat:defaultReason/);
  });
});

describe("SdkKeys and Segment", () => {
  it("reads SDK keys, picks up a rotation on refresh, and reads an unknown environment as gone", async () => {
    const w = await world();
    const keys = await sdkKeysProvider.create(await checked(sdkKeysProvider, { configId: w.configId, environmentId: w.environmentId }));
    expect(keys.outs).toMatchObject({ primary: expect.stringMatching(/^configcat-sdk-1\//), secondary: null });
    await fx.admin("POST", "/sdk-keys/rotate", { configId: w.configId, environmentId: w.environmentId });
    const read = await sdkKeysProvider.read(keys.id, keys.outs);
    expect(read.props).toMatchObject({ secondary: keys.outs.primary });
    expect(await sdkKeysProvider.read(keys.id, { ...keys.outs, environmentId: "00000000-0000-0000-0000-000000000000" })).toEqual({ id: "" });
  });

  it("refreshes an unchanged segment from the list alone, a changed one with one GET", async () => {
    const w = await world();
    const segments = await fx.api<{ segmentId: string }[]>("GET", `/v1/products/${w.productId}/segments`);
    const created = await segmentProvider.create(await checked(segmentProvider, {
      productId: w.productId, name: "Beta", comparisonAttribute: "Plan", comparator: "isOneOf", comparisonValue: ["pro", "team"],
    }));
    expect(created.outs).toMatchObject({ comparisonValue: "pro,team" });
    expect(segments).toHaveLength(1);
    fx.emu.resetStats();
    expect((await segmentProvider.read(created.id, created.outs)).props).toEqual(created.outs);
    expect(fx.emu.stats().total).toBe(1);
    await fx.api("PUT", `/v1/segments/${created.id}`, { name: "Beta", comparisonAttribute: "Plan", comparator: "isOneOf", comparisonValue: "pro" });
    invalidateCached("segments", w.productId); // each engine operation starts a provider process with an empty cache
    fx.emu.resetStats();
    const drifted = await segmentProvider.read(created.id, created.outs);
    expect(drifted.props).toMatchObject({ comparisonValue: "pro" });
    expect(fx.emu.stats().total).toBe(2); // the list, and one GET because its updatedAt moved
  });
});
