import { errors, request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningConfigCatEmulator } from "../../../emulator";
import { call, flag, must, start, world, type World } from "./helpers";

/*
 * The bulk value endpoints (`POST /v2|v1/configs/{configId}/environments/{environmentId}/values`, reference §4.10–4.11):
 * only the listed flags change, each fully replaced; the same note, approval and version rules as a single value PUT;
 * counted, limited and faulted like every route, per method + path template.
 */

let emu: RunningConfigCatEmulator;
afterEach(async () => {
  await emu?.stop();
});

const bulkPath = (w: World, query = ""): string => `/v2/configs/${w.configId}/environments/${w.environmentId}/values${query}`;
const v2Path = (environmentId: string, settingId: number): string => `/v2/environments/${environmentId}/settings/${settingId}/value`;
const served = async (w: World, id: number): Promise<boolean> => (await must(emu, 200, "GET", v2Path(w.environmentId, id))).defaultValue.boolValue;

describe("bulk V2 value POST", () => {
  it("replaces each listed flag in full, leaves the others alone, and answers ConfigSettingFormulasModel", async () => {
    emu = await start();
    const w = await world(emu);
    const a = await flag(emu, w.configId, "a");
    const b = await flag(emu, w.configId, "b");
    const c = await flag(emu, w.configId, "c");
    const rule = { conditions: [{ userCondition: { comparisonAttribute: "Email", comparator: "textEquals", comparisonValue: { stringValue: "x" } } }], value: { boolValue: true } };
    await must(emu, 200, "PUT", v2Path(w.environmentId, a), { defaultValue: { boolValue: false }, targetingRules: [rule], percentageEvaluationAttribute: "Email" });
    await must(emu, 200, "PUT", v2Path(w.environmentId, c), { defaultValue: { boolValue: true }, targetingRules: [rule] });
    const r = await must(emu, 200, "POST", bulkPath(w), {
      updateFormulas: [{ settingId: a, defaultValue: { boolValue: true } }, { settingId: b, defaultValue: { boolValue: true }, targetingRules: [rule] }],
    });
    expect(r).toMatchObject({ config: { configId: w.configId }, environment: { environmentId: w.environmentId }, readOnly: false });
    const byId = new Map<number, { defaultValue: { boolValue: boolean }; targetingRules: unknown[]; percentageEvaluationAttribute: string | null; lastVersionId: string }>(
      r.settingFormulas.map((f: { setting: { settingId: number } }) => [f.setting.settingId, f]));
    // a: a full replace, so the omitted rules and percentage attribute are cleared.
    expect(byId.get(a)).toMatchObject({ defaultValue: { boolValue: true }, targetingRules: [], percentageEvaluationAttribute: null });
    expect(byId.get(b)?.targetingRules).toHaveLength(1);
    // c was not listed: unchanged.
    expect(byId.get(c)).toMatchObject({ defaultValue: { boolValue: true }, targetingRules: [expect.anything()] });
    // Each answer item is the flag's value as a single GET shows it.
    expect((await must(emu, 200, "GET", v2Path(w.environmentId, a))).lastVersionId).toBe(byId.get(a)?.lastVersionId);
  });

  it("refuses an unknown settingId, or one of another config, with a 400 naming the item, and stores nothing", async () => {
    emu = await start();
    const w = await world(emu);
    const a = await flag(emu, w.configId, "a");
    const other = await must(emu, 201, "POST", `/v1/products/${w.productId}/configs`, { name: "Other", evaluationVersion: "v2" });
    const foreign = await flag(emu, other.configId, "foreign");
    for (const bad of [999_999, foreign]) {
      const r = await call(emu, "POST", bulkPath(w), { updateFormulas: [{ settingId: a, defaultValue: { boolValue: true } }, { settingId: bad, defaultValue: { boolValue: true } }] });
      expect(r).toMatchObject({ status: 400, json: { "updateFormulas[1].settingId": ["Setting not found."] } });
      expect(await served(w, a)).toBe(false);
    }
    // A bad formula is keyed by its item too.
    const r = await call(emu, "POST", bulkPath(w), { updateFormulas: [{ settingId: a, defaultValue: { stringValue: "x" } }] });
    expect(r.status).toBe(400);
    expect(Object.keys(r.json)[0]).toMatch(/^updateFormulas\[0\]\.defaultValue/);
    expect((await call(emu, "POST", bulkPath(w), {})).json.settingFormulas).toHaveLength(1); // nothing listed, nothing changed
  });

  it("applies the mandatory note and approval rules of a single PUT, and writes one audit entry per changed flag", async () => {
    emu = await start();
    const w = await world(emu);
    const a = await flag(emu, w.configId, "a");
    const b = await flag(emu, w.configId, "b");
    const body = { updateFormulas: [{ settingId: a, defaultValue: { boolValue: true } }, { settingId: b, defaultValue: { boolValue: false } }] };
    await must(emu, 200, "POST", `/v1/products/${w.productId}/preferences`, { reasonRequired: true });
    expect(await call(emu, "POST", bulkPath(w), body)).toMatchObject({ status: 400, json: { reason: ["Reason required"] } });
    await must(emu, 200, "POST", `/v1/products/${w.productId}/preferences`, { reasonRequired: false, approveRequired: true });
    expect(await call(emu, "POST", bulkPath(w), body)).toMatchObject({ status: 400, json: { bypassApproval: ["Approval required."] } });
    expect(await served(w, a)).toBe(false);
    await must(emu, 200, "POST", bulkPath(w, "?reason=rollout&bypassApproval=true"), body);
    expect(await served(w, a)).toBe(true);
    // b already served false: no change, no entry.
    const log = await must(emu, 200, "GET", `/v2/products/${w.productId}/auditlogs`);
    expect(log.data.map((e: { actionTarget: string; why: string }) => [e.actionTarget, e.why])).toEqual([["a", "rollout"]]);
  });

  it("is refused on a V1 config, and the V1 bulk endpoint on a V2 config", async () => {
    emu = await start();
    const w = await world(emu);
    const a = await flag(emu, w.configId, "a");
    expect((await call(emu, "POST", `/v1/configs/${w.configId}/environments/${w.environmentId}/values`, { settingValues: [{ settingId: a, value: true }] })).status).toBe(400);
    const v1 = await world(emu, "v1");
    const old = await flag(emu, v1.configId, "old");
    expect((await call(emu, "POST", bulkPath(v1), { updateFormulas: [{ settingId: old, defaultValue: { boolValue: true } }] })).status).toBe(400);
  });

  it("is counted and rate limited per method + path template: writes to two configs share one window", async () => {
    emu = await start();
    const w = await world(emu);
    const other = await must(emu, 201, "POST", `/v1/products/${w.productId}/configs`, { name: "Other", evaluationVersion: "v2" });
    const a = await flag(emu, w.configId, "a");
    const b = await flag(emu, other.configId, "b");
    await must(emu, 200, "PUT", "/__admin/limits", { perSecond: 1, perMinute: 0 });
    emu.resetStats();
    expect((await call(emu, "POST", bulkPath(w), { updateFormulas: [{ settingId: a, defaultValue: { boolValue: true } }] })).status).toBe(200);
    const limited = await call(emu, "POST", bulkPath({ ...w, configId: other.configId }), { updateFormulas: [{ settingId: b, defaultValue: { boolValue: true } }] });
    expect(limited.status).toBe(429);
    expect(limited.headers["retry-after"]).toBe("1");
    // The single-value PUT is another endpoint with its own window.
    expect((await call(emu, "PUT", v2Path(w.environmentId, a), { defaultValue: { boolValue: false } })).status).toBe(200);
    expect(emu.stats().byRoute).toEqual({
      "POST /v2/configs/:configId/environments/:environmentId/values": 2,
      "PUT /v2/environments/:environmentId/settings/:settingId/value": 1,
    });
  });

  it("applies a write whose answer is dropped, and its replay changes nothing more (a full replace)", async () => {
    emu = await start();
    const w = await world(emu);
    const a = await flag(emu, w.configId, "a");
    await must(emu, 200, "PUT", "/__admin/faults", { rateDropAfterWrite: 1 });
    const body = JSON.stringify({ updateFormulas: [{ settingId: a, defaultValue: { boolValue: true } }] });
    const dropped = request(`${emu.url}${bulkPath(w)}`, { method: "POST", headers: { authorization: emu.authorization, "content-type": "application/json" }, body });
    await expect(dropped).rejects.toBeInstanceOf(errors.SocketError);
    await must(emu, 200, "PUT", "/__admin/faults", {});
    const applied = await must(emu, 200, "GET", v2Path(w.environmentId, a));
    expect(applied.defaultValue.boolValue).toBe(true);
    const replay = await must(emu, 200, "POST", bulkPath(w), JSON.parse(body));
    expect(replay.settingFormulas[0].lastVersionId).toBe(applied.lastVersionId);
    expect((await must(emu, 200, "GET", `/v2/products/${w.productId}/auditlogs`)).paging.totalCount).toBe(1);
  });
});
