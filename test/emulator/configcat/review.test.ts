import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningConfigCatEmulator } from "../../../emulator";
import { parseConfigCatArgs } from "../../../emulator/configcat/main";
import { basic, call, flag, must, start, world } from "./helpers";

/*
 * Regression tests for the review of the ConfigCat emulator (D1–D3 and the low-severity findings). Each
 * one failed before its fix.
 */

let emu: RunningConfigCatEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

const v1Path = (environmentId: string, settingId: number): string => `/v1/environments/${environmentId}/settings/${settingId}/value`;
const v2Path = (environmentId: string, settingId: number): string => `/v2/environments/${environmentId}/settings/${settingId}/value`;
const RULE = { conditions: [{ userCondition: { comparisonAttribute: "Email", comparator: "textEquals", comparisonValue: { stringValue: "a" } } }], value: { boolValue: true } };

describe("D1: the emulator never writes a state it refuses to load", () => {
  it("refuses isJson on a flag whose values are not JSON, naming the environment; accepts it once they are", async () => {
    emu = await start();
    const w = await world(emu);
    const id = await flag(emu, w.configId, "text", "string");
    const on = [{ op: "replace", path: "/isJson", value: true }];
    const refused = await call(emu, "PATCH", `/v1/settings/${id}`, on);
    expect(refused.status).toBe(400);
    expect(refused.json.isJson[0]).toContain("Production");
    expect((await call(emu, "PUT", `/v1/settings/${id}`, { name: "text", isJson: true })).status).toBe(400);
    expect((await must(emu, 200, "GET", `/v1/settings/${id}`)).isJson).toBe(false);
    await must(emu, 200, "PUT", v2Path(w.environmentId, id), { defaultValue: { stringValue: "{\"a\":1}" } });
    expect((await must(emu, 200, "PATCH", `/v1/settings/${id}`, on)).isJson).toBe(true);
  });

  it("gives a new isJson flag without initial values a JSON default", async () => {
    emu = await start();
    const w = await world(emu);
    const id = await flag(emu, w.configId, "doc", "string", { isJson: true });
    const v = await must(emu, 200, "GET", v2Path(w.environmentId, id));
    expect(() => JSON.parse(v.defaultValue.stringValue)).not.toThrow();
    // An unrelated value PATCH on it works (it failed on the invalid default before).
    await must(emu, 200, "PATCH", v2Path(w.environmentId, id), [{ op: "add", path: "/percentageEvaluationAttribute", value: "Email" }]);
  });

  it("saves, restarts with default switches and loads what it wrote; GET state → PUT state round-trips", async () => {
    const dir = mkdtempSync(join(tmpdir(), "configcat-review-"));
    const stateFile = join(dir, "state.json");
    try {
      emu = await start({ stateFile, fidelity: { conditionlessRules: "anywhere" } });
      const w = await world(emu);
      const b = await flag(emu, w.configId, "b");
      await flag(emu, w.configId, "doc", "string", { isJson: true });
      const text = await flag(emu, w.configId, "text", "string");
      await call(emu, "PATCH", `/v1/settings/${text}`, [{ op: "replace", path: "/isJson", value: true }]);
      await must(emu, 200, "PUT", v2Path(w.environmentId, b), { defaultValue: { boolValue: false }, targetingRules: [{ conditions: [], value: { boolValue: true } }, RULE] });
      await emu.stop();
      emu = await start({ stateFile });
      expect((await must(emu, 200, "GET", v2Path(w.environmentId, b))).targetingRules).toHaveLength(2);
      const state = await must(emu, 200, "GET", "/__admin/state");
      expect(await must(emu, 200, "PUT", "/__admin/state", state)).toEqual({ ok: true });
      await must(emu, 200, "PATCH", v2Path(w.environmentId, text), [{ op: "add", path: "/percentageEvaluationAttribute", value: "Email" }]);
      // Writes still follow the switch in force: the conditionless first rule is refused by default.
      expect((await call(emu, "PUT", v2Path(w.environmentId, b), { defaultValue: { boolValue: false }, targetingRules: [{ conditions: [], value: { boolValue: true } }, RULE] })).status).toBe(400);
    } finally {
      await emu?.stop();
      emu = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("D2: JSON Patch paths outside the writable representation → 400", () => {
  it("refuses unknown members at every depth of V2 and V1 values, keyed by their path", async () => {
    emu = await start();
    const w = await world(emu);
    const id = await flag(emu, w.configId, "f");
    await must(emu, 200, "PUT", v2Path(w.environmentId, id), { defaultValue: { boolValue: false }, targetingRules: [RULE] });
    const patch = (ops: unknown): Promise<{ status: number; json: Record<string, string[]> }> => call(emu!, "PATCH", v2Path(w.environmentId, id), ops);
    expect(await patch([{ op: "add", path: "/bogus", value: 1 }])).toMatchObject({ status: 400, json: { bogus: ["The member 'bogus' cannot be patched."] } });
    expect(await patch([{ op: "add", path: "/targetingRules/0/bogus", value: 1 }])).toMatchObject({ status: 400, json: { "targetingRules[0].bogus": ["The member 'bogus' cannot be patched."] } });
    expect(await patch([{ op: "add", path: "/targetingRules/0/conditions/0/userCondition/x", value: 1 }])).toMatchObject({ status: 400, json: { "targetingRules[0].conditions[0].userCondition.x": [expect.any(String)] } });
    expect((await patch([{ op: "add", path: "/defaultValue/stringValue", value: "x" }])).status).toBe(400);
    const v1 = await must(emu, 201, "POST", `/v1/products/${w.productId}/configs`, { name: "old", evaluationVersion: "v1" });
    const old = await flag(emu, v1.configId, "old");
    expect(await call(emu, "PATCH", v1Path(w.environmentId, old), [{ op: "add", path: "/percentageRules", value: [] }])).toMatchObject({ status: 400, json: { percentageRules: [expect.any(String)] } });
    // The documented paths still work.
    expect((await must(emu, 200, "PATCH", v1Path(w.environmentId, old), [{ op: "replace", path: "/value", value: true }])).value).toBe(true);
  });

  it("refuses unknown webhook members, top level and in headers", async () => {
    emu = await start();
    const w = await world(emu);
    const hook = await must(emu, 201, "POST", `/v1/configs/${w.configId}/environments/${w.environmentId}/webhooks`, { url: "https://example.com/h", webHookHeaders: [{ key: "a", value: "b" }] });
    expect(await call(emu, "PATCH", `/v1/webhooks/${hook.webhookId}`, [{ op: "add", path: "/bogus", value: 1 }])).toMatchObject({ status: 400, json: { bogus: [expect.any(String)] } });
    expect((await call(emu, "PATCH", `/v1/webhooks/${hook.webhookId}`, [{ op: "add", path: "/webHookHeaders/0/x", value: 1 }])).status).toBe(400);
  });

  it("refuses a value model with two members (boolValue and stringValue)", async () => {
    emu = await start();
    const w = await world(emu);
    const id = await flag(emu, w.configId, "f");
    const r = await call(emu, "PUT", v2Path(w.environmentId, id), { defaultValue: { boolValue: true, stringValue: "x" } });
    expect(r).toMatchObject({ status: 400, json: { defaultValue: ["Invalid default value."] } });
  });
});

describe("D3: secure webhook header values cannot be read back", () => {
  it("hides them from the patch document, keeps them when untouched, and never lists them", async () => {
    emu = await start();
    const w = await world(emu);
    const hook = await must(emu, 201, "POST", `/v1/configs/${w.configId}/environments/${w.environmentId}/webhooks`, {
      url: "https://example.com/h", webHookHeaders: [{ key: "Authorization", value: "s3cr3t-token", isSecure: true }],
    });
    const path = `/v1/webhooks/${hook.webhookId}`;
    const copied = await call(emu, "PATCH", path, [{ op: "copy", from: "/webHookHeaders/0/value", path: "/content" }]);
    expect(copied.text).not.toContain("s3cr3t-token");
    expect((await call(emu, "PATCH", path, [{ op: "test", path: "/webHookHeaders/0/value", value: "s3cr3t-token" }])).status).toBe(400);
    expect(JSON.stringify(await must(emu, 200, "GET", `/v1/products/${w.productId}/webhooks`))).not.toContain("s3cr3t-token");
    // An unrelated edit keeps the stored secret; turning isSecure off without a new value is refused.
    await must(emu, 200, "PATCH", path, [{ op: "replace", path: "/content", value: "c" }]);
    expect(emu.getState().webhooks[0].webHookHeaders[0].value).toBe("s3cr3t-token");
    expect((await call(emu, "PATCH", path, [{ op: "replace", path: "/webHookHeaders/0/isSecure", value: false }])).status).toBe(400);
    await must(emu, 200, "PATCH", path, [{ op: "replace", path: "/webHookHeaders/0/value", value: "new-token" }]);
    expect(emu.getState().webhooks[0].webHookHeaders[0].value).toBe("new-token");
  });
});

describe("low-severity findings", () => {
  it("answers another organization's object exactly like a missing one (body and X-Rate-Limit-* headers)", async () => {
    const A = "08d00000-0000-4000-8000-0000000000a1";
    const B = "08d00000-0000-4000-8000-0000000000b2";
    emu = await start({
      organizations: [{ organizationId: A, name: "A" }, { organizationId: B, name: "B" }],
      users: [{ username: "a", password: "pa", organizationIds: [A] }, { username: "b", password: "pb", organizationIds: [B] }],
      limits: {},
    });
    const p = await must(emu, 201, "POST", `/v1/organizations/${B}/products`, { name: "B's" }, { auth: basic("b", "pb") });
    const c = await must(emu, 201, "POST", `/v1/products/${p.productId}/configs`, { name: "C" }, { auth: basic("b", "pb") });
    const asA = { auth: basic("a", "pa") };
    const foreign = await call(emu, "GET", `/v1/configs/${c.configId}`, undefined, asA);
    const missing = await call(emu, "GET", "/v1/configs/08d00000-0000-4000-8000-000000000999", undefined, asA);
    expect(foreign.status).toBe(404);
    expect(foreign.json).toEqual(missing.json);
    const rl = (h: Record<string, unknown>): unknown[] => [h["x-rate-limit-limit"], h["x-rate-limit-remaining"] !== undefined];
    expect(rl(foreign.headers)).toEqual(rl(missing.headers));
  });

  it("refuses a bulk write naming the same settingId twice", async () => {
    emu = await start();
    const w = await world(emu);
    const id = await flag(emu, w.configId, "f");
    const r = await call(emu, "POST", `/v2/configs/${w.configId}/environments/${w.environmentId}/values`, {
      updateFormulas: [{ settingId: id, defaultValue: { boolValue: true } }, { settingId: id, defaultValue: { boolValue: false } }],
    });
    expect(r).toMatchObject({ status: 400, json: { "updateFormulas[1].settingId": [expect.any(String)] } });
  });

  it("caps nesting depth with a clear message, never a stack overflow", async () => {
    emu = await start();
    const w = await world(emu);
    const id = await flag(emu, w.configId, "f");
    const deep = "[".repeat(20000) + "]".repeat(20000);
    const bodies: Array<[string, string]> = [
      [v2Path(w.environmentId, id), `[{"op":"add","path":"/x","value":${deep}}]`],
      [`/v1/settings/${id}`, `[{"op":"replace","path":"/name","value":${deep}}]`],
      [`/v1/settings/${id}`, JSON.stringify(Array.from({ length: 3000 }, () => ({ op: "copy", from: "/tags", path: "/tags/0" })))],
    ];
    for (const [path, rawBody] of bodies) {
      const r = await call(emu, "PATCH", path, undefined, { rawBody, headers: { "content-type": "application/json" } });
      expect(r.status).toBe(400);
      expect(r.text).not.toContain("call stack");
      expect(r.text).toMatch(/depth|exceed/);
    }
  });

  it("evicts idle rateLimitKey=path limiter entries", async () => {
    let now = 1_000_000;
    emu = await start({ limits: {}, fidelity: { rateLimitKey: "path" }, now: () => now });
    for (let i = 0; i < 50; i++) await call(emu, "GET", `/v1/configs/08d00000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    expect(emu.app.limiter.size).toBeGreaterThanOrEqual(50);
    now += 120_000;
    for (let i = 0; i < 3; i++) await call(emu, "GET", "/v1/me");
    expect(emu.app.limiter.size).toBeLessThanOrEqual(1);
  });
});

describe("D5: per-credential canBypassApproval", () => {
  it("lets a credential without it hit `Approval required.` even with bypassApproval=true (admin API)", async () => {
    emu = await start();
    const w = await world(emu);
    const id = await flag(emu, w.configId, "f");
    await must(emu, 200, "POST", `/v1/products/${w.productId}/preferences`, { approveRequired: true });
    await must(emu, 200, "POST", "/__admin/credentials", { username: "dev", password: "pw", canBypassApproval: false });
    const dev = { auth: basic("dev", "pw") };
    const body = { defaultValue: { boolValue: true } };
    expect(await call(emu, "PUT", `${v2Path(w.environmentId, id)}?bypassApproval=true`, body, dev)).toMatchObject({ status: 400, json: { bypassApproval: ["Approval required."] } });
    expect((await must(emu, 200, "GET", v2Path(w.environmentId, id), undefined, dev)).canBypassApproval).toBe(false);
    // The default credential may bypass, as before.
    expect((await must(emu, 200, "PUT", `${v2Path(w.environmentId, id)}?bypassApproval=true`, body)).canBypassApproval).toBe(true);
    expect((await must(emu, 200, "GET", "/__admin/credentials")).find((u: { username: string }) => u.username === "dev").canBypassApproval).toBe(false);
  });

  it("is off for the CLI user with --no-bypass-approval, on by default", () => {
    expect(parseConfigCatArgs(["--no-bypass-approval"]).users?.[0].canBypassApproval).toBe(false);
    expect(parseConfigCatArgs([]).users?.[0].canBypassApproval).toBeUndefined();
    expect(parseConfigCatArgs(["--fidelity", "approvalRequiredStatus=403"]).fidelity?.approvalRequiredStatus).toBe(403);
  });
});
