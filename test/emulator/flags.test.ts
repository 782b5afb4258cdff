import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import { call, createConfig, createDeployment, start } from "./helpers";

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await start();
});
afterEach(async () => {
  await emu.stop();
});

/** The flag-create example body from the reference (§5.3), with a real deployment id. */
function docFlagExample(deploymentId: string): Record<string, unknown> {
  return {
    projectId: "100000",
    name: "Analyze button clicks",
    key: "analyze-button-clicks",
    description: "analyze button clicks on the main page",
    variants: [{ key: "on" }],
    rolloutWeights: { on: 1 },
    targetSegments: [
      {
        name: "Segment 1",
        conditions: [{ prop: "country", op: "is", type: "property", values: ["United States"] }],
        percentage: 0,
        bucketingKey: "amplitude_id",
        rolloutWeights: { on: 1 },
      },
    ],
    deployments: [deploymentId],
    evaluationMode: "remote",
  };
}

describe("POST /api/1/flags", () => {
  it("accepts the documented example and returns {id, url}", async () => {
    const dep = await createDeployment(emu);
    const r = await call(emu, "POST", "/api/1/flags", docFlagExample(dep));
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ id: expect.stringMatching(/^\d+$/), url: `http://experiment.amplitude.com/amplitude/100000/config/${r.json.id}` });
    const got = await call(emu, "GET", `/api/1/flags/${r.json.id}`);
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({
      id: r.json.id, projectId: "100000", key: "analyze-button-clicks", name: "Analyze button clicks",
      deployments: [dep], rolloutWeights: { on: 1 }, enabled: false, deleted: false,
      targetSegments: docFlagExample(dep).targetSegments,
    });
  });

  it("fills the chosen defaults", async () => {
    const id = await createConfig(emu, "flags", { key: "bare" });
    const { json } = await call(emu, "GET", `/api/1/flags/${id}`);
    expect(json).toMatchObject({
      key: "bare", name: "bare", description: "", enabled: false, evaluationMode: "remote", bucketingKey: "amplitude_id",
      bucketingUnit: "User", rolloutPercentage: 0, rolloutWeights: { on: 1 }, targetSegments: [], tags: [], deleted: false,
      deployments: [], variants: [{ key: "on", name: "", description: "", rolloutWeight: 1 }],
    });
    expect(json.bucketingSalt).toMatch(/^[A-Za-z0-9]{8}$/);
    expect(json.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("accepts a numeric projectId and hands out numeric-string ids from one sequence", async () => {
    const a = await call(emu, "POST", "/api/1/flags", { projectId: 100000, key: "n1" });
    const b = await call(emu, "POST", "/api/1/experiments", { projectId: "100000", key: "n2" });
    expect(Number(b.json.id)).toBe(Number(a.json.id) + 1);
  });

  it.each([
    [{ key: "x" }, `"projectId" is required`],
    [{ projectId: "100000" }, `"key" is required`],
    [{ projectId: "100000", key: "bad key" }, `"key" contains an invalid value`],
    [{ projectId: "100000", key: "k", name: 5 }, `"name" must be a string`],
    [{ projectId: "100000", key: "k", enabled: true }, `"enabled" is not allowed`],
    [{ projectId: "100000", key: "k", tags: ["a"] }, `"tags" is not allowed`],
    [{ projectId: "100000", key: "k", parentDependencies: { flags: {}, operator: "all" } }, "parentDependencies is not allowed"],
    [{ projectId: "100000", key: "k", variants: [{ key: "on" }, { key: "off" }] }, "variants[1].key contains an invalid value"],
    [{ projectId: "100000", key: "k", evaluationMode: "edge" }, `"evaluationMode" must be one of [remote, local]`],
    [{ projectId: "100000", key: "k", targetSegments: [{ name: "s", conditions: [], percentage: 0 }] }, `"targetSegments[0].rolloutWeights" is required`],
    [{ projectId: "100000", key: "k", deployments: ["999999"] }, "Deployment not found"],
  ])("refuses %j with 400 %s", async (body, message) => {
    const r = await call(emu, "POST", "/api/1/flags", body);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error: message });
  });

  it("shares one key namespace between flags and experiments", async () => {
    await createConfig(emu, "flags", { key: "shared" });
    const r = await call(emu, "POST", "/api/1/experiments", { projectId: "100000", key: "shared" });
    expect(r).toMatchObject({ status: 400, json: { error: "Flag or experiment with key already exists" } });
  });

  it("keeps the key of an archived flag by default", async () => {
    const id = await createConfig(emu, "flags", { key: "kept" });
    expect((await call(emu, "PATCH", `/api/1/flags/${id}`, { archive: true })).status).toBe(200);
    const r = await call(emu, "POST", "/api/1/flags", { projectId: "100000", key: "kept" });
    expect(r.status).toBe(400);
  });

  it("releases archived keys with fidelity archivedKeepKey:false, and refuses to unarchive a clash", async () => {
    await emu.stop();
    emu = await start({ fidelity: { archivedKeepKey: false } });
    const id = await createConfig(emu, "flags", { key: "released" });
    await call(emu, "PATCH", `/api/1/flags/${id}`, { archive: true });
    const again = await call(emu, "POST", "/api/1/flags", { projectId: "100000", key: "released" });
    expect(again.status).toBe(200);
    const unarchive = await call(emu, "PATCH", `/api/1/flags/${id}`, { archive: false });
    expect(unarchive).toMatchObject({ status: 400, json: { error: "Flag or experiment with key already exists" } });
  });
});

