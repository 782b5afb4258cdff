/**
 * Client throughput benchmark: how close the shared limiter gets to the configured rate, and how many 429s it
 * provokes, against the emulator enforcing Amplitude's 100 requests/s per project.
 *
 * Run: `npx tsx bench/client/throughput.ts [--requests 1500] [--url http://127.0.0.1:8080]`
 * Without `--url` it starts the emulator in a separate process (as a real server would be), so the client's
 * timing is not distorted by the server sharing its event loop.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { amplitudeClient } from "../../provider/amplitude/api";
import { closeTransports } from "../../provider/core";

const LIMIT = 100;

interface Stats { total: number; byStatus: Record<string, number> }

async function startEmulator(): Promise<{ url: string; child: ChildProcess }> {
  const root = join(__dirname, "..", "..");
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "emulator/amplitude/main.ts"), "--port", "0", "--rate-limit", String(LIMIT)], {
    cwd: root, stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { url, child };
}

async function admin<T>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function phase(url: string, name: string, requests: number, latencyMs: number): Promise<void> {
  await admin(url, "PUT", "/__admin/faults", { latencyMs, latencyJitterMs: latencyMs });
  const api = amplitudeClient({ apiKey: "emulator-key", projectId: "100000", serverUrl: url, requestsPerSecond: LIMIT });
  const { id } = await api.flags.create({ key: `bench-${name.replace(/[^a-z0-9]+/gi, "-")}-${Date.now()}` });
  // Let the server's window empty so the phase starts clean.
  await new Promise((r) => setTimeout(r, 1100));
  await admin(url, "POST", "/__admin/stats/reset");
  const started = performance.now();
  const results = await Promise.allSettled(
    Array.from({ length: requests }, (_, i) => (i % 5 === 0 ? api.flags.variants.list(id) : api.flags.get(id))),
  );
  const seconds = (performance.now() - started) / 1000;
  const failures = results.filter((r) => r.status === "rejected").length;
  const stats = await admin<Stats>(url, "GET", "/__admin/stats");
  const throttled = stats.byStatus["429"] ?? 0;
  const achieved = requests / seconds;
  console.log(
    `${name.padEnd(22)} ${requests} calls in ${seconds.toFixed(2)} s → ${achieved.toFixed(1)} req/s = ` +
      `${(achieved / LIMIT).toFixed(3)} of the ${LIMIT}/s limit; ${((throttled / stats.total) * 1000).toFixed(1)} 429s per 1,000 requests ` +
      `(${throttled}/${stats.total}); failures: ${failures}`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { requests: { type: "string", default: "1500" }, url: { type: "string" } } });
  const requests = Number(values.requests);
  const external = values.url;
  const emu = external ? undefined : await startEmulator();
  const url = external ?? emu!.url;
  try {
    console.log(`client throughput against ${url} (limit ${LIMIT}/s, all calls issued at once, shared limiter)`);
    await phase(url, "loopback", requests, 0);
    await phase(url, "latency 20–40 ms", requests, 20);
  } finally {
    await admin(url, "PUT", "/__admin/faults", {});
    await closeTransports();
    emu?.child.kill("SIGTERM");
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
