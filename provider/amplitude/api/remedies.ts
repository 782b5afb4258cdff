import type { ErrorCode } from "../../core";

/**
 * Amplitude-specific remedy lines for the error factory (`{projectId}` is substituted). They name the stack
 * configuration keys users actually set.
 */
export const AMPLITUDE_REMEDIES: Partial<Record<ErrorCode, string>> = {
  FF_ERR_UNAUTHORIZED:
    "The management API key is invalid or revoked; create a new key under Experiment → Management API and set amplitude:managementApiKey.",
  FF_ERR_FORBIDDEN: "The key has no access to project {projectId}; use a key created for that project.",
  FF_ERR_NOT_FOUND:
    "The object does not exist in project {projectId} (it may have been deleted or archived outside Pulumi); check the id or key.",
  FF_ERR_BAD_REQUEST: "Amplitude rejected the input; fix the field named in the server message.",
  FF_ERR_RATE_LIMITED: "Wait, or lower amplitude:requestsPerSecond.",
  FF_ERR_SERVER: "Amplitude failed repeatedly; retry later.",
  FF_ERR_NETWORK: "Check network access to the Amplitude server (amplitude:region / amplitude:serverUrl) and retry.",
  FF_ERR_TIMEOUT: "Amplitude did not answer in time; retry later.",
};

/**
 * Amplitude has no 404: unknown ids and variant keys come back as 400 with a message such as "Flag or experiment
 * not found" or "Variant key does not exist" (reference §2.1). A real 404 counts too, for proxies.
 * @param status - HTTP status.
 * @param serverMessage - the server's message.
 */
export function amplitudeIsNotFound(status: number, serverMessage: string): boolean {
  return status === 404 || (status === 400 && /not found|does not exist|doesn't exist|no such/i.test(serverMessage));
}