describe("GET /api/1/flags/:id", () => {
  it("answers 400 for an unknown id, and for an experiment id on the flags path", async () => {
    expect(await call(emu, "GET", "/api/1/flags/123")).toMatchObject({ status: 400, json: { error: "Flag or experiment not found" } });
    const exp = await createConfig(emu, "experiments", { key: "e" });
    expect((await call(emu, "GET", `/api/1/flags/${exp}`)).status).toBe(400);
  });

  it("carries only {key} variants with fidelity variantsInLists:keys, in get and list", async () => {
    await emu.stop();
    emu = await start({ fidelity: { variantsInLists: "keys" } });
    const id = await createConfig(emu, "flags", { key: "k", variants: [{ key: "a", name: "A" }, { key: "b" }] });
    expect((await call(emu, "GET", `/api/1/flags/${id}`)).json.variants).toEqual([{ key: "a" }, { key: "b" }]);
    expect((await call(emu, "GET", "/api/1/flags")).json.flags[0].variants).toEqual([{ key: "a" }, { key: "b" }]);
    const sub = await call(emu, "GET", `/api/1/flags/${id}/variants`);
    expect(sub.json[0]).toEqual({ key: "a", name: "A", description: "", rolloutWeight: 1 });
  });
});

describe("GET /api/1/flags (list)", () => {
  async function makeFlags(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await createConfig(emu, "flags", { key: `f${i}` }));
    return ids;
  }

  it("pages newest first with nextCursor only while more pages remain", async () => {
    const ids = await makeFlags(5);
    const p1 = await call(emu, "GET", "/api/1/flags?limit=2");
    expect(p1.json.flags.map((f: { id: string }) => f.id)).toEqual([ids[4], ids[3]]);
    expect(p1.json.nextCursor).toBe(2);
    const p2 = await call(emu, "GET", `/api/1/flags?limit=2&cursor=${p1.json.nextCursor}`);
    expect(p2.json.flags.map((f: { id: string }) => f.id)).toEqual([ids[2], ids[1]]);
    const p3 = await call(emu, "GET", `/api/1/flags?limit=2&cursor=${p2.json.nextCursor}`);
    expect(p3.json.flags.map((f: { id: string }) => f.id)).toEqual([ids[0]]);
    expect("nextCursor" in p3.json).toBe(false);
    const exact = await call(emu, "GET", "/api/1/flags?limit=5");
    expect("nextCursor" in exact.json).toBe(false);
  });

  it("sets nextCursor:null on the last page with fidelity lastPageCursor:null", async () => {
    await emu.stop();
    emu = await start({ fidelity: { lastPageCursor: "null" } });
    await makeFlags(3);
    const p1 = await call(emu, "GET", "/api/1/flags?limit=2");
    expect(p1.json.nextCursor).toBe(2);
    const p2 = await call(emu, "GET", "/api/1/flags?limit=2&cursor=2");
    expect(p2.json).toHaveProperty("nextCursor", null);
  });

  it("leaves archived flags out unless includeArchived=true, and filters by key and projectId", async () => {
    const [a, b] = await makeFlags(2);
    await call(emu, "PATCH", `/api/1/flags/${a}`, { archive: true });
    const live = await call(emu, "GET", "/api/1/flags");
    expect(live.json.flags.map((f: { id: string }) => f.id)).toEqual([b]);
    const all = await call(emu, "GET", "/api/1/flags?includeArchived=true");
    expect(all.json.flags.map((f: { id: string; deleted: boolean }) => [f.id, f.deleted])).toEqual([[b, false], [a, true]]);
    expect((await call(emu, "GET", "/api/1/flags?key=f1")).json.flags.map((f: { id: string }) => f.id)).toEqual([b]);
    expect((await call(emu, "GET", "/api/1/flags?key=f0")).json.flags).toEqual([]);
    expect((await call(emu, "GET", "/api/1/flags?projectId=100000")).json.flags).toHaveLength(1);
    expect((await call(emu, "GET", "/api/1/flags?projectId=999")).status).toBe(403);
  });

  it("clamps limit to 1000 and refuses bad limit/cursor values", async () => {
    await makeFlags(1);
    expect((await call(emu, "GET", "/api/1/flags?limit=5000")).status).toBe(200);
    expect(await call(emu, "GET", "/api/1/flags?limit=0")).toMatchObject({ status: 400, json: { error: `"limit" must be a positive integer` } });
    expect(await call(emu, "GET", "/api/1/flags?cursor=abc")).toMatchObject({ status: 400, json: { error: `"cursor" must be a number` } });
    expect((await call(emu, "GET", "/api/1/flags?includeArchived=maybe")).status).toBe(400);
  });
});

