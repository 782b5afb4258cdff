/*
 * The ConfigCat emulator for the benchmark, in its own process (as for Amplitude: the inline program and the
 * engine's event stream run in the bench process, and sharing its event loop would add its pauses to the
 * emulator's latency). Started with the documented per-endpoint limits and a realistic latency.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { ConfigCatState, RequestLogEntry, StatsSnapshot } from "../../emulator";
import { jsonCaller } from "../../test/helpers/amplitude-emulator";
import type { RateWindow } from "./floor";

export const benchUser = "bench-user";
export const benchPassword = "bench-password";

/**
 * "around 20 per second and 500 per minute for each endpoint" (design §2.5, the emulator's defaults, passed
 * explicitly so the bench states them), and the Amplitude bench's latency: 40 ms ± 20 ms.
 */
export const configcatLimits = { perSecond: 20, perMinute: 500, latencyMs: 20, latencyJitterMs: 40 } as const;

export interface ConfigCatBenchEmulator {
  url: string;
  organizationId: string;
  /** The windows the emulator enforces per endpoint, as its admin API reports them. */
  windows: RateWindow[];
  /** Public API call with the bench credential, as the Dashboard or a script would make it. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  stats(): Promise<StatsSnapshot>;
  resetStats(): Promise<void>;
  /** The request log since the last reset (route and status of every request). */
  requests(): Promise<RequestLogEntry[]>;
  state(): Promise<ConfigCatState>;
  stop(): Promise<void>;
}

export async function startConfigCatBenchEmulator(repoRoot: string): Promise<ConfigCatBenchEmulator> {
  const { perSecond, perMinute, latencyMs, latencyJitterMs } = configcatLimits;
  // The compiled CLI (built by `npm run bench`'s prepare step): no tsx inside the measured process.
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(repoRoot, "dist", "emulator", "configcat", "main.js"),
      "--port", "0", "--user", benchUser, "--password", benchPassword,
      "--per-second", String(perSecond), "--per-minute", String(perMinute),
      "--latency", String(latencyMs), "--jitter", String(latencyJitterMs),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const { url, organizationId } = await new Promise<{ url: string; organizationId: string }>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const u = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      const o = /organization: .*\(([0-9a-f-]{36})\)/.exec(out);
      if (u && o) resolve({ url: u[1], organizationId: o[1] });
    });
    child.once("exit", (code) => reject(new Error(`ConfigCat emulator exited with ${code}`)));
  });
  const http = jsonCaller(url);
  const authorization = `Basic ${Buffer.from(`${benchUser}:${benchPassword}`).toString("base64")}`;
  const admin = <T>(method: string, path: string, body?: unknown) => http<T>(method, `/__admin${path}`, body, {});
  const limits = await admin<{ perSecond: number; perMinute: number }>("GET", "/limits");
  return {
    url,
    organizationId,
    windows: [{ limit: limits.perSecond, periodMs: 1000 }, { limit: limits.perMinute, periodMs: 60_000 }],
    api: (method, path, body) => http(method, path, body, { authorization }),
    stats: () => admin<StatsSnapshot>("GET", "/stats"),
    resetStats: async () => void (await admin("POST", "/stats/reset")),
    requests: () => admin<RequestLogEntry[]>("GET", "/requests"),
    state: () => admin<ConfigCatState>("GET", "/state"),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
