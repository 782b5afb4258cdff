/*
 * The emulator for the benchmark, in its own process: the inline Pulumi program and the engine's event
 * stream run in the bench process, and sharing that event loop would add its pauses to the emulator's
 * latency and make the figures depend on the bench itself.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { EmulatorState, FidelityOptions, StatsSnapshot } from "../../emulator";
import { jsonCaller } from "../../test/helpers/amplitude-emulator";

export const benchKey = "bench-key";
export const benchProject = "100000";

/** The documented limits and a realistic latency (40 ms ± 20 ms). */
export const emulatorLimits = { rateLimitPerSecond: 100, dailyLimit: 100_000, latencyMs: 20, latencyJitterMs: 40 } as const;

export interface BenchEmulator {
  url: string;
  /** Public API call with the project's key, as an out-of-band user would make it. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  stats(): Promise<StatsSnapshot>;
  resetStats(): Promise<void>;
  state(): Promise<EmulatorState>;
  /** Switches fidelity options at run time (merged into the current ones). */
  fidelity(options: FidelityOptions): Promise<void>;
  stop(): Promise<void>;
}

export async function startBenchEmulator(repoRoot: string): Promise<BenchEmulator> {
  const { rateLimitPerSecond, dailyLimit, latencyMs, latencyJitterMs } = emulatorLimits;
  // The compiled CLI (npm run bench builds first): no tsx start-up or transpiling inside the measured process.
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(repoRoot, "dist", "emulator", "amplitude", "main.js"),
      "--port", "0", "--project", benchProject, "--key", benchKey,
      "--rate-limit", String(rateLimitPerSecond), "--daily-limit", String(dailyLimit),
      "--latency", String(latencyMs), "--jitter", String(latencyJitterMs),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const http = jsonCaller(url);
  const call = <T>(method: string, path: string, body?: unknown, auth = false) =>
    http<T>(method, path, body, auth ? { authorization: `Bearer ${benchKey}` } : {});
  return {
    url,
    api: (method, path, body) => call(method, `/api/1${path}`, body, true),
    stats: () => call<StatsSnapshot>("GET", "/__admin/stats"),
    resetStats: async () => void (await call("POST", "/__admin/stats/reset")),
    state: () => call<EmulatorState>("GET", "/__admin/state"),
    fidelity: async (options) => void (await call("PUT", "/__admin/fidelity", options)),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
