import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode, isApiError, isNotFound, type AmplitudeClient } from "../../provider/amplitude/api";
import { collect, KEY, PROJECT, startFixture, type Fixture } from "./emulator-fixture";

let fx: Fixture;
let api: AmplitudeClient;

beforeAll(async () => {
  fx = await startFixture();
  api = fx.client();
});
afterAll(async () => fx.stop());

describe("deployments", () => {
  it("creates, lists, renames and archives", async () => {
    const { id } = await api.deployments.create({ label: "web", type: "client" });
    expect(typeof id).toBe("string");
    const all = await api.deployments.listAll();
    const d = all.find((x) => x.id === id);
    expect(d).toMatchObject({ id, label: "web", deleted: false, projectId: PROJECT });
    expect(d?.key).toMatch(/^client-/);
    await api.deployments.update(id, { label: "web-2" });
    expect((await api.deployments.listAll()).find((x) => x.id === id)?.label).toBe("web-2");
    const second = await api.deployments.create({ label: "to-archive", type: "server" });
    await api.deployments.update(second.id, { archive: true });
    expect((await collect(api.deployments.list())).find((x) => x.id === second.id)?.deleted).toBe(true);
  });
});

describe.each(["flags", "experiments"] as const)("%s", (res) => {
  const key = `${res}-checkout`;
  let id: string;
  let deploymentId: string;

  it("creates and reads back with normalised ids and defaults", async () => {
    deploymentId = (await api.deployments.create({ label: `${res}-dep`, type: "server" })).id;
    const created = await api[res].create({ key, name: "Checkout", description: "d", variants: [{ key: "on" }, { key: "off-ish" }], deployments: [deploymentId] });
    id = created.id;
    expect(typeof id).toBe("string");
    const obj = await api[res].get(id);
    expect(obj).toMatchObject({ id, key, name: "Checkout", deleted: false, projectId: PROJECT });
    expect(obj.deployments).toEqual([deploymentId]);
    expect(Array.isArray(obj.tags)).toBe(true);
    expect(obj.variants.map((v) => v.key)).toEqual(expect.arrayContaining(["on"]));
  });

  it("lists, pages and finds by key", async () => {
    const all = await api[res].listAll();
    expect(all.map((o) => o.id)).toContain(id);
    expect((await api[res].findByKey(key))?.id).toBe(id);
    expect(await api[res].findByKey("nope")).toBeUndefined();
  });

  it("updates (OK text accepted) and lists versions", async () => {
    await api[res].update(id, { description: "changed", tags: ["b", "a"] });
    const obj = await api[res].get(id);
    expect(obj.description).toBe("changed");
    expect([...obj.tags].sort()).toEqual(["a", "b"]);
    const versions = await api[res].versions(id);
    expect(versions.length).toBeGreaterThanOrEqual(2);
    expect(typeof versions[0]?.version).toBe("number");
  });

  it("manages variants", async () => {
    await api[res].variants.create(id, { key: "blue", name: "Blue", payload: { c: 1 }, rolloutWeight: 2 });
    expect(await api[res].variants.get(id, "blue")).toMatchObject({ key: "blue", name: "Blue", payload: { c: 1 } });
    await api[res].variants.update(id, "blue", { description: "b", payload: [1] });
    expect(await api[res].variants.get(id, "blue")).toMatchObject({ description: "b", payload: [1] });
    expect((await api[res].variants.list(id)).map((v) => v.key)).toContain("blue");
    await api[res].variants.delete(id, "blue");
    const err = await api[res].variants.get(id, "blue").catch((e: unknown) => e);
    expect(isNotFound(err)).toBe(true);
  });

  it("manages user and cohort inclusions", async () => {
    const ids = Array.from({ length: 150 }, (_, i) => `user-${i}`);
    await api[res].users.add(id, "on", ids);
    expect(await api[res].users.list(id, "on")).toEqual(ids);
    await api[res].users.remove(id, "on", ids.slice(0, 120));
    expect(await api[res].users.list(id, "on")).toEqual(ids.slice(120));
    await api[res].users.clear(id, "on");
    expect(await api[res].users.list(id, "on")).toEqual([]);
    await api[res].cohorts.add(id, "on", ["c1", "c2"]);
    expect(await api[res].cohorts.list(id, "on")).toEqual(["c1", "c2"]);
    await api[res].cohorts.remove(id, "on", ["c1"]);
    expect(await api[res].cohorts.list(id, "on")).toEqual(["c2"]);
  });

  it("manages deployment links", async () => {
    const extra = (await api.deployments.create({ label: `${res}-extra`, type: "client" })).id;
    await api[res].deployments.add(id, [extra]);
    expect((await api[res].deployments.list(id)).map((d) => d.id).sort()).toEqual([deploymentId, extra].sort());
    await api[res].deployments.remove(id, extra);
    expect((await api[res].deployments.list(id)).map((d) => d.id)).toEqual([deploymentId]);
  });

  it("archives; archived objects are hidden unless asked for", async () => {
    await api[res].archive(id);
    expect((await api[res].get(id)).deleted).toBe(true);
    expect((await api[res].listAll()).map((o) => o.id)).not.toContain(id);
    expect((await api[res].findByKey(key, { includeArchived: true }))?.id).toBe(id);
  });
});

