import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { amplitudeClient, ErrorCode, isApiError } from "../../provider/amplitude/api";
import { closeTransports, manualClock, PACKAGE_VERSION, resetSharedLimits } from "../../provider/core";

/** A scripted loopback server: each request takes the next reply and records what it got. */
async function scriptedServer(replies: Array<{ status: number; body?: string; headers?: Record<string, string>; delayMs?: number }>) {
  const seen: Array<{ method?: string; url?: string; headers: IncomingHttpHeaders; body: string }> = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => { body += c.toString(); });
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      const reply = replies.shift() ?? { status: 500, body: "script exhausted" };
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(reply.status, reply.headers ?? {});
        res.end(reply.body ?? "");
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeTransports();
  resetSharedLimits();
  await close?.();
});

describe("transport", () => {
  it("sends User-Agent, bearer auth and JSON headers; keeps a base-URL prefix", async () => {
    const s = await scriptedServer([{ status: 200, body: '{"flags":[],"nextCursor":null}' }, { status: 200, body: "OK" }, { status: 200, body: "" }, { status: 200, body: '{"ok":true}' }]);
    close = s.close;
    const api = amplitudeClient({ apiKey: "k1", projectId: "7", serverUrl: `${s.url}/prefix/` });
    await api.flags.listAll();
    await api.flags.update("5", { enabled: true });
    await api.flags.update("5", { enabled: false });
    await api.flags.update("5", { name: "x" });
    const [list, patch] = s.seen;
    expect(list?.url).toBe("/prefix/api/1/flags?projectId=7&limit=1000");
    expect(list?.headers["user-agent"]).toBe(`pulumi-feature-flags/${PACKAGE_VERSION} (+pulumi dynamic provider)`);
    expect(list?.headers.authorization).toBe("Bearer k1");
    expect(list?.headers.accept).toBe("application/json");
    expect(patch?.method).toBe("PATCH");
    expect(patch?.headers["content-type"]).toBe("application/json");
    expect(patch?.body).toBe('{"enabled":true}');
  });

  it("honours Retry-After in full and replays identical bytes", async () => {
    const s = await scriptedServer([{ status: 429, body: '{"error":"Too many requests"}', headers: { "retry-after": "7" } }, { status: 200, body: "OK" }]);
    close = s.close;
    const clock = manualClock();
    const api = amplitudeClient({ apiKey: "k", projectId: "7", serverUrl: s.url, sleep: clock.sleep, now: clock.now, random: () => 0 });
    await api.flags.update("1", { description: "é ü" });
    expect(clock.sleeps.filter((ms) => ms >= 7000).length).toBeGreaterThanOrEqual(1);
    expect(s.seen[0]?.body).toBe(s.seen[1]?.body);
  });

  it("fails fast when the server asks for a longer wait than accepted, saying so", async () => {
    const s = await scriptedServer([{ status: 429, body: '{"error":"Too many requests"}', headers: { "retry-after": "3600" } }]);
    close = s.close;
    const api = amplitudeClient({ apiKey: "k", projectId: "7", serverUrl: s.url });
    const err = await api.flags.get("1").catch((e: unknown) => e);
    expect(isApiError(err) && err.code).toBe(ErrorCode.RATE_LIMITED);
    expect(isApiError(err) && err.retryAfterMs).toBe(3_600_000);
    expect(String((err as Error).message)).toMatch(/asked to wait 1h00m.*resets at/);
  });

  it("times out, retries GETs, then reports FF_ERR_TIMEOUT", async () => {
    const s = await scriptedServer([{ status: 200, body: "{}", delayMs: 500 }, { status: 200, body: "{}", delayMs: 500 }]);
    close = s.close;
    const api = amplitudeClient({ apiKey: "k", projectId: "7", serverUrl: s.url, timeoutMs: 50, maxAttempts: 2, retryBaseDelayMs: 1 });
    const err = await api.flags.get("1").catch((e: unknown) => e);
    expect(isApiError(err) && err.code).toBe(ErrorCode.TIMEOUT);
    expect(s.seen).toHaveLength(2);
  });

  it("reports a wrong response shape naming the field", async () => {
    const s = await scriptedServer([{ status: 200, body: '{"flags":[{"id":1,"key":"a"},{"id":{"x":1},"key":"b"}]}' }, { status: 200, body: "<html>" }]);
    close = s.close;
    const api = amplitudeClient({ apiKey: "k", projectId: "7", serverUrl: s.url });
    const err = await api.flags.listAll().catch((e: unknown) => e);
    expect(isApiError(err) && err.code).toBe(ErrorCode.RESPONSE_SHAPE);
    expect(String((err as Error).message)).toContain("flags[1].id");
    const err2 = await api.flags.get("1").catch((e: unknown) => e);
    expect(String((err2 as Error).message)).toContain('expected JSON, got "<html>"');
  });

  it("normalises numeric ids, tolerates extra fields and minimal variants", async () => {
    const s = await scriptedServer([{ status: 200, body: '{"id":12,"projectId":7,"key":"k","deployments":[3,"4"],"variants":[{"key":"on"}],"future":{"x":1}}' }]);
    close = s.close;
    const api = amplitudeClient({ apiKey: "k", projectId: "7", serverUrl: s.url });
    const flag = await api.flags.get("12");
    expect(flag).toMatchObject({ id: "12", projectId: "7", deployments: ["3", "4"], variants: [{ key: "on" }], tags: [], deleted: false, future: { x: 1 } });
  });

  it("reports connection refusal as FF_ERR_NETWORK", async () => {
    const api = amplitudeClient({ apiKey: "k", projectId: "7", serverUrl: "http://127.0.0.1:1", maxAttempts: 2, retryBaseDelayMs: 1 });
    const err = await api.flags.get("1").catch((e: unknown) => e);
    expect(isApiError(err) && err.code).toBe(ErrorCode.NETWORK);
  });

  it("resolves regions", () => {
    expect(amplitudeClient({ apiKey: "k", projectId: "1" }).baseUrl).toBe("https://experiment.amplitude.com");
    expect(amplitudeClient({ apiKey: "k", projectId: "1", region: "eu" }).baseUrl).toBe("https://experiment.eu.amplitude.com");
    expect(() => amplitudeClient({ apiKey: "", projectId: "1" })).toThrow(/apiKey/);
    expect(() => amplitudeClient({ apiKey: "k", projectId: "1", serverUrl: "ftp://x" })).toThrow(/http/);
  });
});
