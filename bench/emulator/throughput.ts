/*
 * Throughput of an emulator on loopback with limits off.
 * Runs the emulator in a child process (so client and server do not share an event loop), seeds flags,
 * then drives mixed traffic with undici:
 *   amplitude (default): 60 % GET flag, 20 % list (limit 50), 20 % PATCH.
 *   configcat: 40 % GET flag, 20 % GET V2 value, 10 % list flags, 10 % list V2 values (50 flags each),
 *              10 % JSON Patch flag, 10 % PUT V2 value.
 *
 *   npx tsx bench/emulator/throughput.ts [--vendor amplitude|configcat] [--seconds 5] [--connections 32]
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Pool } from "undici";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "5" }, connections: { type: "string", default: "32" }, vendor: { type: "string", default: "amplitude" } },
});
const VENDOR = values.vendor === "configcat" ? "configcat" : "amplitude";
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const KEY = "bench-key";
const ROOT = join(__dirname, "..", "..");

const CONFIGCAT_USER = "bench-user";
const CONFIGCAT_PASSWORD = "bench-password";

async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const args = VENDOR === "configcat"
    ? [join(ROOT, "emulator", "main.ts"), "configcat", "--port", "0", "--user", CONFIGCAT_USER, "--password", CONFIGCAT_PASSWORD, "--no-limits"]
    : [join(ROOT, "emulator", "amplitude", "main.ts"), "--port", "0", "--key", KEY, "--rate-limit", "0", "--daily-limit", "0"];
  const child = spawn(process.execPath, [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), ...args], { stdio: ["ignore", "pipe", "inherit"] });
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

type Send = (method: "GET" | "POST" | "PATCH" | "PUT", path: string, body?: unknown) => Promise<{ status: number; text: string }>;

/** Seeds 200 Amplitude flags; returns the request for traffic slot `n`. */
async function amplitudeTraffic(send: Send): Promise<(n: number) => Promise<{ status: number; text: string }>> {
  const ids: string[] = [];
  for (let i = 0; i < 200; i++) {
    const r = await send("POST", "/api/1/flags", { projectId: "100000", key: `bench-${i}` });
    ids.push((JSON.parse(r.text) as { id: string }).id);
  }
  return (n) => {
    const id = ids[n % ids.length];
    const roll = n % 10;
    return roll < 6 ? send("GET", `/api/1/flags/${id}`)
      : roll < 8 ? send("GET", `/api/1/flags?limit=50&cursor=${(n * 7) % 150}`)
      : send("PATCH", `/api/1/flags/${id}`, { description: `run ${n}` });
  };
}

/** Flags in the ConfigCat config: list responses carry all of them (ConfigCat lists do not page), as Amplitude's pages carry 50. */
const FLAGS = 50;

/** Seeds a product with a V2 config, 2 environments and {@link FLAGS} flags; returns the request for traffic slot `n`. */
async function configcatTraffic(send: Send): Promise<(n: number) => Promise<{ status: number; text: string }>> {
  const json = async (method: "GET" | "POST", path: string, body?: unknown): Promise<Record<string, unknown>> => JSON.parse((await send(method, path, body)).text) as Record<string, unknown>;
  const org = ((await json("GET", "/v1/organizations")) as unknown as Array<{ organizationId: string }>)[0].organizationId;
  const product = (await json("POST", `/v1/organizations/${org}/products`, { name: "bench" })).productId as string;
  const config = (await json("POST", `/v1/products/${product}/configs`, { name: "bench", evaluationVersion: "v2" })).configId as string;
  const envs: string[] = [];
  for (const name of ["Production", "Staging"]) envs.push((await json("POST", `/v1/products/${product}/environments`, { name })).environmentId as string);
  const ids: number[] = [];
  for (let i = 0; i < FLAGS; i++) ids.push((await json("POST", `/v1/configs/${config}/settings`, { key: `bench${i}`, name: `bench ${i}`, settingType: "boolean" })).settingId as number);
  const rule = { conditions: [{ userCondition: { comparisonAttribute: "Email", comparator: "isOneOf", comparisonValue: { listValue: [{ value: "a@example.com" }] } } }], value: { boolValue: true } };
  return (n) => {
    const id = ids[n % ids.length];
    const env = envs[n % 2];
    const roll = n % 10;
    return roll < 4 ? send("GET", `/v1/settings/${id}`)
      : roll < 6 ? send("GET", `/v2/environments/${env}/settings/${id}/value`)
      : roll < 7 ? send("GET", `/v1/configs/${config}/settings`)
      : roll < 8 ? send("GET", `/v2/configs/${config}/environments/${env}/values`)
      : roll < 9 ? send("PATCH", `/v1/settings/${id}`, [{ op: "replace", path: "/hint", value: `run ${n}` }])
      : send("PUT", `/v2/environments/${env}/settings/${id}/value?reason=bench`, { defaultValue: { boolValue: n % 20 === 9 }, targetingRules: [rule] });
  };
}

async function main(): Promise<void> {
  const server = await startServer();
  const pool = new Pool(server.url, { connections: CONNECTIONS, pipelining: 1 });
  const authorization = VENDOR === "configcat" ? `Basic ${Buffer.from(`${CONFIGCAT_USER}:${CONFIGCAT_PASSWORD}`).toString("base64")}` : `Bearer ${KEY}`;
  const headers = { authorization, "content-type": "application/json" };
  const send: Send = async (method, path, body) => {
    const res = await pool.request({ method, path, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.statusCode, text: await res.body.text() };
  };

  const next = VENDOR === "configcat" ? await configcatTraffic(send) : await amplitudeTraffic(send);
  await send("POST", "/__admin/stats/reset");

  const deadline = performance.now() + SECONDS * 1000;
  const statuses = new Map<number, number>();
  let done = 0;
  let i = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const r = await next(i++);
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
  process.stdout.write(`${VENDOR} mixed reads/lists/writes: ${done} requests in ${elapsed.toFixed(2)} s over ${CONNECTIONS} connections = ${rps} requests/s\n`);
  process.stdout.write(`statuses: ${JSON.stringify(Object.fromEntries(statuses))}\n`);
  if (rps < 2000) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
