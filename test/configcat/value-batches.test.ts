// Coalesced V2 value writes (design §1.4 `batchValueWrites`): grouping, the 100-flag cap, the per-flag fallback after a
// refused batch, replays after 5xx and dropped answers, and the switch.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { VALUE_BATCH_MAX, VALUE_BATCH_WINDOW_MS, type ConfigCatClient } from "../../provider/configcat/api";
import { configureConfigCat } from "../../provider/configcat/config";
import { settingValueProvider, type SettingValueInputs } from "../../provider/configcat/resources/setting-value-provider";
import { checked, configureProviders, startConfigCat, type ConfigCatFixture } from "./fixture";

let fx: ConfigCatFixture;
afterEach(async () => fx?.stop());

const BULK = "POST /v2/configs/:configId/environments/:environmentId/values";
const PUT = "PUT /v2/environments/:environmentId/settings/:settingId/value";
const routes = () => fx.emu.stats().byRoute;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A product with one V2 config, `environments` environments and `flags` boolean flags (made as the Dashboard would). */
async function world(flags: number, environments = 1) {
  const product = await fx.api<{ productId: string }>("POST", `/v1/organizations/${fx.organizationId}/products`, { name: "P" });
  const config = await fx.api<{ configId: string }>("POST", `/v1/products/${product.productId}/configs`, { name: "C", evaluationVersion: "v2" });
  const envs: string[] = [];
  for (let e = 0; e < environments; e++) envs.push((await fx.api<{ environmentId: string }>("POST", `/v1/products/${product.productId}/environments`, { name: `E${e}` })).environmentId);
  const ids: number[] = [];
  for (let i = 0; i < flags; i++) ids.push((await fx.api<{ settingId: number }>("POST", `/v1/configs/${config.configId}/settings`, { key: `f${i}`, name: `f${i}`, settingType: "boolean" })).settingId);
  fx.emu.resetStats();
  return { productId: product.productId, configId: config.configId, environmentIds: envs, settingIds: ids };
}

const served = async (environmentId: string, settingId: number) =>
  (await fx.api<{ defaultValue: { boolValue: boolean } }>("GET", `/v2/environments/${environmentId}/settings/${settingId}/value`)).defaultValue.boolValue;
const on = { defaultValue: { boolValue: true }, targetingRules: [] };

