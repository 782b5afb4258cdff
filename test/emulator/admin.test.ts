import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { EmulatorState, RunningEmulator } from "../../emulator";
import { call, createConfig, createDeployment, start } from "./helpers";

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

describe("admin: stats and request log", () => {
  it("counts by route template, status and project, logs in order, and resets", async () => {
    emu = await start();
    const id = await createConfig(emu, "flags", { key: "s" });
    await call(emu, "PATCH", `/api/1/flags/${id}`, { name: "x" });
    await call(emu, "GET", `/api/1/flags/${id}`);
    await call(emu, "GET", "/api/1/flags/77777");
    await call(emu, "POST", `/api/1/flags/${id}/variants/on/users`, { inclusions: ["u"] });
    await call(emu, "DELETE", `/api/1/flags/${id}/variants/on/users/0`);
    await call(emu, "DELETE", `/api/1/flags/${id}/variants/on/bulk-delete-users`, { users: ["u"] });
    await call(emu, "GET", "/api/1/flags?limit=1", undefined, { key: "bad" });
    const stats = (await call(emu, "GET", "/__admin/stats")).json;
    expect(stats).toEqual({
      total: 8,
      byRoute: {
        "POST /api/1/flags": 1, "PATCH /api/1/flags/:id": 1, "GET /api/1/flags/:id": 2,
        "POST /api/1/flags/:id/variants/:variantKey/users": 1, "DELETE /api/1/flags/:id/variants/:variantKey/users/:userIndex": 1,
        "DELETE /api/1/flags/:id/variants/:variantKey/bulk-delete-users": 1, "GET /api/1/flags": 1,
      },
      byStatus: { "200": 6, "400": 1, "401": 1 },
      byProject: { "100000": 7 },
    });
    const log = (await call(emu, "GET", "/__admin/requests")).json;
    expect(log[0]).toEqual({ method: "POST", path: "/api/1/flags", route: "POST /api/1/flags", status: 200, projectId: "100000" });
    expect(log[7]).toEqual({ method: "GET", path: "/api/1/flags", query: "limit=1", route: "GET /api/1/flags", status: 401 });
    await call(emu, "POST", "/__admin/stats/reset");
    expect((await call(emu, "GET", "/__admin/stats")).json).toEqual({ total: 0, byRoute: {}, byStatus: {}, byProject: {} });
    expect((await call(emu, "GET", "/__admin/requests")).json).toEqual([]);
  });
});

describe("admin: state", () => {
  it("reads and replaces the whole state, including counters and indexes", async () => {
    emu = await start();
    const dep = await createDeployment(emu);
    await createConfig(emu, "flags", { key: "orig", deployments: [dep] });
    const state = (await call(emu, "GET", "/__admin/state")).json as EmulatorState;
    expect(state.counters).toEqual({ nextConfigId: 10002, nextDeploymentId: 502 });
    expect(state.flags[0]).toMatchObject({ kind: "flag", key: "orig", deployments: [dep], version: 1 });
    expect(state.versions).toHaveLength(1);

    state.flags[0].name = "changed out of band";
    state.flags[0].enabled = true;
    state.counters.nextConfigId = 50000;
    expect((await call(emu, "PUT", "/__admin/state", state)).status).toBe(200);
    expect((await call(emu, "GET", "/api/1/flags/10001")).json).toMatchObject({ name: "changed out of band", enabled: true });
    expect((await call(emu, "POST", "/api/1/flags", { projectId: "100000", key: "orig" })).status).toBe(400); // key index rebuilt
    expect((await call(emu, "PATCH", `/api/1/deployments/${dep}`, { archive: true })).status).toBe(400); // usage index rebuilt
    expect((await call(emu, "POST", "/api/1/flags", { projectId: "100000", key: "next" })).json.id).toBe("50000");
  });

  it("refuses an invalid state document and keeps the old state", async () => {
    emu = await start();
    await createConfig(emu, "flags", { key: "keep" });
    const r = await call(emu, "PUT", "/__admin/state", { counters: { nextConfigId: "x" } });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/^Invalid state at counters/);
    expect(emu.getState().flags).toHaveLength(1);
  });

  it("persists to a state file and resumes from it", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "amp-emu-")), "state.json");
    emu = await start({ stateFile: file });
    const id = await createConfig(emu, "flags", { key: "persisted" });
    await emu.stop();
    const saved = JSON.parse(readFileSync(file, "utf8")) as EmulatorState;
    expect(saved.flags.map((f) => f.key)).toEqual(["persisted"]);
    emu = await start({ stateFile: file });
    expect((await call(emu, "GET", `/api/1/flags/${id}`)).json.key).toBe("persisted");
    expect(Number((await call(emu, "POST", "/api/1/flags", { projectId: "100000", key: "second" })).json.id)).toBe(Number(id) + 1);
  });

  it("refuses to start from a corrupt state file", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "amp-emu-")), "state.json");
    writeFileSync(file, JSON.stringify({ counters: {} }));
    await expect(start({ stateFile: file })).rejects.toThrow(/Invalid state/);
  });
});

describe("admin: fidelity and routing", () => {
  it("switches fidelity at run time", async () => {
    emu = await start();
    await createConfig(emu, "flags", { key: "f" });
    await call(emu, "PUT", "/__admin/fidelity", { variantsInLists: "keys", lastPageCursor: "null" });
    const list = (await call(emu, "GET", "/api/1/flags")).json;
    expect(list.flags[0].variants).toEqual([{ key: "on" }]);
    expect(list.nextCursor).toBeNull();
    expect((await call(emu, "PUT", "/__admin/fidelity", { variantsInLists: "some" })).status).toBe(400);
  });

  it("answers 404 for unknown admin routes and 400 for bad admin bodies, and needs no key", async () => {
    emu = await start();
    expect((await call(emu, "GET", "/__admin/nope", undefined, { key: null })).status).toBe(404);
    expect((await call(emu, "PUT", "/__admin/faults", { rate500: 2 }, { key: null })).status).toBe(400);
    expect((await call(emu, "PUT", "/__admin/limits", { usedToday: { p: -1 } }, { key: null })).status).toBe(400);
    expect((await call(emu, "GET", "/__admin/stats", undefined, { key: null })).status).toBe(200);
  });
});
