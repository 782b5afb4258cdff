import { badRequest } from "../../core/api-error";
import type { JsonObject, JsonValue } from "../../core/json";
import { optNumber, optString, rejectUnknown } from "../../core/validate";
import { KEY_PATTERN, RESERVED_VARIANT_KEYS } from "./rules";

/** Validated variant fields; absent fields were not sent. */
export interface VariantInput {
  key?: string;
  name?: string;
  description?: string;
  /** `undefined` when not sent; any JSON value (null included) otherwise. */
  payload?: JsonValue;
  rolloutWeight?: number;
}

const VARIANT_FIELDS = new Set(["key", "name", "description", "payload", "rolloutWeight"]);

/**
 * Validates a variant body or a `variants[i]` item.
 * The key message for `off` and other bad keys copies the live API's wording (`variants[1].key contains an
 * invalid value`), which does not quote the path.
 * @param obj - raw object
 * @param path - its field path ("" for a request body)
 * @param keyRequired - whether `key` must be present
 */
export function parseVariantInput(obj: JsonObject, path: string, keyRequired: boolean): VariantInput {
  rejectUnknown(obj, VARIANT_FIELDS, path);
  const keyPath = path === "" ? "key" : `${path}.key`;
  const key = optString(obj, "key", path);
  if (key === undefined && keyRequired) throw badRequest(`"${keyPath}" is required`);
  if (key !== undefined && (!KEY_PATTERN.test(key) || RESERVED_VARIANT_KEYS.has(key))) {
    throw badRequest(`${keyPath} contains an invalid value`);
  }
  const out: VariantInput = {
    key,
    name: optString(obj, "name", path),
    description: optString(obj, "description", path),
    rolloutWeight: optNumber(obj, "rolloutWeight", { min: 0, integer: true }, path),
  };
  if ("payload" in obj) out.payload = obj.payload;
  return out;
}
