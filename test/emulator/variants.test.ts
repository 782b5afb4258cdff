import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import { call, createConfig, start } from "./helpers";

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await start();
});
afterEach(async () => {
  await emu.stop();
});

describe.each(["flags", "experiments"] as const)("variants of %s", (kind) => {
  it("creates, gets, edits (PATCH and POST), renames and deletes variants", async () => {
    const id = await createConfig(emu, kind, { key: "v", variants: [{ key: "a" }, { key: "b" }] });
    const base = `/api/1/${kind}/${id}/variants`;
    const created = await call(emu, "POST", base, { key: "c", name: "C", description: "cee", payload: { x: 1 }, rolloutWeight: 3 });
    expect(created).toMatchObject({ status: 200, text: "OK" });
    expect((await call(emu, "GET", `${base}/c`)).json).toEqual({ key: "c", name: "C", description: "cee", payload: { x: 1 }, rolloutWeight: 3 });
    expect((await call(emu, "PATCH", `${base}/c`, { payload: ["replaced"], rolloutWeight: 2 })).text).toBe("OK");
    expect((await call(emu, "GET", `${base}/c`)).json).toMatchObject({ payload: ["replaced"], rolloutWeight: 2, name: "C" });
    expect((await call(emu, "POST", `${base}/c`, { description: "via post" })).status).toBe(200);
    expect((await call(emu, "GET", `${base}/c`)).json.description).toBe("via post");
    expect((await call(emu, "PATCH", `${base}/c`, { key: "d" })).status).toBe(200);
    expect((await call(emu, "GET", `${base}/d`)).json).toMatchObject({ key: "d", name: "C" });
    expect((await call(emu, "GET", `/api/1/${kind}/${id}`)).json.rolloutWeights).toEqual({ a: 1, b: 1, d: 2 });
    expect((await call(emu, "DELETE", `${base}/d`)).text).toBe("OK");
    expect((await call(emu, "GET", base)).json.map((v: { key: string }) => v.key)).toEqual(["a", "b"]);
  });

  it("refuses bad variant keys, duplicates and unknown variants", async () => {
    const id = await createConfig(emu, kind, { key: "v", variants: [{ key: "a" }] });
    const base = `/api/1/${kind}/${id}/variants`;
    expect(await call(emu, "POST", base, { key: "off" })).toMatchObject({ status: 400, json: { error: "key contains an invalid value" } });
    expect((await call(emu, "POST", base, { key: "sp ace" })).status).toBe(400);
    expect(await call(emu, "POST", base, { name: "no key" })).toMatchObject({ status: 400, json: { error: `"key" is required` } });
    expect(await call(emu, "POST", base, { key: "a" })).toMatchObject({ status: 400, json: { error: "Variant key already exists" } });
    expect(await call(emu, "GET", `${base}/zzz`)).toMatchObject({ status: 400, json: { error: "Variant key does not exist" } });
    expect(await call(emu, "PATCH", `${base}/zzz`, { name: "x" })).toMatchObject({ status: 400, json: { error: "Variant key does not exist" } });
    expect(await call(emu, "PATCH", `${base}/a`, { key: "off" })).toMatchObject({ status: 400, json: { error: "key contains an invalid value" } });
    expect(await call(emu, "DELETE", `${base}/a`)).toMatchObject({ status: 400, json: { error: "Cannot delete the last variant" } });
    expect(await call(emu, "GET", `/api/1/${kind}/999/variants`)).toMatchObject({ status: 400, json: { error: "Flag or experiment not found" } });
  });

  it("keeps segment weights in step with variant renames and deletes", async () => {
    const seg = { name: "s", conditions: [], percentage: 10, rolloutWeights: { a: 1, b: 2 } };
    const id = await createConfig(emu, kind, { key: "v", variants: [{ key: "a" }, { key: "b" }], targetSegments: [seg] });
    await call(emu, "PATCH", `/api/1/${kind}/${id}/variants/a`, { key: "a2" });
    await call(emu, "DELETE", `/api/1/${kind}/${id}/variants/b`);
    expect((await call(emu, "GET", `/api/1/${kind}/${id}`)).json.targetSegments[0].rolloutWeights).toEqual({ a2: 1 });
  });
});

