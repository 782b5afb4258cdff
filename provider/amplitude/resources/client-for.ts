import { amplitudeClient, type AmplitudeClient } from "../api";
import { amplitudeSettings, managementKeyFor } from "../config";

/**
 * The API client for a project, built at call time from the provider's configuration. Cheap to call:
 * clients for the same server and project share one rate limiter and budget through a process-wide registry.
 */
export function clientFor(projectId: string): AmplitudeClient {
  const settings = amplitudeSettings();
  return amplitudeClient({
    apiKey: managementKeyFor(projectId),
    projectId,
    region: settings.region,
    serverUrl: settings.serverUrl,
    requestsPerSecond: settings.requestsPerSecond,
    maxInFlight: settings.maxInFlight,
    dailyRequestBudget: settings.dailyRequestBudget,
  });
}

/** A stable name for the server a client talks to, for keying per-process caches. */
export function serverKey(projectId: string): string {
  const settings = amplitudeSettings();
  return `${settings.serverUrl ?? settings.region}|${projectId}`;
}
