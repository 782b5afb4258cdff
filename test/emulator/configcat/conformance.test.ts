import { afterEach, describe, expect, it } from "vitest";
import type { RunningConfigCatEmulator } from "../../../emulator";
import { basic, call, flag, must, orgId, start, world } from "./helpers";

/*
 * The 25 conformance cases of configcat-design.md §5, one test each, named "case N".
 */

let emu: RunningConfigCatEmulator;
afterEach(async () => {
  await emu?.stop();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EMAIL_RULE = {
  conditions: [{ userCondition: { comparisonAttribute: "Email", comparator: "sensitiveTextEquals", comparisonValue: { stringValue: "test@example.com" } } }],
  value: { boolValue: true },
};
const v2Path = (environmentId: string, settingId: number): string => `/v2/environments/${environmentId}/settings/${settingId}/value`;
const v1Path = (environmentId: string, settingId: number): string => `/v1/environments/${environmentId}/settings/${settingId}/value`;

describe("ConfigCat conformance (design §5)", () => {
  it("case 1: GET /v1/me is 401 without or with wrong credentials, then 200 with email and fullName", async () => {
    emu = await start({ users: [{ username: "U", password: "P", email: "u@example.com", fullName: "U Ser" }] });
    const none = await call(emu, "GET", "/v1/me", undefined, { auth: null });
    expect(none.status).toBe(401);
    expect(none.headers["www-authenticate"]).toMatch(/^Basic/);
    expect((await call(emu, "GET", "/v1/me", undefined, { auth: basic("U", "wrong") })).status).toBe(401);
    expect(await call(emu, "GET", "/v1/me", undefined, { auth: basic("U", "P") })).toMatchObject({ status: 200, json: { email: "u@example.com", fullName: "U Ser" } });
  });

  it("case 2: GET /v1/products with accept: text/plain answers a JSON array", async () => {
    emu = await start();
    await world(emu);
    const r = await call(emu, "GET", "/v1/products", undefined, { headers: { accept: "text/plain" } });
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toMatch(/^application\/json/);
    expect(r.json).toEqual([expect.objectContaining({ productId: expect.stringMatching(UUID), name: "P" })]);
  });

  it("case 3: creating a product answers 201 with productId, organization and reasonRequired:false", async () => {
    emu = await start();
    const r = await call(emu, "POST", `/v1/organizations/${orgId(emu)}/products`, { name: "P" });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ productId: expect.stringMatching(UUID), name: "P", organization: { organizationId: orgId(emu) }, reasonRequired: false });
  });

  it("case 4: creating a v2 config answers 201 with evaluationVersion v2 and migratedConfigId null", async () => {
    emu = await start();
    const p = await must(emu, 201, "POST", `/v1/organizations/${orgId(emu)}/products`, { name: "P" });
    const r = await call(emu, "POST", `/v1/products/${p.productId}/configs`, { name: "C", evaluationVersion: "v2" });
    expect(r).toMatchObject({ status: 201, json: { name: "C", evaluationVersion: "v2", migratedConfigId: null, configId: expect.stringMatching(UUID) } });
  });

  it("case 5: creating an environment answers 201 with its color", async () => {
    emu = await start();
    const p = await must(emu, 201, "POST", `/v1/organizations/${orgId(emu)}/products`, { name: "P" });
    const r = await call(emu, "POST", `/v1/products/${p.productId}/environments`, { name: "Production", color: "#ff0000" });
    expect(r).toMatchObject({ status: 201, json: { name: "Production", color: "#ff0000", environmentId: expect.stringMatching(UUID), product: { productId: p.productId } } });
  });

  it("case 6: SDK keys: primary set, secondary null; the zero environment id is 404", async () => {
    emu = await start();
    const w = await world(emu);
    const r = await call(emu, "GET", `/v1/configs/${w.configId}/environments/${w.environmentId}`);
    expect(r).toMatchObject({ status: 200, json: { primary: expect.stringMatching(/^configcat-sdk-1\/.{22}\/.{22}$/), secondary: null } });
    expect((await call(emu, "GET", `/v1/configs/${w.configId}/environments/00000000-0000-0000-0000-000000000000`)).status).toBe(404);
  });

  it("case 7: creating a flag answers 201 with an integer settingId and no tags", async () => {
    emu = await start();
    const w = await world(emu);
    const r = await call(emu, "POST", `/v1/configs/${w.configId}/settings`, { key: "isAwesomeFeatureEnabled", name: "My awesome feature flag", settingType: "boolean" });
    expect(r.status).toBe(201);
    expect(Number.isInteger(r.json.settingId)).toBe(true);
    expect(r.json).toMatchObject({ key: "isAwesomeFeatureEnabled", name: "My awesome feature flag", settingType: "boolean", tags: [], configId: w.configId });
  });

  it("case 8: a duplicate key answers 400 'This key is already in use. Please, choose another'", async () => {
    emu = await start();
    const w = await world(emu);
    const body = { key: "isAwesomeFeatureEnabled", name: "My awesome feature flag", settingType: "boolean" };
    await must(emu, 201, "POST", `/v1/configs/${w.configId}/settings`, body);
    const r = await call(emu, "POST", `/v1/configs/${w.configId}/settings`, body);
    expect(r.status).toBe(400);
    expect(r.text).toContain("This key is already in use. Please, choose another");
    expect(r.json).toEqual({ key: ["This key is already in use. Please, choose another"] });
  });

  it("case 9: PATCH replace /name + add /tags/- keeps hint and appends the tag", async () => {
    emu = await start();
    const w = await world(emu);
    const tag0 = await must(emu, 201, "POST", `/v1/products/${w.productId}/tags`, { name: "t0", color: "panther" });
    await must(emu, 201, "POST", `/v1/products/${w.productId}/tags`, { name: "t1" });
    const tag2 = await must(emu, 201, "POST", `/v1/products/${w.productId}/tags`, { name: "t2", color: "whale" });
    const id = await flag(emu, w.configId, "f", "boolean", { hint: "keep me", tags: [tag0.tagId] });
    const r = await call(emu, "PATCH", `/v1/settings/${id}`, [
      { op: "replace", path: "/name", value: "This is the name without typos." },
      { op: "add", path: "/tags/-", value: tag2.tagId },
    ], { headers: { "content-type": "application/json-patch+json" } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ name: "This is the name without typos.", hint: "keep me" });
    expect(r.json.tags.map((t: { tagId: number }) => t.tagId)).toEqual([tag0.tagId, tag2.tagId]);
  });

  it("case 10: PUT a flag with only a name resets hint and tags", async () => {
    emu = await start();
    const w = await world(emu);
    const tag = await must(emu, 201, "POST", `/v1/products/${w.productId}/tags`, { name: "t" });
    const id = await flag(emu, w.configId, "f", "boolean", { hint: "h", tags: [tag.tagId] });
    expect(await call(emu, "PUT", `/v1/settings/${id}`, { name: "X" })).toMatchObject({ status: 200, json: { name: "X", hint: null, tags: [] } });
  });

  async function v1Flag(): Promise<{ environmentId: string; id: number; configId: string }> {
    const w = await world(emu, "v1");
    const id = await flag(emu, w.configId, "enableMyAwesomeFeature");
    await must(emu, 200, "PUT", v1Path(w.environmentId, id), {
      value: false, rolloutRules: [], rolloutPercentageItems: [{ percentage: 30, value: true }, { percentage: 70, value: false }],
    });
    return { environmentId: w.environmentId, id, configId: w.configId };
  }

  it("case 11: V1 PATCH replace /value keeps the percentage items", async () => {
    emu = await start();
    const f = await v1Flag();
    const r = await call(emu, "PATCH", v1Path(f.environmentId, f.id), [{ op: "replace", path: "/value", value: true }]);
    expect(r).toMatchObject({ status: 200, json: { value: true, rolloutPercentageItems: [{ percentage: 30, value: true }, { percentage: 70, value: false }] } });
  });

  it("case 12: V1 PUT {value:true} clears rules and percentage items", async () => {
    emu = await start();
    const f = await v1Flag();
    expect(await call(emu, "PUT", v1Path(f.environmentId, f.id), { value: true })).toMatchObject({ status: 200, json: { value: true, rolloutRules: [], rolloutPercentageItems: [] } });
  });

  it("case 13: V1 PUT by SDK key and setting key", async () => {
    emu = await start();
    const f = await v1Flag();
    const keys = await must(emu, 200, "GET", `/v1/configs/${f.configId}/environments/${f.environmentId}`);
    const r = await call(emu, "PUT", "/v1/settings/enableMyAwesomeFeature/value?reason=Automate_Test_Run", { value: true }, { headers: { "X-CONFIGCAT-SDKKEY": keys.primary } });
    expect(r).toMatchObject({ status: 200, json: { setting: { key: "enableMyAwesomeFeature" }, readOnly: false, rolloutRules: [], rolloutPercentageItems: [], value: true } });
  });

  async function v2FlagWithRule(key = "f"): Promise<{ w: Awaited<ReturnType<typeof world>>; id: number }> {
    const w = await world(emu, "v2");
    const id = await flag(emu, w.configId, key);
    await must(emu, 200, "PUT", v2Path(w.environmentId, id), { defaultValue: { boolValue: false }, targetingRules: [EMAIL_RULE] });
    return { w, id };
  }

  it("case 14: V2 PUT with only defaultValue clears the targeting rules", async () => {
    emu = await start();
    const { w, id } = await v2FlagWithRule();
    const r = await call(emu, "PUT", v2Path(w.environmentId, id), { defaultValue: { boolValue: true } });
    expect(r).toMatchObject({ status: 200, json: { defaultValue: { boolValue: true }, targetingRules: [] } });
  });

  it("case 15: V2 PATCH of rule 0's value answers 200, and 204 with no body when repeated", async () => {
    emu = await start();
    const { w, id } = await v2FlagWithRule();
    const patch = [{ op: "replace", path: "/targetingRules/0/value/boolValue", value: false }];
    const first = await call(emu, "PATCH", v2Path(w.environmentId, id), patch);
    expect(first.status).toBe(200);
    expect(first.json.targetingRules[0].value.boolValue).toBe(false);
    expect(first.json.targetingRules[0].conditions).toEqual([{ ...EMAIL_RULE.conditions[0], userCondition: { ...EMAIL_RULE.conditions[0].userCondition, comparisonValue: { stringValue: "test@example.com", doubleValue: null, listValue: null } }, segmentCondition: null, prerequisiteFlagCondition: null }]);
    const again = await call(emu, "PATCH", v2Path(w.environmentId, id), patch);
    expect(again.status).toBe(204);
    expect(again.text).toBe("");
  });

  it("case 16: bulk V2 POST replaces only the listed flag", async () => {
    emu = await start();
    const { w, id: s } = await v2FlagWithRule("s");
    const t = await flag(emu, w.configId, "t");
    await must(emu, 200, "PUT", v2Path(w.environmentId, t), { defaultValue: { boolValue: false }, targetingRules: [EMAIL_RULE] });
    const r = await call(emu, "POST", `/v2/configs/${w.configId}/environments/${w.environmentId}/values`, { updateFormulas: [{ defaultValue: { boolValue: false }, settingId: s }] });
    expect(r.status).toBe(200);
    const byId = new Map(r.json.settingFormulas.map((f: { setting: { settingId: number } }) => [f.setting.settingId, f]));
    expect(byId.get(s)).toMatchObject({ targetingRules: [] });
    expect((byId.get(t) as { targetingRules: unknown[] }).targetingRules).toHaveLength(1);
  });

  it("case 17: a V2 PUT with a stale latestVersionId answers 409", async () => {
    emu = await start();
    const { w, id } = await v2FlagWithRule();
    const r = await call(emu, "PUT", `${v2Path(w.environmentId, id)}?latestVersionId=2b6a1c1e-0000-4000-8000-000000000001`, { defaultValue: { boolValue: true } });
    expect(r.status).toBe(409);
    const current = await must(emu, 200, "GET", v2Path(w.environmentId, id));
    expect((await call(emu, "PUT", `${v2Path(w.environmentId, id)}?latestVersionId=${current.lastVersionId}`, { defaultValue: { boolValue: true } })).status).toBe(200);
  });

  it("case 18: sensitiveTextEquals with a listValue answers 400 'StringValue field must be set'", async () => {
    emu = await start();
    const w = await world(emu);
    const id = await flag(emu, w.configId, "f");
    const r = await call(emu, "PUT", v2Path(w.environmentId, id), {
      defaultValue: { boolValue: false },
      targetingRules: [{ conditions: [{ userCondition: { comparisonAttribute: "Email", comparator: "sensitiveTextEquals", comparisonValue: { listValue: [{ value: "a" }] } } }], value: { boolValue: true } }],
    });
    expect(r.status).toBe(400);
    expect(r.text).toContain("StringValue field must be set");
  });

  it("case 19: unknown prerequisite → 'Prerequisite setting not found.'; A→B then B→A → 'Circular dependency detected. A ➔ B'", async () => {
    emu = await start();
    const w = await world(emu);
    const a = await flag(emu, w.configId, "A");
    const b = await flag(emu, w.configId, "B");
    const pre = (settingId: number) => ({
      defaultValue: { boolValue: false },
      targetingRules: [{ conditions: [{ prerequisiteFlagCondition: { prerequisiteSettingId: settingId, comparator: "equals", prerequisiteComparisonValue: { boolValue: true } } }], value: { boolValue: true } }],
    });
    const missing = await call(emu, "PUT", v2Path(w.environmentId, a), pre(999_999));
    expect(missing.status).toBe(400);
    expect(missing.text).toContain("Prerequisite setting not found.");
    await must(emu, 200, "PUT", v2Path(w.environmentId, a), pre(b));
    const cycle = await call(emu, "PUT", v2Path(w.environmentId, b), pre(a));
    expect(cycle.status).toBe(400);
    expect(cycle.text).toContain("Circular dependency detected. A ➔ B");
  });

  it("case 20: a trailing rule with only percentage options is kept last with conditions [] and value null", async () => {
    emu = await start();
    const w = await world(emu);
    const id = await flag(emu, w.configId, "f");
    const pct = { percentageOptions: [{ percentage: 30, value: { boolValue: true } }, { percentage: 70, value: { boolValue: false } }] };
    await must(emu, 200, "PUT", v2Path(w.environmentId, id), { defaultValue: { boolValue: false }, targetingRules: [EMAIL_RULE, pct] });
    const r = await must(emu, 200, "GET", v2Path(w.environmentId, id));
    expect(r.targetingRules).toHaveLength(2);
    expect(r.targetingRules[1]).toMatchObject({ conditions: [], value: null, percentageOptions: [{ percentage: 30, value: { boolValue: true } }, { percentage: 70, value: { boolValue: false } }] });
  });

  it("case 21: with reasonRequired a write needs ?reason=, and the audit log carries it as why", async () => {
    emu = await start();
    const w = await world(emu);
    const id = await flag(emu, w.configId, "f");
    await must(emu, 200, "POST", `/v1/products/${w.productId}/preferences`, { reasonRequired: true });
    const refused = await call(emu, "PUT", v2Path(w.environmentId, id), { defaultValue: { boolValue: true } });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("Reason required");
    await must(emu, 200, "PUT", `${v2Path(w.environmentId, id)}?reason=x`, { defaultValue: { boolValue: true } });
    const logs = await must(emu, 200, "GET", `/v2/products/${w.productId}/auditlogs`);
    expect(logs.data).toEqual([expect.objectContaining({ why: "x", auditLogTypeEnum: "settingValueChanged", actionTarget: "f" })]);
  });

  it("case 22: with approveRequired a V2 write needs bypassApproval=true", async () => {
    emu = await start();
    const w = await world(emu);
    const id = await flag(emu, w.configId, "f");
    await must(emu, 200, "POST", `/v1/products/${w.productId}/preferences`, { approveRequired: true });
    const refused = await call(emu, "PUT", v2Path(w.environmentId, id), { defaultValue: { boolValue: true } });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("Approval required.");
    expect((await call(emu, "PUT", `${v2Path(w.environmentId, id)}?bypassApproval=true`, { defaultValue: { boolValue: true } })).status).toBe(200);
  });

  it("case 23: DELETE a flag → 204; GET → 404; the key can be created again", async () => {
    emu = await start();
    const w = await world(emu);
    const body = { key: "isAwesomeFeatureEnabled", name: "My awesome feature flag", settingType: "boolean" };
    const s = await must(emu, 201, "POST", `/v1/configs/${w.configId}/settings`, body);
    const del = await call(emu, "DELETE", `/v1/settings/${s.settingId}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe("");
    expect((await call(emu, "GET", `/v1/settings/${s.settingId}`)).status).toBe(404);
    expect((await call(emu, "POST", `/v1/configs/${w.configId}/settings`, body)).status).toBe(201);
  });

  it("case 24: 21 GETs of one config within a second meet a 429 with an integer Retry-After; 2xx carry X-Rate-Limit-Remaining", async () => {
    emu = await start({ limits: {} }); // the documented defaults: 20/s, 500/min
    const w = await world(emu);
    const results = await Promise.all(Array.from({ length: 21 }, () => call(emu, "GET", `/v1/configs/${w.configId}`)));
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    for (const r of limited) expect(r.headers["retry-after"]).toMatch(/^[1-9]\d*$/);
    const okOnes = results.filter((r) => r.status === 200);
    expect(okOnes.length).toBeGreaterThan(0);
    for (const r of okOnes) expect(r.headers["x-rate-limit-remaining"]).toMatch(/^\d+$/);
  });

  it("case 25: webhook PATCH sets content and appends a header with isSecure:false", async () => {
    emu = await start();
    const w = await world(emu);
    const hook = await must(emu, 201, "POST", `/v1/configs/${w.configId}/environments/${w.environmentId}/webhooks`, { url: "https://example.com/hook", httpMethod: "post" });
    const r = await call(emu, "PATCH", `/v1/webhooks/${hook.webhookId}`, [
      { op: "replace", path: "/content", value: "Some webhook content." },
      { op: "add", path: "/webHookHeaders/-", value: { key: "X-Custom-Header", value: "Custom header value" } },
    ]);
    expect(r).toMatchObject({ status: 200, json: { content: "Some webhook content.", url: "https://example.com/hook", httpMethod: "post", webHookHeaders: [{ key: "X-Custom-Header", value: "Custom header value", isSecure: false }] } });
  });
});
