import type { ErrorCode } from "../../core";

/** ConfigCat-specific remedy lines (design §1.4), naming the stack configuration keys users set. */
export const CONFIGCAT_REMEDIES: Partial<Record<ErrorCode, string>> = {
  FF_ERR_UNAUTHORIZED:
    "The Public API credential is invalid or revoked; create one under My Account → Public API credentials and set " +
    "configcat:basicAuthUsername and configcat:basicAuthPassword (secret). Already set a new one? `pulumi refresh`, " +
    "`preview --refresh`, `up --refresh` and `destroy` configure the provider from what the last `up` recorded: add " +
    "`--run-program` so they use the current stack configuration, or run a plain `pulumi up` first.",
  FF_ERR_FORBIDDEN: "The credential's user has no access to this object; add the user to the organization or product, or use another credential.",
  FF_ERR_NOT_FOUND:
    "The object, or one it refers to (its product, config, environment or flag), does not exist, or the credential's user cannot " +
    "see it: check the ids the program passes; an object deleted outside Pulumi is dropped from the stack by `pulumi refresh`.",
  FF_ERR_ALREADY_EXISTS:
    "A flag with this key already exists in the config; set `adopt: true` to manage it, or choose another key.",
  FF_ERR_BAD_REQUEST: "ConfigCat rejected the input; fix the field named in the server message.",
  FF_ERR_RATE_LIMITED: "Wait, or lower configcat:requestsPerSecond / configcat:requestsPerMinute.",
  FF_ERR_SERVER: "ConfigCat failed repeatedly; retry later.",
  FF_ERR_NETWORK: "Check network access to the ConfigCat server (configcat:serverUrl) and retry.",
  FF_ERR_TIMEOUT: "ConfigCat did not answer in time; retry later.",
};

/** A duplicate flag key is a 400 with this text (design §2.4); it means "already exists". */
export function configcatIsAlreadyExists(status: number, serverMessage: string): boolean {
  return status === 400 && /already in use/i.test(serverMessage);
}

/** Situations ConfigCat reports as a 400 or 409 that are not about a field, and what to do about each. First match wins. */
const SITUATIONS: ReadonlyArray<{ status?: number; pattern: RegExp; remedy: string }> = [
  {
    status: 409,
    pattern: /./s,
    remedy:
      "The value was changed in ConfigCat since the provider last read it (configcat:guardConcurrentEdits is on); run " +
      "`pulumi up --refresh` to see the change and decide which to keep.",
  },
  {
    pattern: /reason required/i,
    remedy: "The product or environment requires a note for every change: set `reason` on the resource, or configcat:defaultReason.",
  },
  {
    pattern: /approval required/i,
    remedy: "The product or environment requires approval: set `bypassApproval: true` (if the credential may bypass), or approve in the Dashboard.",
  },
  {
    pattern: /\bin use\b|used by|is a prerequisite|prerequisite of/i,
    remedy: "Something still uses it (a targeting rule or a prerequisite condition); remove that use first, or keep it with `deletionPolicy: \"retain\"`.",
  },
];

/**
 * The remedy that fits what ConfigCat said, when it names a situation rather than a field; `undefined` otherwise.
 * @param status - the HTTP status.
 * @param serverMessage - the server's message.
 */
export function configcatRemedy(status: number | undefined, serverMessage: string | undefined): string | undefined {
  if (status !== 400 && status !== 409) return undefined;
  return SITUATIONS.find((s) => (s.status === undefined || s.status === status) && s.pattern.test(serverMessage ?? ""))?.remedy;
}
