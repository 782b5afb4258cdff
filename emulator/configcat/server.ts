import type { FaultOptions } from "../core/faults";
import { serveLocal } from "../core/serve";
import type { StatsSnapshot } from "../core/request-stats";
import { ConfigCatApp } from "./app";
import type { ConfigCatState } from "./model";
import { DEFAULT_USER, type ConfigCatEmulatorOptions } from "./options";

/** A started ConfigCat emulator. */
export interface RunningConfigCatEmulator {
  /** Base URL, e.g. `http://127.0.0.1:54321` (append `/v1/...`). */
  url: string;
  /** The port listened on. */
  port: number;
  /** The first credential, handy for tests (`Authorization: Basic base64(username:password)`). */
  credentials: { username: string; password: string };
  /** The `Authorization` header value for {@link credentials}. */
  authorization: string;
  /** The app behind the server, for direct inspection in tests. */
  app: ConfigCatApp;
  /** A deep copy of the state. */
  getState(): ConfigCatState;
  /** Request counters. */
  stats(): StatsSnapshot;
  /** Clears counters and the request log. */
  resetStats(): void;
  /**
   * Replaces fault options (and reseeds when a seed is given).
   * @param faults - new options
   * @param seed - optional seed
   */
  setFaults(faults: FaultOptions, seed?: number): void;
  /** Closes every connection, stops listening and writes the state file. */
  stop(): Promise<void>;
}

/**
 * Starts the ConfigCat Public Management API emulator on 127.0.0.1.
 * @param options - see {@link ConfigCatEmulatorOptions}
 * @returns the running emulator; call `stop()` when done
 * @throws Error when the port is taken or the state file is invalid
 * @example
 * const emu = await startConfigCatEmulator({ limits: { perSecond: 0, perMinute: 0 } });
 * const res = await fetch(`${emu.url}/v1/me`, { headers: { authorization: emu.authorization } });
 * await emu.stop();
 */
export async function startConfigCatEmulator(options: ConfigCatEmulatorOptions = {}): Promise<RunningConfigCatEmulator> {
  const app = new ConfigCatApp(options);
  const server = await serveLocal(app.handle, options.port, () => app.flush());
  const first = options.users?.[0] ?? DEFAULT_USER;
  const credentials = { username: first.username, password: first.password };
  return {
    url: server.url,
    port: server.port,
    credentials,
    authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`,
    app,
    getState: () => app.store.snapshot(),
    stats: () => app.stats.snapshot(),
    resetStats: () => app.stats.reset(),
    setFaults: (faults, seed) => app.faults.configure(faults, seed),
    stop: server.stop,
  };
}
