import { configcatClient, type ConfigCatClient } from "../api";
import { configcatCredential, configcatSettings } from "../config";

/**
 * The API client, built at call time from the provider's configuration. Cheap to call: clients of the same server
 * and credential share one limiter through a process-wide registry.
 */
export function clientFor(): ConfigCatClient {
  const settings = configcatSettings();
  const { username, password } = configcatCredential();
  return configcatClient({
    basicAuthUsername: username, basicAuthPassword: password, serverUrl: settings.serverUrl,
    requestsPerSecond: settings.requestsPerSecond, requestsPerMinute: settings.requestsPerMinute, maxInFlight: settings.maxInFlight,
  });
}

/** A stable name for the server a client talks to, for keying per-process caches (no credential). */
export function serverKey(): string {
  return configcatSettings().serverUrl ?? "https://api.configcat.com";
}
