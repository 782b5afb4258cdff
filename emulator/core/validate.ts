import { badRequest } from "./api-error";
import { isJsonObject, type JsonObject, type JsonValue } from "./json";

/*
 * Field readers that throw 400s worded like Joi (`"name" must be a string`), because the vendor's
 * observed messages are Joi messages (`"inclusions" must be an array`). `path` is the dotted field path.
 */

/**
 * Joins a parent path and a field name (`targetSegments[0]` + `name` → `targetSegments[0].name`).
 * @param parent - parent path, "" at the top level
 * @param key - field name or `[index]`
 */
export function joinPath(parent: string, key: string): string {
  if (parent === "") return key;
  return key.startsWith("[") ? `${parent}${key}` : `${parent}.${key}`;
}

/**
 * Requires a body to be a JSON object; an absent body counts as `{}` so missing fields are named.
 * @param value - parsed body
 * @param path - field path for the message
 */
export function asObject(value: unknown, path = "value"): JsonObject {
  if (value === undefined) return {};
  if (!isJsonObject(value)) throw badRequest(`"${path}" must be of type object`);
  return value;
}

/**
 * Refuses fields outside an allow-list, as Joi does by default.
 * @param obj - the object to check
 * @param allowed - accepted field names
 * @param parent - path of the object
 * @param messageFor - optional custom message per refused field
 */
export function rejectUnknown(obj: JsonObject, allowed: ReadonlySet<string>, parent = "", messageFor?: (key: string) => string | undefined): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.has(key)) throw badRequest(messageFor?.(key) ?? `"${joinPath(parent, key)}" is not allowed`);
  }
}

/**
 * Reads an optional string field.
 * @param obj - source object
 * @param key - field name
 * @param parent - path of `obj`
 */
export function optString(obj: JsonObject, key: string, parent = ""): string | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw badRequest(`"${joinPath(parent, key)}" must be a string`);
  return v;
}

/**
 * Reads a required string field.
 * @param obj - source object
 * @param key - field name
 * @param parent - path of `obj`
 */
export function reqString(obj: JsonObject, key: string, parent = ""): string {
  const v = optString(obj, key, parent);
  if (v === undefined) throw badRequest(`"${joinPath(parent, key)}" is required`);
  if (v === "") throw badRequest(`"${joinPath(parent, key)}" is not allowed to be empty`);
  return v;
}

/**
 * Reads an optional id that clients may send as a string or a number; returns its string form.
 * @param obj - source object
 * @param key - field name
 * @param parent - path of `obj`
 */
export function optId(obj: JsonObject, key: string, parent = ""): string | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v === "number" && Number.isInteger(v)) return String(v);
  if (typeof v === "string" && v !== "") return v;
  throw badRequest(`"${joinPath(parent, key)}" must be a string`);
}

/**
 * Reads an optional boolean field.
 * @param obj - source object
 * @param key - field name
 * @param parent - path of `obj`
 */
export function optBoolean(obj: JsonObject, key: string, parent = ""): boolean | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== "boolean") throw badRequest(`"${joinPath(parent, key)}" must be a boolean`);
  return v;
}

/**
 * Reads an optional number within bounds.
 * @param obj - source object
 * @param key - field name
 * @param bounds - inclusive min/max and whether only integers are accepted
 * @param parent - path of `obj`
 */
export function optNumber(obj: JsonObject, key: string, bounds: { min?: number; max?: number; integer?: boolean } = {}, parent = ""): number | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  const path = joinPath(parent, key);
  if (typeof v !== "number" || !Number.isFinite(v)) throw badRequest(`"${path}" must be a number`);
  if (bounds.integer && !Number.isInteger(v)) throw badRequest(`"${path}" must be an integer`);
  if (bounds.min !== undefined && v < bounds.min) throw badRequest(`"${path}" must be greater than or equal to ${bounds.min}`);
  if (bounds.max !== undefined && v > bounds.max) throw badRequest(`"${path}" must be less than or equal to ${bounds.max}`);
  return v;
}

/**
 * Reads an optional field restricted to a set of string values.
 * @param obj - source object
 * @param key - field name
 * @param values - accepted values
 * @param parent - path of `obj`
 */
export function optEnum<T extends string>(obj: JsonObject, key: string, values: readonly T[], parent = ""): T | undefined {
  const v = optString(obj, key, parent);
  if (v === undefined) return undefined;
  if (!(values as readonly string[]).includes(v)) throw badRequest(`"${joinPath(parent, key)}" must be one of [${values.join(", ")}]`);
  return v as T;
}

/**
 * Reads an optional array field, without checking its items.
 * @param obj - source object
 * @param key - field name
 * @param parent - path of `obj`
 */
export function optArray(obj: JsonObject, key: string, parent = ""): JsonValue[] | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw badRequest(`"${joinPath(parent, key)}" must be an array`);
  return v;
}

/**
 * Reads an optional array of strings (numbers are accepted and converted when `acceptNumbers` is set,
 * for id lists that other docs type as numbers).
 * @param obj - source object
 * @param key - field name
 * @param parent - path of `obj`
 * @param acceptNumbers - convert integer items to strings instead of refusing them
 */
export function optStringArray(obj: JsonObject, key: string, parent = "", acceptNumbers = false): string[] | undefined {
  const arr = optArray(obj, key, parent);
  if (arr === undefined) return undefined;
  return arr.map((item, i) => {
    if (typeof item === "string") return item;
    if (acceptNumbers && typeof item === "number" && Number.isInteger(item)) return String(item);
    throw badRequest(`"${joinPath(parent, key)}[${i}]" must be a string`);
  });
}

/**
 * Reads an optional object field.
 * @param obj - source object
 * @param key - field name
 * @param parent - path of `obj`
 */
export function optObject(obj: JsonObject, key: string, parent = ""): JsonObject | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (!isJsonObject(v)) throw badRequest(`"${joinPath(parent, key)}" must be of type object`);
  return v;
}
