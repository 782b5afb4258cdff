import { afterEach, describe, expect, it } from "vitest";
import type { RunningConfigCatEmulator } from "../../../emulator";
import { basic, call, flag, must, orgId, start, world } from "./helpers";

/*
 * The rest of the emulated surface beyond the §5 cases: auth and media types, cascades, value
 * validation messages, JSON Patch edge cases, tags, segments, webhooks, permission groups, audit logs.
 */

let emu: RunningConfigCatEmulator;
afterEach(async () => {
  await emu?.stop();
});

const v2Path = (e: string, s: number): string => `/v2/environments/${e}/settings/${s}/value`;
const userRule = (comparator: string, comparisonValue: unknown, value: unknown = { boolValue: true }) => ({
  conditions: [{ userCondition: { comparisonAttribute: "Identifier", comparator, comparisonValue } }], value,
});

describe("authentication and media types", () => {
  it("answers 401 for malformed Basic headers and other schemes, with an empty body", async () => {
    emu = await start();
    for (const auth of ["Bearer x", "Basic !!!", `Basic ${Buffer.from("no-colon").toString("base64")}`, basic("emulator-user", "")]) {
      expect(await call(emu, "GET", "/v1/me", undefined, { auth })).toMatchObject({ status: 401, text: "" });
    }
  });

  it("lets 401s and 415s consume no quota", async () => {
    emu = await start({ limits: { perSecond: 1, perMinute: 0 } });
    for (let i = 0; i < 3; i++) expect((await call(emu, "GET", "/v1/me", undefined, { auth: basic("emulator-user", "nope") })).status).toBe(401);
    expect((await call(emu, "POST", `/v1/organizations/${orgId(emu)}/products`, undefined, { rawBody: "x", headers: { "content-type": "text/plain" } })).status).toBe(415);
    expect((await call(emu, "GET", "/v1/me")).status).toBe(200);
    expect((await call(emu, "GET", "/v1/me")).status).toBe(429);
  });

  it("accepts application/json, text/json and application/*+json bodies; refuses others with 415", async () => {
    emu = await start();
    const path = `/v1/organizations/${orgId(emu)}/products`;
    for (const type of ["application/json; charset=utf-8", "text/json", "application/json-patch+json"]) {
      expect((await call(emu, "POST", path, { name: type }, { headers: { "content-type": type } })).status).toBe(201);
    }
    expect((await call(emu, "POST", path, undefined, { rawBody: '{"name":"x"}', headers: { "content-type": "text/plain" } })).status).toBe(415);
    expect((await call(emu, "GET", "/v1/organizations")).json).toEqual([{ organizationId: orgId(emu), name: "Emulator Organization" }]);
  });

  it("names missing and invalid fields in ModelState bodies", async () => {
    emu = await start();
    const w = await world(emu);
    expect(await call(emu, "POST", `/v1/products/${w.productId}/configs`, {})).toMatchObject({ status: 400, json: { name: ["The Name field is required."] } });
    expect(await call(emu, "POST", `/v1/products/${w.productId}/configs`, { name: "x".repeat(256) })).toMatchObject({ status: 400, json: { name: [expect.stringContaining("maximum length of 255")] } });
    expect(await call(emu, "POST", `/v1/configs/${w.configId}/settings`, { key: "k", name: "k", settingType: "bool" })).toMatchObject({ status: 400, json: { settingType: [expect.stringContaining("'bool' is not valid")] } });
    expect((await call(emu, "POST", `/v1/products/${w.productId}/configs`, undefined, { rawBody: "" })).json).toEqual({ "": ["A non-empty request body is required."] });
  });
});

