/**
 * Test access to a running Amplitude emulator: its public API (as an out-of-band user would change things)
 * and its admin endpoints (request log, state, faults).
 */
import { startAmplitudeEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";

export interface LoggedRequest {
  method: string;
  path: string;
  /** Query string without `?`, when there was one. */
  query?: string;
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

/**
 * A small HTTP caller for an emulator: JSON in, JSON (or the bare `OK` some write routes answer) out, and
 * an error carrying status and body for anything but 2xx.
 */
export function jsonCaller(baseUrl: string) {
  return async <T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> => {
    const res = await fetch(baseUrl + path, {
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
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const emulator = await startAmplitudeEmulator({ rateLimitPerSecond: 0, ...options });
  const call = jsonCaller(emulator.url);
  return {
    emulator,
    url: emulator.url,
    api: (method, path, body, key = defaultKey) => call(method, `/api/1${path}`, body, { authorization: `Bearer ${key}` }),
    admin: (method, path, body) => call(method, `/__admin${path}`, body),
    requests: () => call<LoggedRequest[]>("GET", "/__admin/requests"),
    resetStats: async () => void (await call("POST", "/__admin/stats/reset")),
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
