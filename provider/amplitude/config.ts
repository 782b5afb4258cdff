import type * as pulumi from "@pulumi/pulumi";

/**
 * Provider settings, as read from stack configuration (`amplitude:*`) with environment-variable fallbacks.
 * The management keys never leave the provider process: they are read here, at call time, and are never
 * part of a resource's inputs, outputs or serialized provider.
 */
export interface AmplitudeSettings {
  /** `us` (default) or `eu`. */
  region: "us" | "eu";
  /** Overrides the region's host, e.g. the local emulator. */
  serverUrl?: string;
  /** Client-side request rate per project. */
  requestsPerSecond?: number;
  /** Bound on concurrent requests per project. */
  maxInFlight?: number;
  /** Requests per project per UTC day after which the provider stops instead of being throttled for hours. */
  dailyRequestBudget?: number;
  /** Serve `read` during refresh from one list per project instead of one GET per resource. */
  batchReads: boolean;
}

/** The configuration keys and the environment variables that back them. */
export const settingSources = {
  managementApiKey: { config: "amplitude:managementApiKey", env: "AMPLITUDE_MANAGEMENT_API_KEY" },
  managementApiKeys: { config: "amplitude:managementApiKeys", env: "AMPLITUDE_MANAGEMENT_API_KEYS" },
  region: { config: "amplitude:region", env: "AMPLITUDE_REGION" },
  serverUrl: { config: "amplitude:serverUrl", env: "AMPLITUDE_SERVER_URL" },
  requestsPerSecond: { config: "amplitude:requestsPerSecond", env: "AMPLITUDE_REQUESTS_PER_SECOND" },
  maxInFlight: { config: "amplitude:maxInFlight", env: "AMPLITUDE_MAX_IN_FLIGHT" },
  dailyRequestBudget: { config: "amplitude:dailyRequestBudget", env: "AMPLITUDE_DAILY_REQUEST_BUDGET" },
  batchReads: { config: "amplitude:batchReads", env: "AMPLITUDE_BATCH_READS" },
} as const;

type SettingName = keyof typeof settingSources;
type RawConfig = Partial<Record<SettingName, string>>;

const registryKey = Symbol.for("pulumi-feature-flags.amplitude.config");
const store = globalThis as Record<symbol, RawConfig | undefined>;

/**
 * Stores the stack configuration the engine hands the provider. Synchronous on purpose: the engine may
 * call other methods right after `configure` starts (see the configure race in the Pulumi reference).
 */
export function configureAmplitude(config: pulumi.dynamic.ConfigureRequest["config"]): void {
  const raw: RawConfig = {};
  for (const [name, source] of Object.entries(settingSources) as [SettingName, { config: string }][]) {
    const value = config.get(source.config);
    if (value !== undefined && value !== "") raw[name] = value;
  }
  store[registryKey] = raw;
}

function setting(name: SettingName): string | undefined {
  const fromConfig = store[registryKey]?.[name];
  if (fromConfig !== undefined) return fromConfig;
  const fromEnv = process.env[settingSources[name].env];
  return fromEnv === undefined || fromEnv === "" ? undefined : fromEnv;
}

function numberSetting(name: SettingName): number | undefined {
  const raw = setting(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${settingSources[name].config} must be a positive number, got "${raw}"`);
  }
  return value;
}

/** The provider settings in force for this call. */
export function amplitudeSettings(): AmplitudeSettings {
  const region = setting("region") ?? "us";
  if (region !== "us" && region !== "eu") {
    throw new Error(`amplitude:region must be "us" or "eu", got "${region}"`);
  }
  return {
    region,
    serverUrl: setting("serverUrl"),
    requestsPerSecond: numberSetting("requestsPerSecond"),
    maxInFlight: numberSetting("maxInFlight"),
    dailyRequestBudget: numberSetting("dailyRequestBudget"),
    batchReads: !/^(false|0|no|off)$/i.test(setting("batchReads") ?? "true"),
  };
}

/**
 * The management key for a project: its entry in `amplitude:managementApiKeys` (a JSON object mapping
 * project ids to keys) if there is one, else `amplitude:managementApiKey`.
 * @throws an error naming the settings to fill in, never a key.
 */
export function managementKeyFor(projectId: string): string {
  const perProject = setting("managementApiKeys");
  if (perProject !== undefined) {
    let map: unknown;
    try {
      map = JSON.parse(perProject);
    } catch {
      throw new Error("amplitude:managementApiKeys must be a JSON object mapping project ids to management API keys");
    }
    const key = (map as Record<string, unknown> | null)?.[projectId];
    if (typeof key === "string" && key !== "") return key;
  }
  const key = setting("managementApiKey");
  if (key !== undefined) return key;
  throw new Error(
    `no Amplitude management API key for project ${projectId}: run ` +
      "`pulumi config set --secret amplitude:managementApiKey <key>` (or set AMPLITUDE_MANAGEMENT_API_KEY), " +
      "or add the project to amplitude:managementApiKeys",
  );
}
