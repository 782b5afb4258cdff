import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import { call, createConfig, createDeployment, start } from "./helpers";

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await start({ projects: [{ id: "100000", keys: ["emulator-key"] }, { id: "200000", keys: ["emulator-key"] }] });
});
afterEach(async () => {
  await emu.stop();
});

describe("deployments", () => {
  it("creates with a JSON body (or query params) and generates typed keys", async () => {
    const r = await call(emu, "POST", "/api/1/deployments", { projectId: "100000", label: "rest-api", type: "server" });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ id: expect.stringMatching(/^\d+$/) });
    const q = await call(emu, "POST", "/api/1/deployments?projectId=100000&label=web_app&type=client");
    expect(q.status).toBe(200);
    const list = await call(emu, "GET", "/api/1/deployments");
    expect(list.json.deployments).toEqual([
      { id: q.json.id, projectId: "100000", label: "web_app", key: expect.stringMatching(/^client-[A-Za-z0-9]{32}$/), deleted: false, type: "client" },
      { id: r.json.id, projectId: "100000", label: "rest-api", key: expect.stringMatching(/^server-[A-Za-z0-9]{32}$/), deleted: false, type: "server" },
    ]);
  });

  it.each([
    [{ projectId: "100000", type: "server" }, `"label" is required`],
    [{ projectId: "100000", label: "has space", type: "server" }, `"label" contains an invalid value`],
    [{ projectId: "100000", label: "ok", type: "edge" }, `"type" must be one of [client, server]`],
    [{ projectId: "100000", label: "ok" }, `"type" is required`],
    [{ label: "ok", type: "client" }, `"projectId" is required`],
  ])("refuses %j", async (body, message) => {
    expect(await call(emu, "POST", "/api/1/deployments", body)).toMatchObject({ status: 400, json: { error: message } });
  });

  it("edits label and archive, lists archived ones, and answers plain OK", async () => {
    const id = await createDeployment(emu, "one");
    expect(await call(emu, "PATCH", `/api/1/deployments/${id}`, { label: "renamed" })).toMatchObject({ status: 200, text: "OK" });
    expect((await call(emu, "PATCH", `/api/1/deployments/${id}`, { archive: true })).status).toBe(200);
    expect((await call(emu, "GET", "/api/1/deployments")).json.deployments[0]).toMatchObject({ id, label: "renamed", deleted: true });
    expect((await call(emu, "PATCH", `/api/1/deployments/${id}?archive=false`)).status).toBe(200);
    expect((await call(emu, "GET", "/api/1/deployments")).json.deployments[0].deleted).toBe(false);
    expect(await call(emu, "PATCH", "/api/1/deployments/99999", { label: "x" })).toMatchObject({ status: 400, json: { error: "Deployment not found" } });
    expect((await call(emu, "PATCH", `/api/1/deployments/${id}`, { label: "bad label" })).status).toBe(400);
  });

  it("refuses to archive a deployment used by an unarchived flag, and allows it once the flag is archived", async () => {
    const dep = await createDeployment(emu);
    const flag = await createConfig(emu, "flags", { key: "user", deployments: [dep] });
    expect(await call(emu, "PATCH", `/api/1/deployments/${dep}`, { archive: true })).toMatchObject({
      status: 400, json: { error: "Cannot have unarchived flags or experiments or templates using this deployment" },
    });
    await call(emu, "PATCH", `/api/1/flags/${flag}`, { archive: true });
    expect((await call(emu, "PATCH", `/api/1/deployments/${dep}`, { archive: true })).status).toBe(200);
  });

  it("paginates with nextCursor and filters by the key's projects", async () => {
    for (let i = 0; i < 3; i++) await createDeployment(emu, `d${i}`);
    await createDeployment(emu, "other", "200000");
    const p1 = await call(emu, "GET", "/api/1/deployments?limit=3");
    expect(p1.json.nextCursor).toBe(3);
    expect(p1.json.deployments.map((d: { label: string }) => d.label)).toEqual(["other", "d2", "d1"]);
    const p2 = await call(emu, "GET", "/api/1/deployments?limit=3&cursor=3");
    expect(p2.json).toEqual({ deployments: [expect.objectContaining({ label: "d0" })] });
  });
});

describe("deployment links", () => {
  it("lists, adds (idempotently) and removes deployments of a flag", async () => {
    const d1 = await createDeployment(emu, "a");
    const d2 = await createDeployment(emu, "b");
    const id = await createConfig(emu, "flags", { key: "linked" });
    expect((await call(emu, "POST", `/api/1/flags/${id}/deployments`, { deployments: [d1, Number(d2)] })).text).toBe("OK");
    expect((await call(emu, "POST", `/api/1/flags/${id}/deployments`, { deployments: [d1] })).status).toBe(200);
    const list = await call(emu, "GET", `/api/1/flags/${id}/deployments`);
    expect(list.json.map((d: { id: string }) => d.id)).toEqual([d1, d2]);
    expect(list.json[0]).toMatchObject({ projectId: "100000", label: "a", deleted: false });
    expect((await call(emu, "DELETE", `/api/1/flags/${id}/deployments/${d1}`)).text).toBe("OK");
    expect((await call(emu, "GET", `/api/1/flags/${id}`)).json.deployments).toEqual([d2]);
  });

  it("refuses unknown, archived and other-project deployments", async () => {
    const other = await createDeployment(emu, "o", "200000");
    const archived = await createDeployment(emu, "arch");
    await call(emu, "PATCH", `/api/1/deployments/${archived}`, { archive: true });
    const id = await createConfig(emu, "experiments", { key: "x" });
    const path = `/api/1/experiments/${id}/deployments`;
    expect(await call(emu, "POST", path, { deployments: ["4444"] })).toMatchObject({ status: 400, json: { error: "Deployment not found" } });
    expect(await call(emu, "POST", path, { deployments: [other] })).toMatchObject({ status: 400, json: { error: "Deployment does not belong to this project" } });
    expect(await call(emu, "POST", path, { deployments: [archived] })).toMatchObject({ status: 400, json: { error: "Cannot use an archived deployment" } });
    expect(await call(emu, "POST", path, {})).toMatchObject({ status: 400, json: { error: `"deployments" is required` } });
    expect(await call(emu, "DELETE", `${path}/4444`)).toMatchObject({ status: 400, json: { error: "Deployment not found" } });
  });
});