describe("experiment fields and global versions", () => {
  it("parses experiment-only fields and the version feed", async () => {
    const { id } = await api.experiments.create({ key: "exp-fields", experimentType: "a-b-test" });
    const e = await api.experiments.get(id);
    expect(e).toHaveProperty("state");
    expect(e.experimentType).toBe("a-b-test");
    const feed = await collect(api.versions({ start: "2000-01-01T00:00:00Z" }));
    expect(feed.length).toBeGreaterThan(0);
    expect(feed.every((v) => typeof v.version === "number")).toBe(true);
  });
});

describe("errors", () => {
  it("maps unknown ids to FF_ERR_NOT_FOUND with route template and remedy", async () => {
    const err = await api.flags.get("999999").catch((e: unknown) => e);
    expect(isNotFound(err)).toBe(true);
    expect(String((err as Error).message)).toMatch(/^get flag failed: 400 .*not found.* \(GET \/api\/1\/flags\/:id\)\. /i);
  });

  it("maps a bad key to FF_ERR_UNAUTHORIZED without leaking it, and never retries it", async () => {
    fx.emu.resetStats();
    const bad = fx.client({ apiKey: "wrong-key-xyz" });
    const err = await bad.flags.listAll().catch((e: unknown) => e);
    expect(isApiError(err) && err.code).toBe(ErrorCode.UNAUTHORIZED);
    expect(String((err as Error).message)).toContain("amplitude:managementApiKey");
    expect(String((err as Error).message)).not.toContain("wrong-key-xyz");
    expect(inspect(err, { depth: 10 })).not.toContain("wrong-key-xyz");
    expect(fx.emu.stats().total).toBe(1);
  });

  it("maps a foreign project to FF_ERR_FORBIDDEN naming the project", async () => {
    const other = fx.client({ projectId: "424242" });
    const err = await other.flags.listAll().catch((e: unknown) => e);
    expect(isApiError(err) && err.code).toBe(ErrorCode.FORBIDDEN);
    expect(String((err as Error).message)).toContain("project 424242");
  });

  it("maps validation failures to FF_ERR_BAD_REQUEST", async () => {
    const err = await api.flags.create({ key: "bad key with spaces!", variants: [{ key: "off" }] }).catch((e: unknown) => e);
    expect(isApiError(err) && err.code).toBe(ErrorCode.BAD_REQUEST);
  });
});

describe("hygiene", () => {
  it("keeps the key out of util.inspect and JSON of the client", () => {
    expect(inspect(api, { depth: 20, showHidden: true })).not.toContain(KEY);
    expect(JSON.stringify(api)).not.toContain(KEY);
  });

  it("counts requests per project per day", async () => {
    const before = api.requestCount();
    await api.flags.listAll();
    expect(api.requestCount()).toBe(before + 1);
  });
});
