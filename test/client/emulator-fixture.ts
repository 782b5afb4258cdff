/**
 * Shared set-up for the client tests: an emulator on an ephemeral loopback port, a client pointed at it, and
 * helpers for the emulator's admin API.
 */
import { startAmplitudeEmulator, type RunningEmulator } from "../../emulator";
import type { EmulatorOptions } from "../../emulator";
import { amplitudeClient, type AmplitudeClient, type AmplitudeClientOptions } from "../../provider/amplitude/api";
import { closeTransports, resetSharedLimits } from "../../provider/core";

/** The emulator's default project and key. */
export const PROJECT = "100000";
/** The emulator's default management key. */
export const KEY = "emulator-key";

/** A started emulator plus a client factory bound to it. */
export interface Fixture {
  emu: RunningEmulator;
  client(overrides?: Partial<AmplitudeClientOptions>): AmplitudeClient;
  admin<T>(method: "GET" | "PUT" | "POST", path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Starts an emulator and returns helpers; call `stop()` in `afterEach`/`afterAll`.
 * @param options - emulator options.
 */
export async function startFixture(options: EmulatorOptions = {}): Promise<Fixture> {
  const emu = await startAmplitudeEmulator(options);
  return {
    emu,
    client: (overrides = {}) => amplitudeClient({ apiKey: KEY, projectId: PROJECT, serverUrl: emu.url, ...overrides }),
    admin: async <T>(method: "GET" | "PUT" | "POST", path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${emu.url}${path}`, {
        method, headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
    stop: async () => {
      await closeTransports();
      resetSharedLimits();
      await emu.stop();
    },
  };
}

/** Collects an async iterable. */
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