describe("products, configs, environments", () => {
  it("keeps the evaluation version immutable and cascades a product delete", async () => {
    emu = await start();
    const w = await world(emu);
    expect((await call(emu, "PUT", `/v1/configs/${w.configId}`, { name: "C", evaluationVersion: "v1" })).status).toBe(400);
    expect(await must(emu, 200, "PUT", `/v1/configs/${w.configId}`, { name: "C2", evaluationVersion: "v2" })).toMatchObject({ name: "C2", evaluationVersion: "v2" });
    const id = await flag(emu, w.configId, "f");
    expect((await call(emu, "DELETE", `/v1/products/${w.productId}`)).status).toBe(204);
    for (const p of [`/v1/products/${w.productId}`, `/v1/configs/${w.configId}`, `/v1/environments/${w.environmentId}`, `/v1/settings/${id}`]) {
      expect((await call(emu, "GET", p)).status).toBe(404);
    }
    const state = emu.getState();
    expect([state.values.length, state.sdkKeys.length, state.settings.length]).toEqual([0, 0, 0]);
  });

  it("creates SDK keys and default values for every config × environment, and removes them with the environment", async () => {
    emu = await start();
    const w = await world(emu);
    const id = await flag(emu, w.configId, "n", "int");
    const staging = await must(emu, 201, "POST", `/v1/products/${w.productId}/environments`, { name: "Staging" });
    expect((await must(emu, 200, "GET", v2Path(staging.environmentId, id))).defaultValue).toEqual({ boolValue: null, stringValue: null, intValue: 0, doubleValue: null, predefinedVariationId: null });
    expect((await call(emu, "GET", `/v1/configs/${w.configId}/environments/${staging.environmentId}`)).status).toBe(200);
    await must(emu, 200, "PUT", `${v2Path(staging.environmentId, id)}`, { defaultValue: { intValue: 5 } });
    expect((await must(emu, 200, "GET", `/v2/products/${w.productId}/auditlogs`)).paging.totalCount).toBe(1);
    expect((await call(emu, "DELETE", `/v1/environments/${staging.environmentId}?cleanupAuditLogs=true`)).status).toBe(204);
    expect((await must(emu, 200, "GET", `/v2/products/${w.productId}/auditlogs`)).paging.totalCount).toBe(0);
    expect(emu.getState().values.filter((v) => v.environmentId === staging.environmentId)).toEqual([]);
  });

  it("reads new-product preferences and per-environment reason requirements", async () => {
    emu = await start();
    const w = await world(emu);
    expect(await must(emu, 200, "GET", `/v1/products/${w.productId}/preferences`)).toEqual({
      reasonRequired: false, keyGenerationMode: "camelCase", showVariationId: false, mandatorySettingHint: false,
      reasonRequiredEnvironments: [{ environmentId: w.environmentId, reasonRequired: false, environmentName: "Production" }],
      approveRequired: false, approveRequiredEnvironments: [{ environmentId: w.environmentId, approveRequired: false, environmentName: "Production" }],
    });
    await must(emu, 200, "POST", `/v1/products/${w.productId}/preferences`, { reasonRequiredEnvironments: [{ environmentId: w.environmentId, reasonRequired: true }], mandatorySettingHint: true });
    expect((await must(emu, 200, "GET", `/v1/environments/${w.environmentId}`)).reasonRequired).toBe(true);
    expect(await call(emu, "POST", `/v1/configs/${w.configId}/settings`, { key: "k", name: "k", settingType: "boolean" })).toMatchObject({ status: 400, json: { hint: ["Hint is required."] } });
    const id = await flag(emu, w.configId, "k", "boolean", { hint: "why" });
    expect((await call(emu, "PUT", v2Path(w.environmentId, id), { defaultValue: { boolValue: true } })).text).toContain("Reason required");
  });
});