describe("batched value writes (client)", () => {
  let client: ConfigCatClient;
  beforeEach(async () => {
    fx = await startConfigCat();
    client = fx.client({ retryBaseDelayMs: 1, retryMaxDelayMs: 5 });
  });

  it("groups by config × environment, note and approval flag, at most 100 flags a POST, each caller getting its own flag", async () => {
    const w = await world(2 * VALUE_BATCH_MAX + 1, 2);
    const [e0, e1] = w.environmentIds as [string, string];
    const ids = w.settingIds;
    const writes = [
      ...ids.map((id) => client.values.replaceBatched(w.configId, e0, id, on, { reason: "r" })), // 201 flags: 100 + 100 + 1
      ...ids.slice(0, 3).map((id) => client.values.replaceBatched(w.configId, e1, id, on, { reason: "r" })), // another environment
      ...ids.slice(0, 2).map((id) => client.values.replaceBatched(w.configId, e1, id, on, { reason: "other" })), // another note
      ...ids.slice(3, 5).map((id) => client.values.replaceBatched(w.configId, e1, id, on, { reason: "r", bypassApproval: true })), // bypass
    ];
    const answers = await Promise.all(writes);
    expect(answers.map((a) => a.setting.settingId)).toEqual([...ids, ...ids.slice(0, 3), ...ids.slice(0, 2), ...ids.slice(3, 5)]);
    expect(answers.every((a) => a.defaultValue.boolValue === true && typeof a.lastVersionId === "string")).toBe(true);
    // e0: 100 + 100 + 1 (a batch of one is the PUT); e1: one POST per (note, approval flag).
    expect(routes()).toEqual({ [BULK]: 2 + 3, [PUT]: 1 });
    const posts = fx.emu.app.stats.requests().filter((r) => r.method === "POST");
    expect(posts.filter((r) => r.path.includes(e0))).toHaveLength(2);
    expect(posts.map((r) => r.query ?? "").sort()).toEqual(["reason=other", "reason=r", "reason=r", "reason=r", "reason=r&bypassApproval=true"]);
    for (const id of ids) expect(await served(e0, id)).toBe(true);
    expect(await served(e1, ids[5]!)).toBe(false);
  });

  it("sends writes further apart than the window, or with latestVersionId, alone", async () => {
    const w = await world(3);
    const e = w.environmentIds[0]!;
    await client.values.replaceBatched(w.configId, e, w.settingIds[0]!, on);
    await sleep(VALUE_BATCH_WINDOW_MS * 3);
    await client.values.replaceBatched(w.configId, e, w.settingIds[1]!, on);
    expect(routes()).toEqual({ [PUT]: 2 });
    const latest = (await client.values.get(e, w.settingIds[2]!)).lastVersionId!;
    fx.emu.resetStats();
    await Promise.all([
      client.values.replaceBatched(w.configId, e, w.settingIds[2]!, on, { latestVersionId: latest }),
      client.values.replaceBatched(w.configId, e, w.settingIds[0]!, { ...on, defaultValue: { boolValue: false } }),
    ]);
    expect(routes()).toEqual({ [PUT]: 2 });
  });

  it("after a refused batch writes each flag with its own PUT: only the bad flag fails, with the server's reason", async () => {
    const w = await world(3);
    const e = w.environmentIds[0]!;
    const [a, b, c] = w.settingIds as [number, number, number];
    const results = await Promise.allSettled([
      client.values.replaceBatched(w.configId, e, a, on),
      client.values.replaceBatched(w.configId, e, b, { defaultValue: { intValue: 1 }, targetingRules: [] }),
      client.values.replaceBatched(w.configId, e, c, on),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const error = (results[1] as PromiseRejectedResult).reason as Error;
    expect(error.message).toContain("replace flag value failed");
    expect(error.message).toContain("(PUT /v2/environments/{environmentId}/settings/{settingId}/value)");
    expect(error.message).toContain("400");
    expect(error.message).toMatch(/defaultValue/);
    expect(routes()).toEqual({ [BULK]: 1, [PUT]: 3 });
    expect([await served(e, a), await served(e, b), await served(e, c)]).toEqual([true, false, true]);
  });

  it("replays a batch after 503s and dropped answers (a full replace), without falling back to PUTs", async () => {
    const w = await world(40);
    const e = w.environmentIds[0]!;
    await fx.admin("PUT", "/faults", { rate503: 0.3, rateDropAfterWrite: 0.3, seed: 4 });
    const answers = await Promise.all(w.settingIds.map((id) => client.values.replaceBatched(w.configId, e, id, on)));
    await fx.admin("PUT", "/faults", {});
    expect(answers.map((a) => a.setting.settingId)).toEqual(w.settingIds);
    const log = fx.emu.app.stats.requests().filter((r) => r.method !== "GET");
    expect(log.every((r) => r.route === BULK)).toBe(true);
    // The batch was applied and its answer dropped, then met 503s, and was sent again until answered (seed 4).
    expect(log.map((r) => r.fault ?? r.status)).toEqual(["drop-after-write", "503", "503", 200]);
    expect(log.filter((r) => r.status === 200)).toHaveLength(1);
    for (const id of w.settingIds) expect(await served(e, id)).toBe(true);
    // Each flag's value changed once: replays of a full replace write nothing new.
    const audit = await fx.api<{ paging: { totalCount: number } }>("GET", `/v2/products/${w.productId}/auditlogs?pageSize=100`);
    expect(audit.paging.totalCount).toBe(40);
  });
});

describe("batched value writes (SettingValue)", () => {
  beforeEach(async () => {
    fx = await startConfigCat();
    configureProviders(fx);
  });

  const create = async (environmentId: string, settingId: number, extra: Record<string, unknown> = {}) =>
    settingValueProvider.create(await checked<SettingValueInputs>(settingValueProvider, { environmentId, settingId, value: true, ...extra }));

  it("a refused batch names the flag at fault; the other flags are written", async () => {
    const w = await world(3);
    const e = w.environmentIds[0]!;
    const [a, b, c] = w.settingIds as [number, number, number];
    const missingSegment = { conditions: [{ segment: { segmentId: "08d00000-0000-4000-8000-0000000000ff", comparator: "isIn" } }], value: true };
    const results = await Promise.allSettled([create(e, a), create(e, b, { targetingRules: [missingSegment] }), create(e, c)]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(((results[1] as PromiseRejectedResult).reason as Error).message).toContain(`writing the value of flag ${b} in environment ${e}`);
    expect(routes()[BULK]).toBe(1);
    expect([await served(e, a), await served(e, b), await served(e, c)]).toEqual([true, false, true]);
  });

  it("configcat:batchValueWrites false (or CONFIGCAT_BATCH_VALUE_WRITES=false) sends one PUT per value", async () => {
    const w = await world(4);
    const e = w.environmentIds[0]!;
    await Promise.all(w.settingIds.slice(0, 2).map((id) => create(e, id)));
    expect(routes()[BULK]).toBe(1);
    const config: Record<string, string> = {
      "configcat:serverUrl": fx.emu.url, "configcat:basicAuthUsername": fx.emu.credentials.username,
      "configcat:basicAuthPassword": fx.emu.credentials.password, "configcat:batchValueWrites": "false",
    };
    configureConfigCat({ get: (key: string) => config[key] } as never);
    fx.emu.resetStats();
    await Promise.all(w.settingIds.slice(2).map((id) => create(e, id)));
    expect(routes()[BULK]).toBeUndefined();
    expect(routes()[PUT]).toBe(2);
  });
});
