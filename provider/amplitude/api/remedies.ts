import type { ErrorCode } from "../../core";

/**
 * Amplitude-specific remedy lines for the error factory (`{projectId}` is substituted). They name the stack
 * configuration keys users actually set.
 */
export const AMPLITUDE_REMEDIES: Partial<Record<ErrorCode, string>> = {
  FF_ERR_UNAUTHORIZED:
    "The management API key is invalid or revoked; create a new key under Experiment → Management API and set amplitude:managementApiKey. " +
    "Already set a new one? `pulumi refresh`, `preview --refresh`, `up --refresh` and `destroy` configure the provider from what " +
    "the last `up` recorded: add `--run-program` so they use the current stack configuration, or run a plain `pulumi up` first.",
  FF_ERR_FORBIDDEN: "The key has no access to project {projectId}; use a key created for that project.",
  FF_ERR_NOT_FOUND:
    "The object does not exist in project {projectId} (it may have been deleted or archived outside Pulumi); check the id or key.",
  FF_ERR_BAD_REQUEST: "Amplitude rejected the input; fix the field named in the server message.",
  FF_ERR_ALREADY_EXISTS:
    "Another flag, experiment or deployment in project {projectId} already has this key or label; set `adopt: true` to manage it, or choose another.",
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

/**
 * Situations Amplitude reports as a plain 400 that are not about an input field, and what to do about each.
 * The generic 400 remedy ("fix the field named in the server message") would point the wrong way for them.
 * (Not found and conflicts have codes of their own, `FF_ERR_NOT_FOUND` and `FF_ERR_ALREADY_EXISTS`, with their
 * own remedies above.)
 */
const SITUATIONS: ReadonlyArray<{ pattern: RegExp; remedy: string }> = [
  // First match wins.
  {
    pattern: /using this deployment|\bin use\b/i,
    remedy:
      "Something still uses it: remove it from the flags and experiments that use it (or archive them) first, " +
      "or keep it by setting `deletionPolicy: \"retain\"`.",
  },
  {
    pattern: /\barchived\b/i, // not "unarchived", which the in-use message says
    remedy:
      "What this change writes to, or links to, was archived outside Pulumi (in the Amplitude UI or by a script): run " +
      "`pulumi up --refresh` so the stack sees that and restores or recreates it, unarchive it in Amplitude, or remove " +
      "its resource from the program if it should stay archived.",
  },
];

/**
 * The remedy line that fits what Amplitude said, when its message names a situation rather than a field
 * (archived, in use); `undefined` when the code's own remedy fits.
 * @param code - the error's code.
 * @param serverMessage - the server's message.
 */
export function amplitudeRemedy(code: ErrorCode, serverMessage: string | undefined): string | undefined {
  if (code !== "FF_ERR_BAD_REQUEST" || !serverMessage) return undefined;
  return SITUATIONS.find((s) => s.pattern.test(serverMessage))?.remedy;
}
