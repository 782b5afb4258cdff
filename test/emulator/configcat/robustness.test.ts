import { connect } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningConfigCatEmulator } from "../../../emulator";
import { call, flag, must, start, world, type World } from "./helpers";

/*
 * Malformed requests never crash or hang the emulator: raw-socket fuzzing (methods, paths, auth,
 * content types, bodies, framing), and well-formed but hostile JSON Patch and value bodies sent to
 * real objects, which must answer 4xx (never 5xx) and leave the emulator serving.
 */

let emu: RunningConfigCatEmulator;
let w: World;
let settingId: number;
let v1Setting: number;
let v1Env: string;

beforeAll(async () => {
  emu = await start();
  w = await world(emu);
  settingId = await flag(emu, w.configId, "fuzzed");
  const v1 = await world(emu, "v1");
  v1Env = v1.environmentId;
  v1Setting = await flag(emu, v1.configId, "fuzzed-v1", "int");
});
afterAll(async () => {
  await emu?.stop();
});

/** Sends raw bytes and resolves with the status line (or "closed") once the server answers or hangs up. */
function rawExchange(bytes: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(emu.port, "127.0.0.1");
    let data = "";
    const hang = setTimeout(() => {
      socket.destroy();
      resolve("HUNG");
    }, 10_000);
    const done = (what: string): void => {
      clearTimeout(hang);
      socket.destroy();
      resolve(what);
    };
    socket.on("data", (chunk) => {
      data += chunk.toString("latin1");
      if (data.includes("\r\n")) done(data.slice(0, data.indexOf("\r\n")));
    });
    socket.on("error", () => done("closed"));
    socket.on("close", () => done(data ? data.split("\r\n")[0] : "closed"));
    socket.write(bytes, () => socket.end());
  });
}

const routes = (): string[] => [
  "/v1/me", "/v1/products", `/v1/products/${w.productId}`, `/v1/products/${w.productId}/configs`, `/v1/configs/${w.configId}`,
  `/v1/configs/${w.configId}/settings`, `/v1/settings/${settingId}`, `/v2/environments/${w.environmentId}/settings/${settingId}/value`,
  `/v1/environments/${v1Env}/settings/${v1Setting}/value`, `/v2/configs/${w.configId}/environments/${w.environmentId}/values`,
  "/v2/settings/fuzzed/value", `/v1/products/${w.productId}/preferences`, `/v2/products/${w.productId}/auditlogs`, "/__admin/faults", "/__admin/state",
];

