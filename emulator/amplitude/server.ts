import { AmplitudeApp } from "./app";
import type { EmulatorState } from "./model";
import type { EmulatorOptions } from "./options";
import type { FaultOptions } from "../core/faults";
import { serveLocal } from "../core/serve";
import type { StatsSnapshot } from "../core/request-stats";

/** A started emulator. */
export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:54321` (append `/api/1/...`). */
  url: string;
  /** The port listened on. */
  port: number;
  /** The first key of the first project, handy for tests. */
  apiKey: string;
  /** The app behind the server, for direct inspection in tests. */
  app: AmplitudeApp;
  /** A deep copy of the state. */
  getState(): EmulatorState;
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
 * Starts the Amplitude Experiment Management API emulator on 127.0.0.1.
 * @param options - see {@link EmulatorOptions}
 * @returns the running emulator; call `stop()` when done
 * @throws Error when the port is taken or the state file is invalid
 * @example
 * const emu = await startAmplitudeEmulator();
 * const res = await fetch(`${emu.url}/api/1/flags`, { headers: { authorization: `Bearer ${emu.apiKey}` } });
 * await emu.stop();
 */
export async function startAmplitudeEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const app = new AmplitudeApp(options);
  const server = await serveLocal(app.handle, options.port, () => app.flush());
  return {
    url: server.url,
    port: server.port,
    apiKey: app.getProjects()[0]?.keys[0] ?? "",
    app,
    getState: () => app.store.snapshot(),
    stats: () => app.stats.snapshot(),
    resetStats: () => app.stats.reset(),
    setFaults: (faults, seed) => app.faults.configure(faults, seed),
    stop: server.stop,
  };
}