describe("PATCH /api/1/flags/:id", () => {
  it("edits every documented field and answers plain-text OK", async () => {
    const dep = await createDeployment(emu);
    const id = await createConfig(emu, "flags", { key: "p", deployments: [dep] });
    const segments = [{ name: "S", conditions: [{ prop: "gp:plan", op: "set contains", type: "property", values: ["pro"] }], percentage: 50, rolloutWeights: { on: 1 } }];
    const r = await call(emu, "PATCH", `/api/1/flags/${id}`, {
      name: "N", description: "D", bucketingKey: "device_id", bucketingSalt: "saltsalt", bucketingUnit: "User",
      evaluationMode: "local", rolloutPercentage: 25, targetSegments: segments, enabled: true, tags: ["a", "b"],
    });
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toMatch(/^text\/plain/);
    expect(r.text).toBe("OK");
    const { json } = await call(emu, "GET", `/api/1/flags/${id}`);
    expect(json).toMatchObject({ name: "N", description: "D", bucketingKey: "device_id", bucketingSalt: "saltsalt", evaluationMode: "local", rolloutPercentage: 25, targetSegments: segments, enabled: true, tags: ["a", "b"] });
    await call(emu, "PATCH", `/api/1/flags/${id}`, { tags: ["c"], targetSegments: [] });
    const after = (await call(emu, "GET", `/api/1/flags/${id}`)).json;
    expect(after.tags).toEqual(["c"]);
    expect(after.targetSegments).toEqual([]);
  });

  it("refuses enabled:true without a deployment", async () => {
    const id = await createConfig(emu, "flags", { key: "nodep" });
    expect(await call(emu, "PATCH", `/api/1/flags/${id}`, { enabled: true })).toMatchObject({ status: 400, json: { error: "Cannot activate without deployments" } });
    expect((await call(emu, "GET", `/api/1/flags/${id}`)).json.enabled).toBe(false);
  });

  it("takes archive only alone, and nothing else while archived", async () => {
    const id = await createConfig(emu, "flags", { key: "arch" });
    expect(await call(emu, "PATCH", `/api/1/flags/${id}`, { archive: true, name: "x" })).toMatchObject({ status: 400, json: { error: "Cannot edit archived flag" } });
    expect((await call(emu, "PATCH", `/api/1/flags/${id}`, { archive: true })).status).toBe(200);
    expect((await call(emu, "GET", `/api/1/flags/${id}`)).json.deleted).toBe(true);
    expect(await call(emu, "PATCH", `/api/1/flags/${id}`, { name: "x" })).toMatchObject({ status: 400, json: { error: "Cannot edit archived flag" } });
    expect((await call(emu, "PATCH", `/api/1/flags/${id}`, { archive: false })).status).toBe(200);
    expect((await call(emu, "GET", `/api/1/flags/${id}`)).json.deleted).toBe(false);
  });

  it.each([
    [{ variants: [] }, `"variants" is not allowed`],
    [{ key: "new" }, `"key" is not allowed`],
    [{ rolloutWeights: { on: 1 } }, `"rolloutWeights" is not allowed`],
    [{ rolloutPercentage: 101 }, `"rolloutPercentage" must be less than or equal to 100`],
    [{ enabled: "yes" }, `"enabled" must be a boolean`],
    [{ tags: "a" }, `"tags" must be an array`],
    [{ bucketingUnit: "org_id" }, "Invalid bucketing unit"],
    [{ targetSegments: [{ name: "s", conditions: [{ prop: "p", op: "equals", type: "property", values: [] }], percentage: 0, rolloutWeights: {} }] }, `"targetSegments[0].conditions[0].op" must be one of`],
  ])("refuses %j", async (body, message) => {
    const id = await createConfig(emu, "flags", { key: "bad" });
    const r = await call(emu, "PATCH", `/api/1/flags/${id}`, body);
    expect(r.status).toBe(400);
    expect(r.json.error).toContain(message);
  });

  it("accepts a group type configured for the project as bucketingUnit", async () => {
    await emu.stop();
    emu = await start({ projects: [{ id: "100000", keys: ["emulator-key"], groupTypes: ["org_id"] }] });
    const id = await createConfig(emu, "flags", { key: "grp" });
    expect((await call(emu, "PATCH", `/api/1/flags/${id}`, { bucketingUnit: "org_id" })).status).toBe(200);
  });

  it("answers 400 for an unknown id", async () => {
    expect(await call(emu, "PATCH", "/api/1/flags/4242", { name: "x" })).toMatchObject({ status: 400, json: { error: "Flag or experiment not found" } });
  });
});

