/*
 * Throughput of the Amplitude emulator on loopback with limits off.
 * Runs the emulator in a child process (so client and server do not share an event loop), seeds flags,
 * then drives mixed traffic with undici: 60 % GET flag, 20 % list (limit 50), 20 % PATCH.
 *
 *   npx tsx bench/emulator/throughput.ts [--seconds 5] [--connections 32]
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Pool } from "undici";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "5" }, connections: { type: "string", default: "32" } } });
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const KEY = "bench-key";
const ROOT = join(__dirname, "..", "..");

async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), join(ROOT, "emulator", "amplitude", "main.ts"), "--port", "0", "--key", KEY, "--rate-limit", "0", "--daily-limit", "0"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { url, stop: () => new Promise((resolve) => { child.once("exit", () => resolve()); child.kill("SIGTERM"); }) };
}

async function main(): Promise<void> {
  const server = await startServer();
  const pool = new Pool(server.url, { connections: CONNECTIONS, pipelining: 1 });
  const headers = { authorization: `Bearer ${KEY}`, "content-type": "application/json" };
  const send = async (method: "GET" | "POST" | "PATCH", path: string, body?: unknown): Promise<{ status: number; text: string }> => {
    const res = await pool.request({ method, path, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.statusCode, text: await res.body.text() };
  };

  const ids: string[] = [];
  for (let i = 0; i < 200; i++) {
    const r = await send("POST", "/api/1/flags", { projectId: "100000", key: `bench-${i}` });
    ids.push((JSON.parse(r.text) as { id: string }).id);
  }
  await send("POST", "/__admin/stats/reset");

  const deadline = performance.now() + SECONDS * 1000;
  const statuses = new Map<number, number>();
  let done = 0;
  let i = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const n = i++;
      const id = ids[n % ids.length];
      const roll = n % 10;
      const r = roll < 6 ? await send("GET", `/api/1/flags/${id}`)
        : roll < 8 ? await send("GET", `/api/1/flags?limit=50&cursor=${(n * 7) % 150}`)
        : await send("PATCH", `/api/1/flags/${id}`, { description: `run ${n}` });
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      done++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  await pool.close();
  await server.stop();
  const rps = Math.round(done / elapsed);
  process.stdout.write(`mixed GET/list/PATCH: ${done} requests in ${elapsed.toFixed(2)} s over ${CONNECTIONS} connections = ${rps} requests/s\n`);
  process.stdout.write(`statuses: ${JSON.stringify(Object.fromEntries(statuses))}\n`);
  if (rps < 2000) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