describe("settings", () => {
  it("applies initialValues, copies from settingIdToInitFrom, and lists deleted settings", async () => {
    emu = await start();
    const w = await world(emu);
    const tag = await must(emu, 201, "POST", `/v1/products/${w.productId}/tags`, { name: "t" });
    const src = await flag(emu, w.configId, "src", "string", { initialValues: [{ environmentId: w.environmentId, value: "hello" }], tags: [tag.tagId] });
    expect((await must(emu, 200, "GET", v2Path(w.environmentId, src))).defaultValue.stringValue).toBe("hello");
    const copy = await must(emu, 201, "POST", `/v1/configs/${w.configId}/settings`, { key: "copy", name: "copy", settingType: "string", settingIdToInitFrom: src });
    expect(copy.tags.map((t: { tagId: number }) => t.tagId)).toEqual([tag.tagId]);
    expect((await must(emu, 200, "GET", v2Path(w.environmentId, copy.settingId))).defaultValue.stringValue).toBe("hello");
    expect((await call(emu, "POST", `/v1/configs/${w.configId}/settings`, { key: "bad", name: "b", settingType: "int", initialValues: [{ environmentId: w.environmentId, value: 1.5 }] })).status).toBe(400);
    await must(emu, 204, "DELETE", `/v1/settings/${src}`);
    expect(await must(emu, 200, "GET", `/v1/configs/${w.configId}/deleted-settings`)).toEqual([{ key: "src", name: "src", hint: null, settingType: "string" }]);
    expect((await must(emu, 200, "GET", `/v1/tags/${tag.tagId}/settings`)).map((s: { key: string }) => s.key)).toEqual(["copy"]);
  });

  it("patches order, removes a tag by index, honours test ops, and refuses key changes and bad paths", async () => {
    emu = await start();
    const w = await world(emu);
    const t1 = await must(emu, 201, "POST", `/v1/products/${w.productId}/tags`, { name: "t1" });
    const t2 = await must(emu, 201, "POST", `/v1/products/${w.productId}/tags`, { name: "t2" });
    const id = await flag(emu, w.configId, "f", "boolean", { tags: [t1.tagId, t2.tagId] });
    const r = await must(emu, 200, "PATCH", `/v1/settings/${id}`, [{ op: "test", path: "/tags/0", value: t1.tagId }, { op: "remove", path: "/tags/0" }, { op: "replace", path: "/order", value: 7 }]);
    expect(r).toMatchObject({ order: 7, tags: [{ tagId: t2.tagId, name: "t2" }] });
    expect((await call(emu, "PATCH", `/v1/settings/${id}`, [{ op: "test", path: "/tags/0", value: t1.tagId }, { op: "remove", path: "/tags/0" }])).status).toBe(400);
    expect((await call(emu, "PATCH", `/v1/settings/${id}`, [{ op: "add", path: "/key", value: "g" }])).json).toEqual({ key: ["The key of a setting cannot be changed."] });
    expect((await call(emu, "PATCH", `/v1/settings/${id}`, [{ op: "replace", path: "/nope", value: 1 }])).status).toBe(400);
    expect((await call(emu, "PATCH", `/v1/settings/${id}`, { op: "replace" })).status).toBe(400);
    await must(emu, 204, "DELETE", `/v1/tags/${t2.tagId}`);
    expect((await must(emu, 200, "GET", `/v1/settings/${id}`)).tags).toEqual([]);
  });
});