describe("versions of one flag", () => {
  it("writes a snapshot per mutation, newest first, and serves one by number", async () => {
    const dep = await createDeployment(emu);
    const id = await createConfig(emu, "flags", { key: "v" });
    await call(emu, "PATCH", `/api/1/flags/${id}`, { name: "second" });
    await call(emu, "POST", `/api/1/flags/${id}/deployments`, { deployments: [dep] });
    await call(emu, "POST", `/api/1/flags/${id}/variants`, { key: "extra" });
    const r = await call(emu, "GET", `/api/1/flags/${id}/versions`);
    expect(r.json.map((v: { version: number }) => v.version)).toEqual([4, 3, 2, 1]);
    expect(r.json[3].flagConfig).toMatchObject({ id, deployments: [], enabled: false, description: "", targetSegments: [], name: "v" });
    expect(r.json[2].flagConfig.name).toBe("second");
    expect(r.json[0].flagConfig.variants.map((v: { key: string }) => v.key)).toEqual(["on", "extra"]);
    expect(r.json[0]).toEqual({ createdAt: expect.any(String), createdBy: expect.any(String), version: 4, flagConfig: expect.any(Object) });
    expect((await call(emu, "GET", `/api/1/flags/${id}/versions/2`)).json.flagConfig.name).toBe("second");
    expect(await call(emu, "GET", `/api/1/flags/${id}/versions/9`)).toMatchObject({ status: 400, json: { error: "Version not found" } });
    const failed = await call(emu, "PATCH", `/api/1/flags/${id}`, { enabled: "no" });
    expect(failed.status).toBe(400);
    expect((await call(emu, "GET", `/api/1/flags/${id}/versions`)).json).toHaveLength(4);
  });
});