describe("the ConfigCat emulator under malformed requests", () => {
  it("never crashes or hangs: every raw request is answered or closed, and normal requests still work", async () => {
    const requestArb = fc.record({
      method: fc.constantFrom("GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS", "BREW", ""),
      path: fc.oneof(
        fc.constantFrom(...routes()),
        fc.tuple(fc.constantFrom(...routes()), fc.constantFrom("%", "%zz", "%00", "/..", "//", "?reason=%", "?latestVersionId=x", "?pageSize=1e309", "/%E2%82"))
          .map(([r, s]) => r + s),
        fc.string({ maxLength: 40 }).map((s) => "/v1/" + encodeURIComponent(s)),
        fc.string({ minLength: 3000, maxLength: 9000, unit: fc.constantFrom("a", "/", "%") }).map((s) => "/v1/settings/" + s),
      ),
      auth: fc.constantFrom(emu.authorization, "Basic", "Basic !!", "", `${emu.authorization} extra`, "Basic \u00ff"),
      contentType: fc.constantFrom("application/json", "application/json-patch+json", "text/plain", "", "application/json; charset=utf-16"),
      body: fc.oneof(
        fc.jsonValue().map((v) => JSON.stringify(v)),
        fc.string({ maxLength: 200 }),
        fc.constantFrom("{", "[1,", '[{"op":"add","path":"/tags/-","value":', "\u0000\u0001", "[".repeat(5000), "null", "1e999"),
        fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString("latin1")),
      ),
      framing: fc.constantFrom("exact", "short-length", "long-length", "chunked-bad", "garbage-line"),
    });
    const statuses: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => {
        // Admin endpoints steer the emulator: only malformed JSON goes there.
        const body = Buffer.from(r.path.startsWith("/__admin") ? "{" + r.body : r.body, "latin1");
        const head = [`${r.method} ${r.path} HTTP/1.1`, "Host: 127.0.0.1", "Connection: close"];
        if (r.auth) head.push(`Authorization: ${r.auth}`);
        if (r.contentType) head.push(`Content-Type: ${r.contentType}`);
        if (r.framing === "exact") head.push(`Content-Length: ${body.length}`);
        if (r.framing === "short-length") head.push(`Content-Length: ${Math.max(0, body.length - 3)}`);
        if (r.framing === "long-length") head.push(`Content-Length: ${body.length + 50}`);
        if (r.framing === "chunked-bad") head.push("Transfer-Encoding: chunked");
        if (r.framing === "garbage-line") head.push("X-Bad Header: \u0001");
        const line = await rawExchange(Buffer.concat([Buffer.from(head.join("\r\n") + "\r\n\r\n", "latin1"), body]));
        expect(line).not.toBe("HUNG");
        expect(line).not.toMatch(/ 5\d\d /);
        const key = line.split(" ")[1] ?? line;
        statuses[key] = (statuses[key] ?? 0) + 1;
      }),
      { numRuns: 300, seed: 13 },
    );
    expect((await call(emu, "GET", "/v1/me")).status).toBe(200);
    expect((await must(emu, 200, "GET", `/v1/settings/${settingId}`)).key).toBe("fuzzed");
    expect((await call(emu, "GET", "/__admin/faults")).json).toMatchObject({ rate500: 0, rateReset: 0 });
  }, 120_000);

  it("answers hostile JSON Patch and formula bodies on real objects with 4xx or success, never 5xx", async () => {
    const pointer = fc.oneof(
      fc.constantFrom("", "/", "/name", "/tags/-", "/tags/0", "/tags/01", "/hint", "/order", "/key", "/targetingRules/0", "/targetingRules/-",
        "/targetingRules/0/conditions/0/userCondition/comparisonValue", "/defaultValue/boolValue", "/defaultValue", "/value", "/rolloutRules/-",
        "/rolloutPercentageItems/0/percentage", "/~2", "/a~1b", "/__proto__", "/constructor/prototype"),
      fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }).map((parts) => "/" + parts.join("/")),
    );
    const op = fc.record({
      op: fc.constantFrom("add", "remove", "replace", "move", "copy", "test", "unknown", "ADD"),
      path: fc.oneof(pointer, fc.integer()),
      from: fc.option(pointer, { nil: undefined }),
      value: fc.option(fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant({ boolValue: true }), fc.constant({ conditions: [], percentageOptions: [] })), { nil: undefined }),
    }, { requiredKeys: ["op", "path"] });
    const targets = [`/v1/settings/${settingId}`, `/v2/environments/${w.environmentId}/settings/${settingId}/value`, `/v1/environments/${v1Env}/settings/${v1Setting}/value`];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), fc.oneof(fc.array(op, { maxLength: 5 }), fc.jsonValue({ maxDepth: 3 })), fc.constantFrom("PATCH", "PUT"), async (target, body, method) => {
        const r = await call(emu, method, target, body);
        expect(r.status).toBeLessThan(500);
        if (r.status >= 400) expect(r.json === undefined || typeof r.json === "object").toBe(true);
      }),
      { numRuns: 400, seed: 21 },
    );
    expect(Object.getPrototypeOf({}).polluted).toBeUndefined();
    expect((await call(emu, "GET", `/v2/environments/${w.environmentId}/settings/${settingId}/value`)).status).toBe(200);
  }, 120_000);

  it("refuses bodies over 1 MiB with 413 and keeps serving", async () => {
    const r = await call(emu, "POST", `/v1/products/${w.productId}/configs`, undefined, { rawBody: JSON.stringify({ name: "x", description: "y".repeat(1024 * 1024) }) });
    expect(r.status).toBe(413);
    expect((await call(emu, "GET", "/v1/me")).status).toBe(200);
  });

  it("answers unknown routes 404, wrong methods 405 with Allow, malformed escapes 400, invalid JSON 400", async () => {
    expect((await call(emu, "GET", "/v1/widgets")).status).toBe(404);
    const r = await call(emu, "DELETE", "/v1/me");
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe("GET");
    expect((await call(emu, "GET", "/v1/settings/%E0%A4%A")).status).toBe(400);
    expect(await call(emu, "POST", `/v1/products/${w.productId}/configs`, undefined, { rawBody: "{nope" })).toMatchObject({ status: 400, json: { "": ["Invalid JSON body"] } });
  });
});
