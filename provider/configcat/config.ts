import type * as pulumi from "@pulumi/pulumi";

/**
 * Provider settings, read from stack configuration (`configcat:*`) with environment-variable fallbacks (design §1.0).
 * The credential never leaves the provider process: it is read here, at call time, and is never part of a
 * resource's inputs, outputs or serialized provider.
 */
export interface ConfigCatSettings {
  /** Base URL, e.g. the emulator. @default "https://api.configcat.com" */
  serverUrl?: string;
  /** Client budget per endpoint (method + path template), per second. @default 15 */
  requestsPerSecond?: number;
  /** Client budget per endpoint, per minute. @default 450 */
  requestsPerMinute?: number;
  /** Requests on the wire at once. @default 8 */
  maxInFlight?: number;
  /** Serve refresh from the unpaginated list endpoints instead of one GET per resource. @default true */
  batchReads: boolean;
  /** Note sent as `reason=` with every value write that sets none. */
  defaultReason?: string;
  /** Send `latestVersionId` with value writes, so a Dashboard edit made after the last read fails the write with 409. @default false */
  guardConcurrentEdits: boolean;
  /**
   * Send V2 value writes to the same config × environment (same note and approval flag) that arrive together as one
   * bulk `POST …/values` of up to 100 flags instead of one `PUT` each; never with `guardConcurrentEdits`. @default true
   */
  batchValueWrites: boolean;
}

/** The configuration keys and the environment variables that back them. */
export const settingSources = {
  basicAuthUsername: { config: "configcat:basicAuthUsername", env: ["CONFIGCAT_BASIC_AUTH_USERNAME"] },
  basicAuthPassword: { config: "configcat:basicAuthPassword", env: ["CONFIGCAT_BASIC_AUTH_PASSWORD"] },
  serverUrl: { config: "configcat:serverUrl", env: ["CONFIGCAT_SERVER_URL", "CONFIGCAT_BASE_PATH"] },
  requestsPerSecond: { config: "configcat:requestsPerSecond", env: ["CONFIGCAT_REQUESTS_PER_SECOND"] },
  requestsPerMinute: { config: "configcat:requestsPerMinute", env: ["CONFIGCAT_REQUESTS_PER_MINUTE"] },
  maxInFlight: { config: "configcat:maxInFlight", env: ["CONFIGCAT_MAX_IN_FLIGHT"] },
  batchReads: { config: "configcat:batchReads", env: ["CONFIGCAT_BATCH_READS"] },
  defaultReason: { config: "configcat:defaultReason", env: ["CONFIGCAT_DEFAULT_REASON"] },
  guardConcurrentEdits: { config: "configcat:guardConcurrentEdits", env: ["CONFIGCAT_GUARD_CONCURRENT_EDITS"] },
  batchValueWrites: { config: "configcat:batchValueWrites", env: ["CONFIGCAT_BATCH_VALUE_WRITES"] },
} as const;

type SettingName = keyof typeof settingSources;
type RawConfig = Partial<Record<SettingName, string>>;

const registryKey = Symbol.for("pulumi-feature-flags.configcat.config");
const store = globalThis as Record<symbol, RawConfig | undefined>;

/**
 * Stores the stack configuration the engine hands the provider. Synchronous on purpose: the engine may call other
 * methods right after `configure` starts (the configure race in the Pulumi reference).
 * @param config - the engine's configuration accessor.
 */
export function configureConfigCat(config: pulumi.dynamic.ConfigureRequest["config"]): void {
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
  for (const env of settingSources[name].env) {
    const value = process.env[env];
    if (value !== undefined && value !== "") return value;
  }
  return undefined;
}

function numberSetting(name: SettingName): number | undefined {
  const raw = setting(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${settingSources[name].config} must be a positive number, got "${raw}"`);
  return value;
}

const isFalse = (v: string | undefined): boolean => v !== undefined && /^(false|0|no|off)$/i.test(v);
const isTrue = (v: string | undefined): boolean => v !== undefined && /^(true|1|yes|on)$/i.test(v);

/** The provider settings in force for this call. */
export function configcatSettings(): ConfigCatSettings {
  return {
    serverUrl: setting("serverUrl"),
    requestsPerSecond: numberSetting("requestsPerSecond"),
    requestsPerMinute: numberSetting("requestsPerMinute"),
    maxInFlight: numberSetting("maxInFlight"),
    batchReads: !isFalse(setting("batchReads")),
    defaultReason: setting("defaultReason"),
    guardConcurrentEdits: isTrue(setting("guardConcurrentEdits")),
    batchValueWrites: !isFalse(setting("batchValueWrites")),
  };
}

/**
 * The Public API credential.
 * @throws an error naming the settings to fill in, never a value.
 */
export function configcatCredential(): { username: string; password: string } {
  const username = setting("basicAuthUsername");
  const password = setting("basicAuthPassword");
  if (username === undefined || password === undefined) {
    throw new Error(
      "no ConfigCat Public API credential: run `pulumi config set configcat:basicAuthUsername <user>` and " +
        "`pulumi config set --secret configcat:basicAuthPassword <password>` (or set CONFIGCAT_BASIC_AUTH_USERNAME and " +
        "CONFIGCAT_BASIC_AUTH_PASSWORD); create the credential under My Account → Public API credentials in the ConfigCat Dashboard",
    );
  }
  return { username, password };
}
