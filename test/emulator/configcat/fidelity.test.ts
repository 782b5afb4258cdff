import { afterEach, describe, expect, it } from "vitest";
import type { ConfigCatFidelity, RunningConfigCatEmulator } from "../../../emulator";
import { basic, call, flag, must, orgId, start, world } from "./helpers";

/*
 * One test per fidelity switch: the default reading and the alternative, switched at run time through
 * PUT /__admin/fidelity (the same switches are start options).
 */

let emu: RunningConfigCatEmulator;
afterEach(async () => {
  await emu?.stop();
});

const fidelity = (f: ConfigCatFidelity): Promise<unknown> => must(emu, 200, "PUT", "/__admin/fidelity", f);
const v2Path = (environmentId: string, settingId: number): string => `/v2/environments/${environmentId}/settings/${settingId}/value`;
const RULE = { conditions: [{ userCondition: { comparisonAttribute: "Email", comparator: "textEquals", comparisonValue: { stringValue: "a" } } }], value: { boolValue: true } };

describe("fidelity switches", () => {
  it("forbiddenStatus: another organization's objects are 404 by default, 403 when switched, before rate limiting", async () => {
    const OTHER = "08d00000-0000-4000-8000-0000000000b2";
    emu = await start({
      organizations: [{ organizationId: "08d00000-0000-4000-8000-0000000000a1", name: "A" }, { organizationId: OTHER, name: "B" }],
      users: [{ username: "a", password: "pa", organizationIds: ["08d00000-0000-4000-8000-0000000000a1"] }, { username: "b", password: "pb", organizationIds: [OTHER] }],
      limits: { perSecond: 1, perMinute: 0 },
    });
    const asB = { auth: basic("b", "pb") };
    const p = await must(emu, 201, "POST", `/v1/organizations/${OTHER}/products`, { name: "B's" }, asB);
    for (let i = 0; i < 3; i++) expect(await call(emu, "GET", `/v1/products/${p.productId}`)).toMatchObject({ status: 404, json: { "": ["Product not found."] } });
    expect((await call(emu, "POST", `/v1/organizations/${OTHER}/products`, { name: "x" })).status).toBe(404);
    expect((await call(emu, "GET", "/v1/products")).json).toEqual([]);
    await fidelity({ forbiddenStatus: 403 });
    expect((await call(emu, "GET", `/v1/products/${p.productId}`)).status).toBe(403);
    // None of the refusals used the caller's one request per second.
    expect((await call(emu, "GET", "/v1/me")).status).toBe(200);
  });

  it("invalidIdStatus: a malformed id is 400 naming the parameter by default, 404 when switched", async () => {
    emu = await start();
    expect(await call(emu, "GET", "/v1/configs/not-a-uuid")).toMatchObject({ status: 400, json: { configId: ["The value 'not-a-uuid' is not valid."] } });
    expect((await call(emu, "GET", "/v1/settings/abc")).status).toBe(400);
    await fidelity({ invalidIdStatus: 404 });
    expect((await call(emu, "GET", "/v1/configs/not-a-uuid")).status).toBe(404);
  });

  it("hal: off ignores Accept: application/hal+json; on embeds parents and adds string links", async () => {
    emu = await start();
    const w = await world(emu);
    const hal = { headers: { accept: "application/hal+json" } };
    const plain = await call(emu, "GET", `/v1/configs/${w.configId}`, undefined, hal);
    expect(plain.json._links).toBeUndefined();
    expect(plain.json.product.productId).toBe(w.productId);
    await fidelity({ hal: "on" });
    const r = await call(emu, "GET", `/v1/configs/${w.configId}`, undefined, hal);
    expect(r.headers["content-type"]).toMatch(/^application\/hal\+json/);
    expect(r.json.product).toBeUndefined();
    expect(r.json._embedded.product._embedded.organization.organizationId).toBe(orgId(emu));
    expect(r.json._links).toEqual({ self: `${emu.url}/v1/configs/${w.configId}`, settings: `${emu.url}/v1/configs/${w.configId}/settings` });
    expect((await call(emu, "GET", `/v1/configs/${w.configId}`)).json.product).toBeDefined(); // plain JSON still served to JSON clients
  });

  it("rateLimitKey: template (default) shares a bucket across ids; path separates them; credential shares across endpoints", async () => {
    emu = await start();
    const w = await world(emu);
    const c2 = await must(emu, 201, "POST", `/v1/products/${w.productId}/configs`, { name: "C2" });
    await must(emu, 200, "PUT", "/__admin/limits", { perSecond: 2, perMinute: 0 });
    const two = async (): Promise<number[]> => [
      (await call(emu, "GET", `/v1/configs/${w.configId}`)).status,
      (await call(emu, "GET", `/v1/configs/${c2.configId}`)).status,
      (await call(emu, "GET", `/v1/configs/${c2.configId}`)).status,
    ];
    expect(await two()).toEqual([200, 200, 429]);
    await fidelity({ rateLimitKey: "path" });
    await must(emu, 200, "PUT", "/__admin/limits", { perSecond: 2 }); // resets usage
    expect(await two()).toEqual([200, 200, 200]);
    await fidelity({ rateLimitKey: "credential" });
    await must(emu, 200, "PUT", "/__admin/limits", { perSecond: 2 });
    expect((await call(emu, "GET", "/v1/me")).status).toBe(200);
    expect((await call(emu, "GET", `/v1/products/${w.productId}`)).status).toBe(200);
    expect((await call(emu, "GET", `/v1/configs/${w.configId}`)).status).toBe(429);
  });

  it("rateLimitHeaders: X-Rate-Limit-* on by default (minute window, ISO reset), off when switched", async () => {
    emu = await start({ limits: {} });
    const r = await call(emu, "GET", "/v1/me");
    expect(r.headers).toMatchObject({ "x-rate-limit-limit": "1m", "x-rate-limit-remaining": "499" });
    expect(new Date(r.headers["x-rate-limit-reset"] as string).toISOString()).toBe(r.headers["x-rate-limit-reset"]);
    await fidelity({ rateLimitHeaders: false });
    expect((await call(emu, "GET", "/v1/me")).headers["x-rate-limit-remaining"]).toBeUndefined();
  });

  it("retryAfterHeader: 429s carry an integer Retry-After and a text reason by default; none when switched", async () => {
    emu = await start({ limits: { perSecond: 1, perMinute: 0 } });
    await call(emu, "GET", "/v1/me");
    const limited = await call(emu, "GET", "/v1/me");
    expect(limited).toMatchObject({ status: 429, text: "API calls quota exceeded! maximum admitted 1 per 1s." });
    expect(limited.headers["retry-after"]).toBe("1");
    await fidelity({ retryAfterHeader: false });
    const bare = await call(emu, "GET", "/v1/me");
    expect(bare.status).toBe(429);
    expect(bare.headers["retry-after"]).toBeUndefined();
  });

  it("updateNulls: omitted members of Update* bodies are kept by default, cleared when switched", async () => {
    emu = await start();
    const w = await world(emu);
    await must(emu, 200, "PUT", `/v1/products/${w.productId}`, { name: "P", description: "d", order: 3 });
    expect(await must(emu, 200, "PUT", `/v1/products/${w.productId}`, { name: "P2" })).toMatchObject({ name: "P2", description: "d", order: 3 });
    await fidelity({ updateNulls: "clear" });
    expect(await must(emu, 200, "PUT", `/v1/environments/${w.environmentId}`, { name: "Prod" })).toMatchObject({ name: "Prod", color: null, order: 0 });
    expect(await must(emu, 200, "PUT", `/v1/products/${w.productId}`, { description: null })).toMatchObject({ name: "P2", description: null, order: 0 });
  });

  it("updateNulls: product preferences and permission groups keep omitted members by default, reset them when switched", async () => {
    emu = await start();
    const w = await world(emu);
    const prefs = `/v1/products/${w.productId}/preferences`;
    await must(emu, 200, "POST", prefs, { mandatorySettingHint: true, keyGenerationMode: "kebabCase" });
    expect(await must(emu, 200, "POST", prefs, { showVariationId: true })).toMatchObject({ mandatorySettingHint: true, keyGenerationMode: "kebabCase", showVariationId: true });
    const g = await must(emu, 201, "POST", `/v1/products/${w.productId}/permissions`, { name: "G", canTagSetting: true, accessType: "custom" });
    expect(await must(emu, 200, "PUT", `/v1/permissions/${g.permissionGroupId}`, { canViewSdkKey: true })).toMatchObject({ name: "G", canTagSetting: true, canViewSdkKey: true });
    await fidelity({ updateNulls: "clear" });
    expect(await must(emu, 200, "POST", prefs, { reasonRequired: false })).toMatchObject({ mandatorySettingHint: false, keyGenerationMode: "camelCase", showVariationId: false });
    expect(await must(emu, 200, "PUT", `/v1/permissions/${g.permissionGroupId}`, { canViewSdkKey: true })).toMatchObject({ name: "G", canTagSetting: false, canViewSdkKey: true });
  });

  it("duplicateTagAdd: adding an attached tag is ignored by default, 400 when switched", async () => {
    emu = await start();
    const w = await world(emu);
    const tag = await must(emu, 201, "POST", `/v1/products/${w.productId}/tags`, { name: "t" });
    const id = await flag(emu, w.configId, "f", "boolean", { tags: [tag.tagId] });
    const add = [{ op: "add", path: "/tags/-", value: String(tag.tagId) }];
    expect((await must(emu, 200, "PATCH", `/v1/settings/${id}`, add)).tags).toHaveLength(1);
    await fidelity({ duplicateTagAdd: "error" });
    expect((await call(emu, "PATCH", `/v1/settings/${id}`, add)).status).toBe(400);
  });

  it("listOrder: insertion order by default, (order, name) when switched", async () => {
    emu = await start();
    const w = await world(emu);
    await must(emu, 201, "POST", `/v1/products/${w.productId}/environments`, { name: "B", order: -1 });
    await must(emu, 201, "POST", `/v1/products/${w.productId}/environments`, { name: "A", order: -1 });
    const names = async (): Promise<string[]> => (await must(emu, 200, "GET", `/v1/products/${w.productId}/environments`)).map((e: { name: string }) => e.name);
    expect(await names()).toEqual(["Production", "B", "A"]);
    await fidelity({ listOrder: "sorted" });
    expect(await names()).toEqual(["A", "B", "Production"]);
  });

  it("conditionlessRules: only a trailing percentage rule by default; anywhere when switched", async () => {
    emu = await start();
    const w = await world(emu);
    const id = await flag(emu, w.configId, "f");
    const body = { defaultValue: { boolValue: false }, targetingRules: [{ conditions: [], value: { boolValue: true } }, RULE] };
    const refused = await call(emu, "PUT", v2Path(w.environmentId, id), body);
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.json)).toEqual(["targetingRules[0].conditions"]);
    await fidelity({ conditionlessRules: "anywhere" });
    expect((await must(emu, 200, "PUT", v2Path(w.environmentId, id), body)).targetingRules[0]).toMatchObject({ conditions: [], value: { boolValue: true } });
  });

  it("bulkResponse: the bulk POST answers every flag by default, only the listed ones when switched", async () => {
    emu = await start();
    const w = await world(emu);
    const a = await flag(emu, w.configId, "a");
    await flag(emu, w.configId, "b");
    const post = async (): Promise<number> => (await must(emu, 200, "POST", `/v2/configs/${w.configId}/environments/${w.environmentId}/values`, { updateFormulas: [{ settingId: a, defaultValue: { boolValue: true } }] })).settingFormulas.length;
    expect(await post()).toBe(2);
    await fidelity({ bulkResponse: "listed" });
    expect(await post()).toBe(1);
  });

  it("errorBodies: ModelState JSON by default, the bare message as text when switched", async () => {
    emu = await start();
    const w = await world(emu);
    await flag(emu, w.configId, "dup");
    const dup = { key: "dup", name: "d", settingType: "boolean" };
    expect((await call(emu, "POST", `/v1/configs/${w.configId}/settings`, dup)).json).toEqual({ key: ["This key is already in use. Please, choose another"] });
    await fidelity({ errorBodies: "text" });
    const r = await call(emu, "POST", `/v1/configs/${w.configId}/settings`, dup);
    expect(r).toMatchObject({ status: 400, text: "This key is already in use. Please, choose another" });
    expect(r.headers["content-type"]).toMatch(/^text\/plain/);
  });

  it("deleteInUse: a segment or prerequisite flag in use is refused by default; cascade removes the references", async () => {
    emu = await start();
    const w = await world(emu);
    const seg = await must(emu, 201, "POST", `/v1/products/${w.productId}/segments`, { name: "S", comparisonAttribute: "Email", comparator: "contains", comparisonValue: "@x.com" });
    const pre = await flag(emu, w.configId, "pre");
    const id = await flag(emu, w.configId, "f");
    await must(emu, 200, "PUT", v2Path(w.environmentId, id), {
      defaultValue: { boolValue: false },
      targetingRules: [
        { conditions: [{ segmentCondition: { segmentId: seg.segmentId, comparator: "isIn" } }], value: { boolValue: true } },
        { conditions: [{ prerequisiteFlagCondition: { prerequisiteSettingId: pre, comparator: "equals", prerequisiteComparisonValue: { boolValue: true } } }, RULE.conditions[0]], value: { boolValue: true } },
      ],
    });
    expect((await call(emu, "DELETE", `/v1/segments/${seg.segmentId}`)).status).toBe(400);
    expect((await call(emu, "DELETE", `/v1/settings/${pre}`)).status).toBe(400);
    expect((await must(emu, 200, "GET", `/v1/products/${w.productId}/segments`))[0].usage).toBe(1);
    await fidelity({ deleteInUse: "cascade" });
    expect((await call(emu, "DELETE", `/v1/segments/${seg.segmentId}`)).status).toBe(204);
    expect((await call(emu, "DELETE", `/v1/settings/${pre}`)).status).toBe(204);
    const rules = (await must(emu, 200, "GET", v2Path(w.environmentId, id))).targetingRules;
    expect(rules).toHaveLength(1);
    expect(rules[0].conditions).toHaveLength(1);
    expect(rules[0].conditions[0].userCondition.comparisonAttribute).toBe("Email");
  });

  it("defaultEvaluationVersion: a config created without one is v1 by default, v2 when switched", async () => {
    emu = await start();
    const w = await world(emu);
    expect((await must(emu, 201, "POST", `/v1/products/${w.productId}/configs`, { name: "x" })).evaluationVersion).toBe("v1");
    await fidelity({ defaultEvaluationVersion: "v2" });
    expect((await must(emu, 201, "POST", `/v1/products/${w.productId}/configs`, { name: "y" })).evaluationVersion).toBe("v2");
  });

  it("noopPut: a PUT that changes nothing keeps lastVersionId by default, makes a new one when switched", async () => {
    emu = await start();
    const w = await world(emu);
    const id = await flag(emu, w.configId, "f");
    const body = { defaultValue: { boolValue: true } };
    const first = await must(emu, 200, "PUT", v2Path(w.environmentId, id), body);
    expect((await must(emu, 200, "PUT", v2Path(w.environmentId, id), body)).lastVersionId).toBe(first.lastVersionId);
    await fidelity({ noopPut: "bump" });
    expect((await must(emu, 200, "PUT", v2Path(w.environmentId, id), body)).lastVersionId).not.toBe(first.lastVersionId);
  });

  it("patchEndOfArray: `remove /tags/-` removes the last tag by default (ASP.NET JsonPatch), 400 under RFC 6901", async () => {
    emu = await start();
    const w = await world(emu);
    const t1 = await must(emu, 201, "POST", `/v1/products/${w.productId}/tags`, { name: "t1" });
    const t2 = await must(emu, 201, "POST", `/v1/products/${w.productId}/tags`, { name: "t2" });
    const id = await flag(emu, w.configId, "f", "boolean", { tags: [t1.tagId, t2.tagId] });
    const removeDash = [{ op: "remove", path: "/tags/-" }];
    expect((await must(emu, 200, "PATCH", `/v1/settings/${id}`, removeDash)).tags.map((t: { tagId: number }) => t.tagId)).toEqual([t1.tagId]);
    await fidelity({ patchEndOfArray: "rfc" });
    expect((await call(emu, "PATCH", `/v1/settings/${id}`, removeDash)).json).toEqual({ "[0]": [expect.stringContaining("not an array index")] });
  });

  it("newProductContents: a new product is empty by default; with defaults it has a Main Config and Test/Production", async () => {
    emu = await start();
    const empty = await must(emu, 201, "POST", `/v1/organizations/${orgId(emu)}/products`, { name: "P" });
    expect(await must(emu, 200, "GET", `/v1/products/${empty.productId}/configs`)).toEqual([]);
    expect(await must(emu, 200, "GET", `/v1/products/${empty.productId}/environments`)).toEqual([]);
    await fidelity({ newProductContents: "defaults", defaultEvaluationVersion: "v2" });
    const p = await must(emu, 201, "POST", `/v1/organizations/${orgId(emu)}/products`, { name: "Q" });
    const configs = await must(emu, 200, "GET", `/v1/products/${p.productId}/configs`);
    expect(configs.map((c: { name: string; evaluationVersion: string }) => [c.name, c.evaluationVersion])).toEqual([["Main Config", "v2"]]);
    const envs = await must(emu, 200, "GET", `/v1/products/${p.productId}/environments`);
    expect(envs.map((e: { name: string }) => e.name)).toEqual(["Test", "Production"]);
    expect((await must(emu, 200, "GET", `/v1/configs/${configs[0].configId}/environments/${envs[1].environmentId}`)).primary).toMatch(/^configcat-sdk-1\//);
  });

  it("wrongVersionStatus: a V1 value endpoint on a V2 config is 400 by default, 404 when switched", async () => {
    emu = await start();
    const w = await world(emu);
    const id = await flag(emu, w.configId, "f");
    const v1 = `/v1/environments/${w.environmentId}/settings/${id}/value`;
    expect(Object.keys((await call(emu, "GET", v1)).json)).toEqual(["evaluationVersion"]);
    expect((await call(emu, "PUT", v1, { value: true })).status).toBe(400);
    await fidelity({ wrongVersionStatus: 404 });
    expect((await call(emu, "GET", v1)).status).toBe(404);
    expect((await call(emu, "POST", `/v1/configs/${w.configId}/environments/${w.environmentId}/values`, { settingValues: [] })).status).toBe(404);
  });

  it("badSdkKeyStatus: a missing or unknown X-CONFIGCAT-SDKKEY is 400 by default, 401 or 404 when switched", async () => {
    emu = await start();
    await world(emu);
    const unknown = { headers: { "x-configcat-sdkkey": "configcat-sdk-1/nope/nope" } };
    expect(await call(emu, "GET", "/v2/settings/f/value")).toMatchObject({ status: 400, json: { "X-CONFIGCAT-SDKKEY": [expect.any(String)] } });
    expect((await call(emu, "GET", "/v2/settings/f/value", undefined, unknown)).status).toBe(400);
    await fidelity({ badSdkKeyStatus: 404 });
    expect((await call(emu, "GET", "/v2/settings/f/value", undefined, unknown)).status).toBe(404);
    await fidelity({ badSdkKeyStatus: 401 });
    expect((await call(emu, "GET", "/v2/settings/f/value")).status).toBe(401);
  });

  it("accessRefusals: refusals (also by SDK key) use no quota by default; counted after the limiter when switched", async () => {
    const A = "08d00000-0000-4000-8000-0000000000a1";
    const B = "08d00000-0000-4000-8000-0000000000b2";
    emu = await start({
      organizations: [{ organizationId: A, name: "A" }, { organizationId: B, name: "B" }],
      users: [{ username: "a", password: "pa", organizationIds: [A] }, { username: "b", password: "pb", organizationIds: [B] }],
      limits: { perSecond: 0, perMinute: 0 },
    });
    const asA = { auth: basic("a", "pa") };
    const asB = { auth: basic("b", "pb") };
    const p = await must(emu, 201, "POST", `/v1/organizations/${B}/products`, { name: "B's" }, asB);
    const c = await must(emu, 201, "POST", `/v1/products/${p.productId}/configs`, { name: "C", evaluationVersion: "v2" }, asB);
    const e = await must(emu, 201, "POST", `/v1/products/${p.productId}/environments`, { name: "E" }, asB);
    await must(emu, 201, "POST", `/v1/configs/${c.configId}/settings`, { key: "f", name: "f", settingType: "boolean" }, asB);
    const keys = await must(emu, 200, "GET", `/v1/configs/${c.configId}/environments/${e.environmentId}`, undefined, asB);
    const sdk = { ...asA, headers: { "x-configcat-sdkkey": keys.primary } };
    // B's SDK key used by A is answered like an unknown key, before the limiter.
    const unknownKey = await call(emu, "GET", "/v2/settings/f/value", undefined, { ...asA, headers: { "x-configcat-sdkkey": "configcat-sdk-1/nope/nope" } });
    await must(emu, 200, "PUT", "/__admin/limits", { perSecond: 1, perMinute: 0 });
    const refused = await call(emu, "GET", "/v2/settings/f/value", undefined, sdk);
    expect(refused).toMatchObject({ status: unknownKey.status, json: unknownKey.json });
    expect((await call(emu, "GET", `/v1/configs/${c.configId}`, undefined, asA)).status).toBe(404);
    expect((await call(emu, "GET", "/v2/settings/f/value", undefined, sdk)).status).toBe(400);
    await fidelity({ accessRefusals: "afterLimit" });
    await must(emu, 200, "PUT", "/__admin/limits", { perSecond: 1, perMinute: 0 });
    expect((await call(emu, "GET", `/v1/configs/${c.configId}`, undefined, asA)).status).toBe(404);
    expect((await call(emu, "GET", `/v1/configs/${c.configId}`, undefined, asA)).status).toBe(429);
  });

  it("reasonRequiredStatus / approvalRequiredStatus: 400 by default, 403 or 409 when switched", async () => {
    emu = await start();
    const w = await world(emu);
    const id = await flag(emu, w.configId, "f");
    const body = { defaultValue: { boolValue: true } };
    await must(emu, 200, "POST", `/v1/products/${w.productId}/preferences`, { reasonRequired: true });
    expect(await call(emu, "PUT", v2Path(w.environmentId, id), body)).toMatchObject({ status: 400, json: { reason: ["Reason required"] } });
    await fidelity({ reasonRequiredStatus: 403 });
    expect((await call(emu, "PUT", v2Path(w.environmentId, id), body)).status).toBe(403);
    await must(emu, 200, "POST", `/v1/products/${w.productId}/preferences`, { reasonRequired: false, approveRequired: true });
    expect(await call(emu, "PUT", v2Path(w.environmentId, id), body)).toMatchObject({ status: 400, json: { bypassApproval: ["Approval required."] } });
    await fidelity({ approvalRequiredStatus: 409 });
    expect((await call(emu, "PUT", v2Path(w.environmentId, id), body)).status).toBe(409);
    await must(emu, 200, "PUT", `${v2Path(w.environmentId, id)}?bypassApproval=true`, body);
  });

  it("bulkLatestVersionId: ignored on the bulk endpoint by default; honoured (409 unless every listed flag is at it) when switched", async () => {
    emu = await start();
    const w = await world(emu);
    const id = await flag(emu, w.configId, "f");
    const current = (await must(emu, 200, "GET", v2Path(w.environmentId, id))).lastVersionId;
    const bulk = (version: string, value: boolean): ReturnType<typeof call> =>
      call(emu, "POST", `/v2/configs/${w.configId}/environments/${w.environmentId}/values?latestVersionId=${version}`, { updateFormulas: [{ settingId: id, defaultValue: { boolValue: value } }] });
    expect((await bulk("08d00000-0000-4000-8000-000000000000", true)).status).toBe(200);
    await fidelity({ bulkLatestVersionId: "honour" });
    expect((await bulk(current, false)).status).toBe(409); // the first bulk write made a new version
    const now = (await must(emu, 200, "GET", v2Path(w.environmentId, id))).lastVersionId;
    expect((await bulk(now, false)).status).toBe(200);
  });

  it("bulkInvalidItems: one invalid item refuses the whole bulk POST by default; only itself when switched", async () => {
    emu = await start();
    const w = await world(emu);
    const a = await flag(emu, w.configId, "a");
    const b = await flag(emu, w.configId, "b");
    const post = (): ReturnType<typeof call> => call(emu, "POST", `/v2/configs/${w.configId}/environments/${w.environmentId}/values`, {
      updateFormulas: [{ settingId: a, defaultValue: { boolValue: true } }, { settingId: 999_999, defaultValue: { boolValue: true } }, { settingId: b, defaultValue: { intValue: 1 } }],
    });
    const served = async (id: number): Promise<boolean> => (await must(emu, 200, "GET", v2Path(w.environmentId, id))).defaultValue.boolValue;
    const refused = await post();
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.json)).toEqual(["updateFormulas[1].settingId"]); // the first invalid item
    expect(await served(a)).toBe(false);
    await fidelity({ bulkInvalidItems: "applyOthers" });
    const partial = await post();
    expect(partial.status).toBe(400);
    expect(Object.keys(partial.json)).toEqual(["updateFormulas[1].settingId", expect.stringMatching(/^updateFormulas\[2\]\.defaultValue/)]);
    expect(await served(a)).toBe(true);
    expect(await served(b)).toBe(false);
  });

  it("refuses unknown switches and values", async () => {
    emu = await start();
    expect((await call(emu, "PUT", "/__admin/fidelity", { hal: "maybe" })).status).toBe(400);
    expect((await call(emu, "PUT", "/__admin/fidelity", { nope: true })).status).toBe(400);
  });
});