describe("values", () => {
  it("validates comparison members, value types and percentages with the catalogue's messages", async () => {
    emu = await start();
    const w = await world(emu);
    const id = await flag(emu, w.configId, "f");
    const other = await flag(emu, w.configId, "s", "string");
    const put = (body: unknown) => call(emu, "PUT", v2Path(w.environmentId, id), body);
    const base = { defaultValue: { boolValue: false } };
    expect((await put({ ...base, targetingRules: [userRule("numberLess", { stringValue: "1" })] })).text).toContain("DoubleValue field must be set");
    expect((await put({ ...base, targetingRules: [userRule("isOneOf", { stringValue: "a" })] })).text).toContain("ListValue field must be set");
    expect((await put({ ...base, targetingRules: [userRule("isOneOf", { listValue: [{ value: "a" }] }, { stringValue: "x" })] })).text).toContain("Invalid term value.");
    expect((await put({ ...base, targetingRules: [{ conditions: [], percentageOptions: [{ percentage: 100, value: { intValue: 1 } }] }] })).text).toContain("Invalid percentage option value.");
    expect((await put({ ...base, targetingRules: [{ conditions: [], percentageOptions: [{ percentage: 40, value: { boolValue: true } }] }] })).text).toContain("sum of all percentages must be 100");
    const pre = { conditions: [{ prerequisiteFlagCondition: { prerequisiteSettingId: other, comparator: "equals", prerequisiteComparisonValue: { boolValue: true } } }], value: { boolValue: true } };
    expect((await put({ ...base, targetingRules: [pre] })).text).toContain("Invalid prerequisite value.");
    expect((await put({ defaultValue: { stringValue: "x" } })).status).toBe(400);
    const list = await must(emu, 200, "PUT", v2Path(w.environmentId, id), { ...base, targetingRules: [userRule("isOneOf", { listValue: [{ value: "a", hint: "h" }, { value: "b" }] })] });
    expect(list.targetingRules[0].conditions[0].userCondition.comparisonValue).toEqual({ stringValue: null, doubleValue: null, listValue: [{ value: "a", hint: "h" }, { value: "b", hint: null }] });
  });

  it("moves rules with JSON Patch and reports where a flag is a prerequisite", async () => {
    emu = await start();
    const w = await world(emu);
    const a = await flag(emu, w.configId, "a");
    const b = await flag(emu, w.configId, "b");
    await must(emu, 200, "PUT", v2Path(w.environmentId, a), {
      defaultValue: { boolValue: false },
      targetingRules: [userRule("textEquals", { stringValue: "1" }), userRule("textEquals", { stringValue: "2" }, { boolValue: false }),
        { conditions: [{ prerequisiteFlagCondition: { prerequisiteSettingId: b, comparator: "doesNotEqual", prerequisiteComparisonValue: { boolValue: true } } }], value: { boolValue: true } }],
    });
    const moved = await must(emu, 200, "PATCH", v2Path(w.environmentId, a), [{ op: "move", from: "/targetingRules/1", path: "/targetingRules/0" }]);
    expect(moved.targetingRules.map((r: { conditions: Array<{ userCondition: { comparisonValue: { stringValue: string } } | null }> }) => r.conditions[0].userCondition?.comparisonValue.stringValue ?? "pre")).toEqual(["2", "1", "pre"]);
    expect((await must(emu, 200, "GET", v2Path(w.environmentId, b))).settingIdsWherePrerequisite).toEqual([a]);
  });

  it("refuses V1 endpoints on V2 configs (and the reverse) and needs a known SDK key", async () => {
    emu = await start();
    const w = await world(emu);
    const id = await flag(emu, w.configId, "f");
    expect(Object.keys((await call(emu, "GET", `/v1/environments/${w.environmentId}/settings/${id}/value`)).json)).toEqual(["evaluationVersion"]);
    expect((await call(emu, "GET", "/v2/settings/f/value")).status).toBe(400);
    expect((await call(emu, "GET", "/v2/settings/f/value", undefined, { headers: { "x-configcat-sdkkey": "configcat-sdk-1/nope/nope" } })).status).toBe(400);
    const keys = await must(emu, 200, "GET", `/v1/configs/${w.configId}/environments/${w.environmentId}`);
    const sdk = { headers: { "x-configcat-sdkkey": keys.primary } };
    expect((await must(emu, 200, "GET", `/v2/settings/${id}/value`, undefined, sdk)).setting.key).toBe("f");
    expect((await call(emu, "GET", "/v2/settings/missing/value", undefined, sdk)).status).toBe(404);
    expect((await must(emu, 200, "PATCH", "/v2/settings/f/value", [{ op: "replace", path: "/defaultValue/boolValue", value: true }], sdk)).defaultValue.boolValue).toBe(true);
    const v1 = await must(emu, 201, "POST", `/v1/products/${w.productId}/configs`, { name: "old", evaluationVersion: "v1" });
    const old = await flag(emu, v1.configId, "old");
    expect((await call(emu, "GET", v2Path(w.environmentId, old))).status).toBe(400);
  });

  it("validates V1 rules and writes the V1 bulk endpoint", async () => {
    emu = await start();
    const w = await world(emu, "v1");
    const id = await flag(emu, w.configId, "f", "int");
    const seg = await must(emu, 201, "POST", `/v1/products/${w.productId}/segments`, { name: "S", comparisonAttribute: "Email", comparator: "contains", comparisonValue: "@x" });
    const path = `/v1/environments/${w.environmentId}/settings/${id}/value`;
    expect((await call(emu, "PUT", path, { value: 1, rolloutRules: [{ comparisonAttribute: "Email", comparator: "containsAnyOf", comparisonValue: "a", value: 2 }] })).status).toBe(400);
    expect((await call(emu, "PUT", path, { value: 1, rolloutRules: [{ comparisonAttribute: "Email", comparator: "contains", comparisonValue: "a", value: "2" }] })).text).toContain("Invalid term value.");
    const r = await must(emu, 200, "POST", `/v1/configs/${w.configId}/environments/${w.environmentId}/values`, {
      settingValues: [{ settingId: id, value: 3, rolloutRules: [{ segmentId: seg.segmentId, segmentComparator: "isIn", value: 4 }] }],
    });
    expect(r.settingValues[0]).toMatchObject({ value: 3, rolloutRules: [{ comparisonAttribute: null, comparator: null, comparisonValue: null, segmentComparator: "isIn", segmentId: seg.segmentId, value: 4 }] });
    const list = await must(emu, 200, "GET", `/v1/products/${w.productId}/segments`);
    expect(list[0]).toMatchObject({ segmentId: seg.segmentId, usage: 1 });
    expect(list[0].comparator).toBeUndefined();
  });

  it("pages the v2 audit log and filters it", async () => {
    emu = await start();
    const w = await world(emu);
    const id = await flag(emu, w.configId, "f", "int");
    for (let i = 1; i <= 5; i++) await must(emu, 200, "PUT", `${v2Path(w.environmentId, id)}?reason=r${i}`, { defaultValue: { intValue: i } });
    const page = await must(emu, 200, "GET", `/v2/products/${w.productId}/auditlogs?pageSize=2&pageNumber=2`);
    expect(page.paging).toEqual({ currentPage: 2, totalPages: 3, pageSize: 2, totalCount: 5, hasPrevious: true, hasNext: true });
    expect(page.data.map((a: { why: string }) => a.why)).toEqual(["r3", "r2"]);
    expect((await must(emu, 200, "GET", `/v1/products/${w.productId}/auditlogs?environmentId=${w.environmentId}`))).toHaveLength(5);
    expect((await call(emu, "GET", `/v2/products/${w.productId}/auditlogs?pageSize=101`)).status).toBe(400);
  });
});

