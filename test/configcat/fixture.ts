/**
 * Shared set-up for the ConfigCat client and resource tests: an emulator on an ephemeral loopback port, clients
 * pointed at it, and access to its public and admin APIs as an out-of-band user (the Dashboard) would use them.
 */
import { startConfigCatEmulator, type ConfigCatEmulatorOptions, type RunningConfigCatEmulator } from "../../emulator";
import { configcatClient, resetConfigCatLimits, type ConfigCatClient, type ConfigCatClientOptions } from "../../provider/configcat/api";
import { configureConfigCat } from "../../provider/configcat/config";
import { closeTransports } from "../../provider/core";

/** A started emulator plus helpers. */
export interface ConfigCatFixture {
  emu: RunningConfigCatEmulator;
  organizationId: string;
  /** A client with the emulator's credential (limits and clock from the fixture unless overridden). */
  client(overrides?: Partial<ConfigCatClientOptions>): ConfigCatClient;
  /** Calls the public API with the emulator's credential, as the Dashboard or a script would. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** Calls the admin API. */
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/**
 * A clock running `scale` times faster than real time, shared by the emulator and the clients of a test, so
 * minute-long rate-limit windows pass in seconds while both sides still agree on every instant.
 * @param scale - how many virtual milliseconds pass per real millisecond.
 */
export function fastClock(scale: number): { now: () => number; sleep: (ms: number) => Promise<void> } {
  const realStart = Date.now();
  return {
    now: () => realStart + (Date.now() - realStart) * scale,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms) / scale)),
  };
}

/**
 * Starts an emulator (limits off unless given) and returns helpers; call `stop()` after the test.
 * @param options - emulator options.
 * @param clock - a shared clock for both sides (see {@link fastClock}).
 */
export async function startConfigCat(options: ConfigCatEmulatorOptions = {}, clock?: { now: () => number; sleep: (ms: number) => Promise<void> }): Promise<ConfigCatFixture> {
  const emu = await startConfigCatEmulator({ limits: { perSecond: 0, perMinute: 0 }, ...options, ...(clock ? { now: clock.now } : {}) });
  const sleep = clock?.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const raw = async <T>(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<T> => {
    let res: Response;
    // The test's own calls (a Dashboard-style edit, a state check) share the emulator's limits with the provider:
    // wait out a 429 as a careful script would, so they never fail a test that is about something else.
    for (let attempt = 0; ; attempt += 1) {
      res = await fetch(`${emu.url}${path}`, {
        method, headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status !== 429 || attempt === 20) break;
      await res.text();
      await sleep(Number(res.headers.get("retry-after") ?? "1") * 1000);
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    emu,
    organizationId: [...emu.app.store.organizations.keys()][0]!,
    client: (overrides = {}) =>
      configcatClient({
        basicAuthUsername: emu.credentials.username, basicAuthPassword: emu.credentials.password, serverUrl: emu.url,
        ...(clock ? { now: clock.now, sleep: clock.sleep } : {}), ...overrides,
      }),
    api: (method, path, body) => raw(method, path, body, { authorization: emu.authorization }),
    admin: (method, path, body) => raw(method, `/__admin${path}`, body, {}),
    stop: async () => {
      await closeTransports();
      resetConfigCatLimits();
      await emu.stop();
    },
  };
}

/**
 * Points the in-process providers at the fixture's emulator, as the engine's `configure` call would.
 * @param f - the fixture.
 */
export function configureProviders(f: ConfigCatFixture): void {
  const config: Record<string, string> = {
    "configcat:serverUrl": f.emu.url,
    "configcat:basicAuthUsername": f.emu.credentials.username,
    "configcat:basicAuthPassword": f.emu.credentials.password,
  };
  configureConfigCat({ get: (key: string) => config[key] } as never);
}

/**
 * Runs a provider's `check` and returns the normalized inputs, failing the test on check failures.
 * @param p - a provider.
 * @param news - program inputs.
 */
export async function checked<T>(p: { check(o: unknown, n: Record<string, unknown>): Promise<{ inputs?: unknown; failures?: unknown }> }, news: Record<string, unknown>): Promise<T> {
  const r = await p.check({}, news);
  if (r.failures) throw new Error(JSON.stringify(r.failures));
  return r.inputs as T;
}

/**
 * Stack configuration pointing the provider at the fixture's emulator, with the password secret as a user sets it.
 * @param f - the fixture.
 */
export function stackConfig(f: ConfigCatFixture) {
  return {
    "configcat:serverUrl": { value: f.emu.url },
    "configcat:basicAuthUsername": { value: f.emu.credentials.username },
    "configcat:basicAuthPassword": { value: f.emu.credentials.password, secret: true },
  };
}
