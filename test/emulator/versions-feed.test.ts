import { afterEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import { call, createConfig, start } from "./helpers";

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
});

describe("GET /api/1/versions", () => {
  it("lists versions of flags and experiments newest first, with start/end/limit/cursor", async () => {
    // A stepping clock gives every mutation its own timestamp, one second apart from 2024-01-01.
    let t = Date.parse("2024-01-01T00:00:00.000Z");
    emu = await start({ now: () => (t += 1000) });
    const f = await createConfig(emu, "flags", { key: "f" });
    const e = await createConfig(emu, "experiments", { key: "e" });
    await call(emu, "PATCH", `/api/1/flags/${f}`, { name: "f2" });
    await call(emu, "PATCH", `/api/1/experiments/${e}`, { name: "e2" });
    const all = await call(emu, "GET", "/api/1/versions");
    expect(all.status).toBe(200);
    const seen = all.json.versions.map((v: { flagConfig: { key: string }; version: number }) => `${v.flagConfig.key}@${v.version}`);
    expect(seen).toEqual(["e@2", "f@2", "e@1", "f@1"]);
    expect("nextCursor" in all.json).toBe(false);

    const p1 = await call(emu, "GET", "/api/1/versions?limit=3");
    expect(p1.json.versions).toHaveLength(3);
    expect(p1.json.nextCursor).toBe(3);
    const p2 = await call(emu, "GET", `/api/1/versions?limit=3&cursor=${p1.json.nextCursor}`);
    expect(p2.json.versions.map((v: { flagConfig: { key: string } }) => v.flagConfig.key)).toEqual(["f"]);

    const times = all.json.versions.map((v: { createdAt: string }) => v.createdAt);
    // start inclusive, end exclusive
    const window = await call(emu, "GET", `/api/1/versions?start=${times[2]}&end=${times[0]}`);
    expect(window.json.versions.map((v: { createdAt: string }) => v.createdAt)).toEqual([times[1], times[2]]);
    expect(await call(emu, "GET", "/api/1/versions?start=yesterday")).toMatchObject({ status: 400, json: { error: `"start" must be a valid ISO 8601 date` } });
  });

  it("shows only projects the key can access", async () => {
    emu = await start({ projects: [{ id: "100000", keys: ["emulator-key", "both"] }, { id: "200000", keys: ["other", "both"] }] });
    await createConfig(emu, "flags", { key: "mine" });
    await call(emu, "POST", "/api/1/flags", { projectId: "200000", key: "theirs" }, { key: "other" });
    const keys = async (key: string): Promise<string[]> =>
      (await call(emu!, "GET", "/api/1/versions", undefined, { key })).json.versions.map((v: { flagConfig: { key: string } }) => v.flagConfig.key);
    expect(await keys("emulator-key")).toEqual(["mine"]);
    expect(await keys("other")).toEqual(["theirs"]);
    expect(await keys("both")).toEqual(["theirs", "mine"]);
  });
});
