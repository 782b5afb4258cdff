import { connect } from "node:net";
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

describe("robustness", () => {
  it("answers malformed JSON with 400", async () => {
    expect(await call(emu, "POST", "/api/1/flags", undefined, { rawBody: "{not json" })).toMatchObject({ status: 400, json: { error: "Invalid JSON body" } });
    const id = await createConfig(emu, "flags", { key: "k" });
    expect(await call(emu, "PATCH", `/api/1/flags/${id}`, undefined, { rawBody: "[1," })).toMatchObject({ status: 400, json: { error: "Invalid JSON body" } });
  });

  it("answers wrong body types with 400", async () => {
    expect(await call(emu, "POST", "/api/1/flags", [1, 2])).toMatchObject({ status: 400, json: { error: `"value" must be of type object` } });
    expect(await call(emu, "POST", "/api/1/flags", "str")).toMatchObject({ status: 400 });
    expect(await call(emu, "POST", "/api/1/flags", { projectId: { a: 1 }, key: "x" })).toMatchObject({ status: 400, json: { error: `"projectId" must be a string` } });
    expect(await call(emu, "POST", "/api/1/flags", { projectId: "100000", key: "x", variants: [{}] })).toMatchObject({ status: 400, json: { error: `"variants[0].key" is required` } });
    expect(await call(emu, "POST", "/api/1/flags", { projectId: "100000", key: "x", rolloutWeights: { on: "1" } })).toMatchObject({ status: 400, json: { error: `"rolloutWeights.on" must be a number` } });
  });

  it("refuses bodies over 1 MiB with 413 and keeps serving", async () => {
    const big = JSON.stringify({ projectId: "100000", key: "big", description: "x".repeat(1024 * 1024 + 10) });
    const r = await call(emu, "POST", "/api/1/flags", undefined, { rawBody: big });
    expect(r.status).toBe(413);
    expect(r.json.error).toMatch(/larger than/);
    expect((await call(emu, "GET", "/api/1/flags")).status).toBe(200);
    expect(emu.getState().flags).toEqual([]);
  });

  it("answers unknown routes with 404 and wrong methods with 405, both with {error}", async () => {
    expect(await call(emu, "GET", "/api/1/widgets")).toMatchObject({ status: 404, json: { error: "No such route: GET /api/1/widgets" } });
    expect((await call(emu, "GET", "/")).status).toBe(404);
    const r = await call(emu, "DELETE", "/api/1/flags/1");
    expect(r).toMatchObject({ status: 405, json: { error: expect.stringContaining("not allowed") } });
    expect(r.headers.allow).toContain("PATCH");
  });

  it("answers a malformed percent-escape in the path with 400", async () => {
    expect(await call(emu, "GET", "/api/1/flags/%E0%A4%A")).toMatchObject({ status: 400, json: { error: "Malformed URL path" } });
  });

  it("does not hang on a truncated request and closes garbage connections", async () => {
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(emu.port, "127.0.0.1", () => socket.write("NOT HTTP\r\n\r\n"));
      let data = "";
      socket.on("data", (d) => (data += d.toString()));
      socket.on("close", () => resolve(data));
    });
    expect(reply).toMatch(/^HTTP\/1.1 400/);
    expect((await call(emu, "GET", "/api/1/flags")).status).toBe(200);
  });

  it("treats an empty body as {} so missing fields are named", async () => {
    expect(await call(emu, "POST", "/api/1/deployments", undefined, { rawBody: "" })).toMatchObject({ status: 400, json: { error: `"projectId" is required` } });
  });
});
