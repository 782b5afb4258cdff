// The fidelity switches added for the readings the docs leave open (emulator/README.md, "Fidelity switches").
import { afterEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import { parseCliArgs } from "../../emulator/amplitude/main";
import { call, createConfig, start } from "./helpers";

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

describe("errorBody", () => {
  it.each([
    ["error", { error: "Flag or experiment not found" }],
    ["message", { message: "Flag or experiment not found" }],
    ["error-message", { error: "Bad Request", message: "Flag or experiment not found" }],
    ["errors", { errors: [{ message: "Flag or experiment not found" }] }],
    ["hapi", { statusCode: 400, error: "Bad Request", message: "Flag or experiment not found" }],
  ] as const)("%s shapes every error body", async (errorBody, expected) => {
    emu = await start({ fidelity: { errorBody } });
    const r = await call(emu, "GET", "/api/1/flags/424242");
    expect(r.status).toBe(400);
    expect(r.json).toEqual(expected);
    const unauthorised = await call(emu, "GET", "/api/1/flags", undefined, { key: "wrong" });
    expect(unauthorised.status).toBe(401);
    expect(JSON.stringify(unauthorised.json)).toContain("Invalid or revoked API key");
  });

  it("text sends the bare message as text/plain; successes are untouched", async () => {
    emu = await start({ fidelity: { errorBody: "text" } });
    const r = await call(emu, "GET", "/api/1/flags/424242");
    expect([r.status, r.text, String(r.headers["content-type"])]).toEqual([400, "Flag or experiment not found", "text/plain; charset=utf-8"]);
    const id = await createConfig(emu, "flags", { key: "k" });
    expect((await call(emu, "GET", `/api/1/flags/${id}`)).json.key).toBe("k");
  });
});

describe("paging switches", () => {
  it("filterAfterPaging cuts pages before filtering, so a page may be empty with a nextCursor; maxPageSize caps limit", async () => {
    emu = await start({ fidelity: { filterAfterPaging: true, maxPageSize: 2 } });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await createConfig(emu, "flags", { key: `f${i}` }));
    for (const id of ids.slice(2)) await call(emu, "PATCH", `/api/1/flags/${id}`, { archive: true });
    const p1 = await call(emu, "GET", "/api/1/flags?limit=1000");
    expect(p1.json).toEqual({ flags: [], nextCursor: 2 });
    const p2 = await call(emu, "GET", "/api/1/flags?limit=1000&cursor=2");
    expect(p2.json.flags.map((f: { id: string }) => f.id)).toEqual([ids[1]]);
    expect(p2.json.nextCursor).toBe(4);
    const p3 = await call(emu, "GET", "/api/1/flags?cursor=4");
    expect(p3.json.flags.map((f: { id: string }) => f.id)).toEqual([ids[0]]);
    expect("nextCursor" in p3.json).toBe(false);
    expect((await call(emu, "GET", "/api/1/flags?key=f0")).json).toEqual({ flags: [], nextCursor: 2 });
  });
});

describe("body switches", () => {
  it("writeOnlyExposureEvent accepts exposureEvent on PATCH and never returns it", async () => {
    emu = await start({ fidelity: { writeOnlyExposureEvent: true } });
    const id = await createConfig(emu, "experiments", { key: "e" });
    const exposureEvent = { event_type: "viewed", filters: [] };
    expect((await call(emu, "PATCH", `/api/1/experiments/${id}`, { exposureEvent })).status).toBe(200);
    expect((await call(emu, "GET", `/api/1/experiments/${id}`)).json).not.toHaveProperty("exposureEvent");
    expect((await call(emu, "GET", "/api/1/experiments")).json.experiments[0]).not.toHaveProperty("exposureEvent");
    const state = (await call(emu, "GET", "/__admin/state")).json;
    expect(state.experiments[0].experiment.exposureEvent).toEqual(exposureEvent);
  });

  it("arrayOrder reversed reverses variants, tags and deployments; listsWithoutTimestamps drops audit fields from lists only", async () => {
    emu = await start({ fidelity: { arrayOrder: "reversed", listsWithoutTimestamps: true } });
    const id = await createConfig(emu, "flags", { key: "k", variants: [{ key: "a" }, { key: "b" }] });
    await call(emu, "PATCH", `/api/1/flags/${id}`, { tags: ["x", "y"] });
    const got = (await call(emu, "GET", `/api/1/flags/${id}`)).json;
    expect([got.variants.map((v: { key: string }) => v.key), got.tags]).toEqual([["b", "a"], ["y", "x"]]);
    expect((await call(emu, "GET", `/api/1/flags/${id}/variants`)).json.map((v: { key: string }) => v.key)).toEqual(["b", "a"]);
    expect(got.lastModifiedAt).toEqual(expect.any(String));
    const listed = (await call(emu, "GET", "/api/1/flags")).json.flags[0];
    for (const f of ["createdAt", "lastModifiedAt", "createdBy", "lastModifiedBy"]) expect(listed).not.toHaveProperty(f);
  });

  it("switches at run time through /__admin/fidelity and validates them", async () => {
    emu = await start();
    const r = await call(emu, "PUT", "/__admin/fidelity", { errorBody: "hapi", writeOnlyExposureEvent: true, maxPageSize: 5 });
    expect(r.json).toMatchObject({ errorBody: "hapi", writeOnlyExposureEvent: true, maxPageSize: 5, filterAfterPaging: false });
    expect((await call(emu, "GET", "/api/1/flags/1")).json).toMatchObject({ statusCode: 400, message: "Flag or experiment not found" });
    expect((await call(emu, "PUT", "/__admin/fidelity", { errorBody: "xml" })).status).toBe(400);
    expect((await call(emu, "PUT", "/__admin/fidelity", { maxPageSize: 0 })).status).toBe(400);
  });
});

describe("CLI flags", () => {
  it("set every switch, and refuse unknown values", () => {
    const { fidelity } = parseCliArgs([
      "--error-body", "hapi", "--filter-after-paging", "--max-page-size", "2", "--write-only-exposure-event",
      "--array-order", "reversed", "--lists-without-timestamps", "--variants-in-lists", "keys", "--release-archived-keys",
    ]);
    expect(fidelity).toMatchObject({
      errorBody: "hapi", filterAfterPaging: true, maxPageSize: 2, writeOnlyExposureEvent: true, arrayOrder: "reversed",
      listsWithoutTimestamps: true, variantsInLists: "keys", archivedKeepKey: false,
    });
    expect(() => parseCliArgs(["--error-body", "xml"])).toThrow(/--error-body must be one of/);
  });
});
