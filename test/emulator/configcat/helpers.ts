import { request } from "undici";
import { startConfigCatEmulator, type ConfigCatEmulatorOptions, type RunningConfigCatEmulator } from "../../../emulator";

/** A response as tests see it. */
export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  json: any;
}

/** Starts an emulator with limits off unless the test asks for them. */
export function start(options: ConfigCatEmulatorOptions = {}): Promise<RunningConfigCatEmulator> {
  return startConfigCatEmulator({ limits: { perSecond: 0, perMinute: 0 }, ...options });
}

/** `Basic base64(user:password)`. */
export const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

/**
 * Sends a request with the emulator's first credential unless `auth` is given (null = no header).
 */
export async function call(
  emu: RunningConfigCatEmulator,
  method: string,
  path: string,
  body?: unknown,
  opts: { auth?: string | null; rawBody?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<TestResponse> {
  const headers: Record<string, string> = { accept: "application/json", ...opts.headers };
  const auth = opts.auth === undefined ? emu.authorization : opts.auth;
  if (auth !== null) headers.authorization = auth;
  let payload: string | Buffer | undefined = opts.rawBody;
  if (body !== undefined) payload = JSON.stringify(body);
  if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
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

/** Calls and insists on a status, returning the JSON body. */
export async function must(emu: RunningConfigCatEmulator, status: number, method: string, path: string, body?: unknown, opts?: Parameters<typeof call>[4]): Promise<TestResponse["json"]> {
  const r = await call(emu, method, path, body, opts);
  if (r.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${r.status} ${r.text}`);
  return r.json;
}

/** The organization every default emulator starts with. */
export function orgId(emu: RunningConfigCatEmulator): string {
  return [...emu.app.store.organizations.keys()][0];
}

/** Ids of a product with one config (of the given evaluation version) and one environment. */
export interface World {
  productId: string;
  configId: string;
  environmentId: string;
}

/** Creates product "P", config "C" and environment "Production" (cases 3–5 of the design's §5). */
export async function world(emu: RunningConfigCatEmulator, evaluationVersion: "v1" | "v2" = "v2"): Promise<World> {
  const product = await must(emu, 201, "POST", `/v1/organizations/${orgId(emu)}/products`, { name: "P" });
  const config = await must(emu, 201, "POST", `/v1/products/${product.productId}/configs`, { name: "C", evaluationVersion });
  const env = await must(emu, 201, "POST", `/v1/products/${product.productId}/environments`, { name: "Production", color: "#ff0000" });
  return { productId: product.productId, configId: config.configId, environmentId: env.environmentId };
}

/** Creates a flag and returns its id. */
export async function flag(emu: RunningConfigCatEmulator, configId: string, key: string, settingType = "boolean", extra: Record<string, unknown> = {}): Promise<number> {
  const s = await must(emu, 201, "POST", `/v1/configs/${configId}/settings`, { key, name: key, settingType, ...extra });
  return s.settingId as number;
}
