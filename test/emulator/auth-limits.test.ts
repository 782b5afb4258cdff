import { afterEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import { call, createConfig, start } from "./helpers";

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
});

const TWO_PROJECTS = [{ id: "100000", keys: ["emulator-key"] }, { id: "200000", keys: ["key-b"] }];

describe("authentication and project access", () => {
  it("answers 401 for a missing, malformed or unknown key", async () => {
    emu = await start();
    const expected = { status: 401, json: { error: "Invalid or revoked API key" } };
    expect(await call(emu, "GET", "/api/1/flags", undefined, { key: null })).toMatchObject(expected);
    expect(await call(emu, "GET", "/api/1/flags", undefined, { key: "nope" })).toMatchObject(expected);
    expect(await call(emu, "GET", "/api/1/flags", undefined, { key: null, headers: { authorization: "Api-Key emulator-key" } })).toMatchObject(expected);
  });

  it("answers 403 when the key does not cover the object's or the named project", async () => {
    emu = await start({ projects: TWO_PROJECTS });
    const id = await createConfig(emu, "flags", { key: "a" });
    const forbidden = { status: 403, json: { error: "API key does not have access to this project" } };
    expect(await call(emu, "GET", `/api/1/flags/${id}`, undefined, { key: "key-b" })).toMatchObject(forbidden);
    expect(await call(emu, "PATCH", `/api/1/flags/${id}`, { name: "x" }, { key: "key-b" })).toMatchObject(forbidden);
    expect(await call(emu, "POST", "/api/1/flags", { projectId: "100000", key: "b" }, { key: "key-b" })).toMatchObject(forbidden);
    expect(await call(emu, "GET", "/api/1/flags?projectId=100000", undefined, { key: "key-b" })).toMatchObject(forbidden);
    expect((await call(emu, "GET", "/api/1/flags", undefined, { key: "key-b" })).json.flags).toEqual([]);
  });

  it("revokes a key mid-run through PUT /__admin/projects", async () => {
    emu = await start();
    expect((await call(emu, "GET", "/api/1/flags")).status).toBe(200);
    expect((await call(emu, "PUT", "/__admin/projects", [{ id: "100000", keys: ["new-key"] }])).status).toBe(200);
    expect((await call(emu, "GET", "/api/1/flags")).status).toBe(401);
    expect((await call(emu, "GET", "/api/1/flags", undefined, { key: "new-key" })).status).toBe(200);
  });
});

describe("rate limits", () => {
  async function burst(n: number, key?: string): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) statuses.push((await call(emu!, "GET", "/api/1/flags", undefined, key ? { key } : {})).status);
    return statuses;
  }

  it("answers 429 without headers by default once the per-second limit is used", async () => {
    emu = await start({ rateLimitPerSecond: 5 });
    const statuses = await burst(7);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const r = await call(emu, "GET", "/api/1/flags");
    expect(r).toMatchObject({ status: 429, json: { error: "Too many requests" } });
    expect(r.headers["retry-after"]).toBeUndefined();
  });

  it("adds Retry-After in whole seconds with retryAfterHeader, and admits again after the window", async () => {
    let now = 1_700_000_000_000;
    emu = await start({ rateLimitPerSecond: 2, retryAfterHeader: true, now: () => now });
    await burst(2);
    const r = await call(emu, "GET", "/api/1/flags");
    expect(r.status).toBe(429);
    expect(r.headers["retry-after"]).toBe("1");
    now += 1000;
    expect((await call(emu, "GET", "/api/1/flags")).status).toBe(200);
  });

  it("counts per project", async () => {
    emu = await start({ rateLimitPerSecond: 2, projects: TWO_PROJECTS });
    await burst(2);
    expect((await call(emu, "GET", "/api/1/flags")).status).toBe(429);
    expect((await call(emu, "GET", "/api/1/flags", undefined, { key: "key-b" })).status).toBe(200);
  });

  it("enforces the daily quota, settable through /__admin/limits, and resets it at UTC midnight", async () => {
    let now = Date.parse("2025-03-01T23:59:00.000Z");
    emu = await start({ dailyLimit: 10, now: () => now });
    expect((await call(emu, "PUT", "/__admin/limits", { usedToday: { "100000": 9 } })).json.usedToday).toEqual({ "100000": 9 });
    expect((await call(emu, "GET", "/api/1/flags")).status).toBe(200);
    const refused = await call(emu, "GET", "/api/1/flags");
    expect(refused).toMatchObject({ status: 429, json: { error: "Daily request limit exceeded" } });
    expect(refused.headers["retry-after"]).toBeUndefined();
    await call(emu, "PUT", "/__admin/limits", { retryAfterHeader: true });
    expect((await call(emu, "GET", "/api/1/flags")).headers["retry-after"]).toBe("60");
    now = Date.parse("2025-03-02T00:00:01.000Z");
    expect((await call(emu, "GET", "/api/1/flags")).status).toBe(200);
  });

  it("turns limits off and on at run time", async () => {
    emu = await start({ rateLimitPerSecond: 1 });
    await burst(1);
    expect((await call(emu, "GET", "/api/1/flags")).status).toBe(429);
    await call(emu, "PUT", "/__admin/limits", { rateLimitPerSecond: 0 });
    expect(await burst(5)).toEqual([200, 200, 200, 200, 200]);
    expect((await call(emu, "GET", "/__admin/limits")).json).toMatchObject({ rateLimitPerSecond: 0, dailyLimit: 0, retryAfterHeader: false });
  });

  it("does not count 401s or 403s against a project's quota", async () => {
    emu = await start({ rateLimitPerSecond: 2 });
    await burst(3, "bad-key");
    expect(await burst(2)).toEqual([200, 200]);
  });
});