describe("user inclusions", () => {
  async function variantBase(): Promise<string> {
    const id = await createConfig(emu, "flags", { key: "inc" });
    return `/api/1/flags/${id}/variants/on`;
  }

  it("adds (appending, skipping duplicates), lists, deletes by index, bulk-deletes and clears", async () => {
    const base = await variantBase();
    expect((await call(emu, "POST", `${base}/users`, { inclusions: ["u1", "u2", "u3"] })).text).toBe("OK");
    await call(emu, "POST", `${base}/users`, { inclusions: ["u2", "u4"] });
    expect((await call(emu, "GET", `${base}/users`)).json).toEqual(["u1", "u2", "u3", "u4"]);
    expect((await call(emu, "DELETE", `${base}/users/1`)).text).toBe("OK");
    expect((await call(emu, "GET", `${base}/users`)).json).toEqual(["u1", "u3", "u4"]);
    expect(await call(emu, "DELETE", `${base}/users/7`)).toMatchObject({ status: 400, json: { error: "User index out of range" } });
    expect((await call(emu, "DELETE", `${base}/bulk-delete-users`, { users: ["u1", "u4", "not-there"] })).text).toBe("OK");
    expect((await call(emu, "GET", `${base}/users`)).json).toEqual(["u3"]);
    expect((await call(emu, "DELETE", `${base}/users`)).text).toBe("OK");
    expect((await call(emu, "GET", `${base}/users`)).json).toEqual([]);
  });

  it("caps a variant at 2,000 inclusions", async () => {
    const base = await variantBase();
    const ids = Array.from({ length: 2000 }, (_, i) => `user-${i}`);
    expect((await call(emu, "POST", `${base}/users`, { inclusions: ids })).status).toBe(200);
    const over = await call(emu, "POST", `${base}/users`, { inclusions: ["one-more"] });
    expect(over).toMatchObject({ status: 400, json: { error: "A variant cannot have more than 2000 inclusions" } });
    expect((await call(emu, "POST", `${base}/users`, { inclusions: ["user-5"] })).status).toBe(200); // duplicate: no growth
    expect((await call(emu, "GET", `${base}/users`)).json).toHaveLength(2000);
  });

  it("limits bulk delete to 100 ids and checks body types", async () => {
    const base = await variantBase();
    const many = Array.from({ length: 101 }, (_, i) => `u${i}`);
    expect(await call(emu, "DELETE", `${base}/bulk-delete-users`, { users: many })).toMatchObject({ status: 400, json: { error: `"users" must contain less than or equal to 100 items` } });
    expect(await call(emu, "POST", `${base}/users`, { inclusions: "u1" })).toMatchObject({ status: 400, json: { error: `"inclusions" must be an array` } });
    expect(await call(emu, "POST", `${base}/users`, {})).toMatchObject({ status: 400, json: { error: `"inclusions" is required` } });
    expect(await call(emu, "DELETE", `${base}/bulk-delete-users`, {})).toMatchObject({ status: 400, json: { error: `"users" is required` } });
  });
});

describe("cohort inclusions", () => {
  it("adds, lists and bulk-deletes cohorts (body key `users`), refusing cohorts not in the list", async () => {
    const id = await createConfig(emu, "experiments", { key: "coh" });
    const base = `/api/1/experiments/${id}/variants/control`;
    expect((await call(emu, "POST", `${base}/cohorts`, { inclusions: ["c1", "c2"] })).text).toBe("OK");
    expect((await call(emu, "GET", `${base}/cohorts`)).json).toEqual(["c1", "c2"]);
    expect(await call(emu, "DELETE", `${base}/bulk-delete-cohorts`, { users: ["c3"] })).toMatchObject({ status: 400, json: { error: "There are no users for this key" } });
    expect((await call(emu, "DELETE", `${base}/bulk-delete-cohorts`, { users: ["c1"] })).text).toBe("OK");
    expect((await call(emu, "GET", `${base}/cohorts`)).json).toEqual(["c2"]);
    expect((await call(emu, "DELETE", `${base}/bulk-delete-cohorts`, { users: Array.from({ length: 101 }, (_, i) => `c${i}`) })).status).toBe(400);
  });
});