describe("webhooks and permission groups", () => {
  it("validates URLs, hides secure header values, and serves signing keys", async () => {
    emu = await start();
    const w = await world(emu);
    const base = `/v1/configs/${w.configId}/environments/${w.environmentId}/webhooks`;
    expect(await call(emu, "POST", base, { url: "ftp://x.example" })).toMatchObject({ status: 400, json: { url: ["Url is invalid"] } });
    const hook = await must(emu, 201, "POST", base, { url: "https://example.com/h", webHookHeaders: [{ key: "X-Secret", value: "shh", isSecure: true }] });
    expect(hook).toMatchObject({ httpMethod: "get", content: null, webHookHeaders: [{ key: "X-Secret", value: null, isSecure: true }], config: { configId: w.configId }, environment: { environmentId: w.environmentId, name: "Production" } });
    const keys = await must(emu, 200, "GET", `/v1/webhooks/${hook.webhookId}/keys`);
    expect(keys.key1).toMatch(/^configcat_whsk_/);
    expect(await must(emu, 200, "GET", `/v1/webhooks/${hook.webhookId}/keys`)).toEqual(keys);
    expect((await must(emu, 200, "GET", `/v1/products/${w.productId}/webhooks`))).toHaveLength(1);
    expect(await must(emu, 200, "PUT", `/v1/webhooks/${hook.webhookId}`, { url: "https://example.com/2" })).toMatchObject({ webHookHeaders: [], url: "https://example.com/2" });
    await must(emu, 204, "DELETE", `/v1/webhooks/${hook.webhookId}`);
    expect((await call(emu, "GET", `/v1/webhooks/${hook.webhookId}`)).status).toBe(404);
  });

  it("creates permission groups with the defaults and refuses CanDeleteConfig alone", async () => {
    emu = await start();
    const w = await world(emu);
    const g = await must(emu, 201, "POST", `/v1/products/${w.productId}/permissions`, { name: "G" });
    expect(g).toMatchObject({ name: "G", accessType: "custom", newEnvironmentAccessType: "none", environmentAccesses: [], canManageMembers: false, canDisable2FA: false });
    const refused = await call(emu, "PUT", `/v1/permissions/${g.permissionGroupId}`, { canDeleteConfig: true });
    expect(refused.text).toContain("CanDeleteConfig is not allowed without the CanCreateOrUpdateConfig and CanDeleteSetting permissions.");
    const ok = await must(emu, 200, "PUT", `/v1/permissions/${g.permissionGroupId}`, { name: "G2", canCreateOrUpdateConfig: true, environmentAccesses: [{ environmentId: w.environmentId, environmentAccessType: "readOnly" }] });
    expect(ok).toMatchObject({ name: "G2", canCreateOrUpdateConfig: true, environmentAccesses: [{ environmentId: w.environmentId, environmentAccessType: "readOnly" }] });
    expect(await must(emu, 200, "GET", `/v1/products/${w.productId}/permissions`)).toHaveLength(1);
    await must(emu, 204, "DELETE", `/v1/permissions/${g.permissionGroupId}`);
  });
});
