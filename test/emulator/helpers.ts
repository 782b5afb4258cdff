import { request } from "undici";
import { startAmplitudeEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";

/** A response as tests see it. */
export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  json: any;
}

/** Starts an emulator with limits off unless the test asks for them. */
export function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startAmplitudeEmulator({ rateLimitPerSecond: 0, dailyLimit: 0, ...options });
}

/** Sends a request with the emulator's key unless `key` is given (null = no header). */
export async function call(
  emu: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
  opts: { key?: string | null; rawBody?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<TestResponse> {
  const headers: Record<string, string> = { accept: "application/json", ...opts.headers };
  const key = opts.key === undefined ? emu.apiKey : opts.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  let payload: string | Buffer | undefined = opts.rawBody;
  if (body !== undefined) payload = JSON.stringify(body);
  if (payload !== undefined) headers["content-type"] = "application/json";
  const res = await request(`${emu.url}${path}`, { method: method as "GET", headers, body: payload });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

/** Creates a deployment and returns its id. */
export async function createDeployment(emu: RunningEmulator, label = "dep", projectId = "100000", type = "server"): Promise<string> {
  const r = await call(emu, "POST", "/api/1/deployments", { projectId, label, type });
  if (r.status !== 200) throw new Error(`deployment create failed: ${r.status} ${r.text}`);
  return r.json.id as string;
}

/** Creates a flag (or experiment) and returns its id. */
export async function createConfig(emu: RunningEmulator, kind: "flags" | "experiments", body: Record<string, unknown>): Promise<string> {
  const r = await call(emu, "POST", `/api/1/${kind}`, { projectId: "100000", ...body });
  if (r.status !== 200) throw new Error(`create failed: ${r.status} ${r.text}`);
  return r.json.id as string;
}
