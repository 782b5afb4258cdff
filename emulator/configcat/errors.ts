import { ApiError } from "../core/api-error";
import { JsonPatchError } from "../core/json-patch";

/*
 * ConfigCat's error bodies are ASP.NET ModelState dictionaries (`{"<key>": ["message", …]}`, read so by
 * the official CLI). Every 4xx the emulator sends with a body has that shape; the key names the field
 * (`key`, `targetingRules[0].value`) or is "" for an error about the request as a whole.
 */

/** An {@link ApiError} carrying a ModelState body. */
export class ConfigCatError extends ApiError {
  /**
   * @param status - HTTP status
   * @param errors - ModelState dictionary
   */
  constructor(
    status: number,
    readonly errors: Record<string, string[]>,
  ) {
    super(status, Object.values(errors).flat().join(" "));
  }
}

/** Exact messages of the design's §2.4 catalogue (seen verbatim in Terraform acceptance tests). */
export const MESSAGES = {
  keyInUse: "This key is already in use. Please, choose another",
  reasonRequired: "Reason required",
  approvalRequired: "Approval required.",
  stringValue: "StringValue field must be set",
  doubleValue: "DoubleValue field must be set",
  listValue: "ListValue field must be set",
  invalidTermValue: "Invalid term value.",
  invalidPercentageValue: "Invalid percentage option value.",
  invalidPrerequisiteValue: "Invalid prerequisite value.",
  prerequisiteNotFound: "Prerequisite setting not found.",
  urlInvalid: "Url is invalid",
  canDeleteConfig: "CanDeleteConfig is not allowed without the CanCreateOrUpdateConfig and CanDeleteSetting permissions.",
} as const;

/**
 * A ModelState dictionary as one line (`key: message; …`), for messages that quote another refusal.
 * @param errors - the dictionary
 */
export function summary(errors: Record<string, string[]>): string {
  return Object.entries(errors).map(([k, m]) => `${k ? `${k}: ` : ""}${m.join(" ")}`).join("; ");
}

/**
 * A 400 with one message under one key.
 * @param key - field path, or "" for the request as a whole
 * @param message - the message
 */
export function invalid(key: string, message: string): ConfigCatError {
  return new ConfigCatError(400, { [key]: [message] });
}

/**
 * A 404 for an unknown object.
 * @param what - the object kind, e.g. "Config"
 */
export function notFound(what: string): ConfigCatError {
  return new ConfigCatError(404, { "": [`${what} not found.`] });
}

/**
 * Rethrows a JSON Patch failure as a 400 keyed by the failing operation (`[i]`), anything else unchanged.
 * @param err - what applyPatch/asPatch threw
 */
export function patchError(err: unknown): never {
  if (err instanceof JsonPatchError) throw invalid(err.index >= 0 ? `[${err.index}]` : "", err.message);
  throw err;
}
