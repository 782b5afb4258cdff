import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { errors, request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningConfigCatEmulator } from "../../../emulator";
import { startConfigCatEmulator } from "../../../emulator";
import { basic, call, flag, must, start, world } from "./helpers";

/*
 * Test hooks: /__admin state, stats, request log, faults (incl. applied-then-dropped), limits,
 * credentials added and revoked mid-run, SDK-key rotation, and the state file.
 */

let emu: RunningConfigCatEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

describe("admin API", () => {
  it("serves and replaces the whole state; a Dashboard-style edit shows through the API", async () => {
    emu = await start();
    const w = await world(emu);
    const id = await flag(emu, w.configId, "f");
    const state = (await call(emu, "GET", "/__admin/state")).json;
    expect(state.settings).toHaveLength(1);
    state.settings[0].name = "edited in the Dashboard";
    const value = state.values.find((v: { settingId: number }) => v.settingId === id);
    value.formula.defaultValue.boolValue = true;
    expect((await call(emu, "PUT", "/__admin/state", state)).status).toBe(200);
    expect((await must(emu, 200, "GET", `/v1/settings/${id}`)).name).toBe("edited in the Dashboard");
    expect((await must(emu, 200, "GET", `/v2/environments/${w.environmentId}/settings/${id}/value`)).defaultValue.boolValue).toBe(true);
    // Ids keep counting past those in the replaced state.
    expect(await flag(emu, w.configId, "g")).toBeGreaterThan(id);
    expect(await call(emu, "PUT", "/__admin/state", { products: [{ productId: "nope" }] })).toMatchObject({ status: 400, json: { error: expect.stringContaining("products.0") } });
  });

  it("normalises hand-written formulas in a replaced state and refuses dangling references or invalid formulas", async () => {
    emu = await start();
    const w = await world(emu);
    const id = await flag(emu, w.configId, "f");
    const state = (await call(emu, "GET", "/__admin/state")).json;
    const value = state.values.find((v: { settingId: number }) => v.settingId === id);
    value.formula = { defaultValue: { boolValue: true } };
    await must(emu, 200, "PUT", "/__admin/state", state);
    expect((await must(emu, 200, "GET", `/v2/environments/${w.environmentId}/settings/${id}/value`))).toMatchObject({
      defaultValue: { boolValue: true, stringValue: null, intValue: null, doubleValue: null }, targetingRules: [], percentageEvaluationAttribute: null,
    });
    value.formula = { defaultValue: { stringValue: "no" } };
    expect(await call(emu, "PUT", "/__admin/state", state)).toMatchObject({ status: 400, json: { error: expect.stringContaining(`value of setting ${id}`) } });
    value.formula = { defaultValue: { boolValue: false } };
    state.settings[0].configId = "00000000-0000-4000-8000-000000000000";
    expect(await call(emu, "PUT", "/__admin/state", state)).toMatchObject({ status: 400, json: { error: `setting ${id}: unknown configId` } });
    expect((await must(emu, 200, "GET", `/v1/settings/${id}`)).configId).toBe(w.configId); // the refused state changed nothing
  });

  it("counts requests by route, status and product, and logs them in order", async () => {
    emu = await start();
    const w = await world(emu);
    await must(emu, 200, "POST", "/__admin/stats/reset");
    await call(emu, "GET", `/v1/configs/${w.configId}`);
    await call(emu, "GET", "/v1/configs/00000000-0000-0000-0000-000000000000");
    await call(emu, "GET", "/v1/me", undefined, { auth: null });
    const stats = (await call(emu, "GET", "/__admin/stats")).json;
    expect(stats).toMatchObject({ total: 3, byRoute: { "GET /v1/configs/:configId": 2, "GET /v1/me": 1 }, byStatus: { "200": 1, "404": 1, "401": 1 }, byProject: { [w.productId]: 1 } });
    const log = (await call(emu, "GET", "/__admin/requests")).json;
    expect(log.map((e: { status: number }) => e.status)).toEqual([200, 404, 401]);
  });

  it("injects faults deterministically per seed, with 'applied then dropped' writes", async () => {
    emu = await start();
    const w = await world(emu);
    await must(emu, 200, "PUT", "/__admin/faults", { rate500: 0.3, rate503: 0.2, seed: 7 });
    const run = async (): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < 30; i++) out.push((await call(emu!, "GET", "/v1/me")).status);
      return out;
    };
    const first = await run();
    expect(new Set(first)).toEqual(new Set([200, 500, 503]));
    await must(emu, 200, "PUT", "/__admin/faults", { rate500: 0.3, rate503: 0.2, seed: 7 });
    expect(await run()).toEqual(first);

    await must(emu, 200, "PUT", "/__admin/faults", { rateDropAfterWrite: 1 });
    const dropped = request(`${emu.url}/v1/configs/${w.configId}/settings`, {
      method: "POST", headers: { authorization: emu.authorization, "content-type": "application/json" },
      body: JSON.stringify({ key: "ghost", name: "ghost", settingType: "boolean" }),
    });
    await expect(dropped).rejects.toBeInstanceOf(errors.SocketError);
    await must(emu, 200, "PUT", "/__admin/faults", {});
    // The write was applied although the client never saw an answer.
    expect((await must(emu, 200, "GET", `/v1/configs/${w.configId}/settings`)).map((s: { key: string }) => s.key)).toEqual(["ghost"]);
    const last = (await call(emu, "GET", "/__admin/requests")).json.at(-2);
    expect(last).toMatchObject({ method: "POST", status: 0, fault: "drop-after-write" });

    await must(emu, 200, "PUT", "/__admin/faults", { rateReset: 1 });
    await expect(request(`${emu.url}/v1/me`, { headers: { authorization: emu.authorization } })).rejects.toThrow();
    await must(emu, 200, "PUT", "/__admin/faults", { rate429: 1 });
    const r = await call(emu, "GET", "/v1/me");
    expect(r.status).toBe(429);
    expect(r.headers["retry-after"]).toBe("1");
  });

  it("adds and revokes credentials mid-run, never echoing passwords", async () => {
    emu = await start();
    expect((await call(emu, "GET", "/v1/me")).status).toBe(200);
    await must(emu, 200, "POST", "/__admin/credentials", { username: "ci", password: "s3cret", fullName: "CI" });
    expect(await call(emu, "GET", "/v1/me", undefined, { auth: basic("ci", "s3cret") })).toMatchObject({ status: 200, json: { fullName: "CI", email: "ci@emulator.local" } });
    const listed = await call(emu, "GET", "/__admin/credentials");
    expect(listed.text).not.toContain("s3cret");
    expect(listed.text).not.toContain("emulator-password");
    await must(emu, 200, "DELETE", "/__admin/credentials/emulator-user");
    expect((await call(emu, "GET", "/v1/me")).status).toBe(401);
    await must(emu, 200, "PUT", "/__admin/credentials", [{ username: "only", password: "one" }]);
    expect((await call(emu, "GET", "/v1/me", undefined, { auth: basic("ci", "s3cret") })).status).toBe(401);
    expect((await call(emu, "GET", "/v1/me", undefined, { auth: basic("only", "one") })).status).toBe(200);
    expect((await call(emu, "DELETE", "/__admin/credentials/nobody")).status).toBe(404);
  });

  it("reads and changes the limits; 0 turns a window off", async () => {
    emu = await startConfigCatEmulator();
    expect((await call(emu, "GET", "/__admin/limits")).json).toEqual({ perSecond: 20, perMinute: 500 });
    await must(emu, 200, "PUT", "/__admin/limits", { perSecond: 0, perMinute: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(emu, "GET", "/v1/me")).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const r = await call(emu, "GET", "/v1/me");
    expect(r.text).toBe("API calls quota exceeded! maximum admitted 3 per 1m.");
    expect(Number(r.headers["retry-after"])).toBeGreaterThan(50);
  });

  it("starts an SDK-key rotation: the old primary becomes the secondary and still addresses values", async () => {
    emu = await start();
    const w = await world(emu, "v1");
    await flag(emu, w.configId, "k");
    const before = await must(emu, 200, "GET", `/v1/configs/${w.configId}/environments/${w.environmentId}`);
    const after = await must(emu, 200, "POST", "/__admin/sdk-keys/rotate", { configId: w.configId, environmentId: w.environmentId });
    expect(after.secondary).toBe(before.primary);
    expect(await must(emu, 200, "GET", `/v1/configs/${w.configId}/environments/${w.environmentId}`)).toEqual(after);
    expect((await call(emu, "GET", "/v1/settings/k/value", undefined, { headers: { "x-configcat-sdkkey": before.primary } })).status).toBe(200);
  });
});

describe("state file", () => {
  it("saves state on stop and loads it at the next start", async () => {
    const dir = mkdtempSync(join(tmpdir(), "configcat-emu-"));
    try {
      const stateFile = join(dir, "state.json");
      emu = await start({ stateFile });
      const w = await world(emu);
      await flag(emu, w.configId, "persisted");
      await emu.stop();
      const saved = JSON.parse(readFileSync(stateFile, "utf8"));
      expect(saved.settings.map((s: { key: string }) => s.key)).toEqual(["persisted"]);
      expect(readFileSync(stateFile, "utf8")).not.toContain("emulator-password");
      emu = await start({ stateFile });
      expect((await must(emu, 200, "GET", `/v1/configs/${w.configId}/settings`))[0].key).toBe("persisted");
    } finally {
      await emu?.stop();
      emu = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
