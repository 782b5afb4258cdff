/**
 * Test access to a running Amplitude emulator: its public API (as an out-of-band user would change things)
 * and its admin endpoints (request log, state, faults).
 */
import { startAmplitudeEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";

export interface LoggedRequest {
  method: string;
  path: string;
  route: string;
  status: number;
}

export interface EmulatorHandle {
  emulator: RunningEmulator;
  url: string;
  /** Calls the public API with the project's key, as someone using the Amplitude UI or a script would. */
  api<T = unknown>(method: string, path: string, body?: unknown, key?: string): Promise<T>;
  /** Requests received since the last reset. */
  requests(): Promise<LoggedRequest[]>;
  resetStats(): Promise<void>;
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export const defaultKey = "emulator-key";
export const defaultProject = "100000";

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const emulator = await startAmplitudeEmulator({ rateLimitPerSecond: 0, ...options });
  const call = async <T>(method: string, path: string, body: unknown, headers: Record<string, string>) => {
    const res = await fetch(emulator.url + path, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    try {
      return JSON.parse(text) as T;
    } catch {
      return text as T;
    }
  };
  return {
    emulator,
    url: emulator.url,
    api: (method, path, body, key = defaultKey) => call(method, `/api/1${path}`, body, { authorization: `Bearer ${key}` }),
    admin: (method, path, body) => call(method, `/__admin${path}`, body, {}),
    requests: () => call<LoggedRequest[]>("GET", "/__admin/requests", undefined, {}),
    resetStats: async () => void (await call("POST", "/__admin/stats/reset", undefined, {})),
    stop: () => emulator.stop(),
  };
}

/** Only the requests that change something. */
export const writes = (log: LoggedRequest[]) => log.filter((r) => r.method !== "GET");

/** Stack configuration that points the provider at an emulator with one management key. */
export function emulatorConfig(em: EmulatorHandle, key = defaultKey) {
  return {
    "amplitude:serverUrl": { value: em.url },
    "amplitude:managementApiKey": { value: key, secret: true },
  };
}
