import { isJsonObject, type JsonObject, type JsonValue } from "../core/json";
import { invalid } from "./errors";

/*
 * Body field readers worded like ASP.NET Core model validation (what the ConfigCat API runs on):
 * "The Name field is required.", "The field Name must be a string with a maximum length of 255.".
 * The ModelState key is the JSON path of the field (`name`, `targetingRules[0].conditions`).
 */

/**
 * Joins a parent path and a member (`rules` + `0` → `rules[0]`, `rules[0]` + `value` → `rules[0].value`).
 * @param parent - parent path, "" at the top level
 * @param member - member name or array index
 */
export function at(parent: string, member: string | number): string {
  if (typeof member === "number") return `${parent}[${member}]`;
  return parent === "" ? member : `${parent}.${member}`;
}

function label(path: string): string {
  const last = path.replace(/\[\d+\]$/, "").split(".").pop() ?? path;
  return last.charAt(0).toUpperCase() + last.slice(1);
}

/**
 * Requires the request body to be a JSON object.
 * @param body - parsed body (`undefined` when empty)
 */
export function bodyObject(body: unknown): JsonObject {
  if (body === undefined) throw invalid("", "A non-empty request body is required.");
  if (!isJsonObject(body)) throw invalid("$", "The JSON value could not be converted to an object.");
  return body;
}

/**
 * Requires a value to be a JSON object.
 * @param value - the value
 * @param path - its path
 */
export function objectAt(value: JsonValue | undefined, path: string): JsonObject {
  if (!isJsonObject(value)) throw invalid(path, `The ${label(path)} field is required.`);
  return value;
}

/** Length bounds of a string field. */
export interface Bounds {
  min?: number;
  max?: number;
}

function checkLength(v: string, path: string, b: Bounds): string {
  const min = b.min ?? 0;
  if (v.length < min || (b.max !== undefined && v.length > b.max)) {
    const range = min > 0 ? `a minimum length of ${min} and a maximum length of ${b.max}` : `a maximum length of ${b.max}`;
    throw invalid(path, `The field ${label(path)} must be a string with ${range}.`);
  }
  return v;
}

/**
 * Reads an optional, nullable string.
 * @param obj - source
 * @param key - member
 * @param bounds - length bounds
 * @param parent - path of `obj`
 * @returns the string, `null` when null, `undefined` when absent
 */
export function optString(obj: JsonObject, key: string, bounds: Bounds = {}, parent = ""): string | null | undefined {
  const v = obj[key];
  const path = at(parent, key);
  if (v === undefined || v === null) return v as null | undefined;
  if (typeof v !== "string") throw invalid(path, "The JSON value could not be converted to System.String.");
  return checkLength(v, path, bounds);
}

/**
 * Reads a required non-empty string.
 * @param obj - source
 * @param key - member
 * @param bounds - length bounds (min defaults to 1)
 * @param parent - path of `obj`
 */
export function reqString(obj: JsonObject, key: string, bounds: Bounds = {}, parent = ""): string {
  const v = optString(obj, key, { ...bounds, min: 0 }, parent);
  const path = at(parent, key);
  if (v === undefined || v === null || v === "") throw invalid(path, `The ${label(path)} field is required.`);
  return checkLength(v, path, { min: 1, ...bounds });
}

/**
 * Reads an optional, nullable int32.
 * @param obj - source
 * @param key - member
 * @param parent - path of `obj`
 */
export function optInt(obj: JsonObject, key: string, parent = ""): number | null | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return v as null | undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
    throw invalid(at(parent, key), "The JSON value could not be converted to System.Int32.");
  }
  return v;
}

/**
 * Reads an optional, nullable boolean.
 * @param obj - source
 * @param key - member
 * @param parent - path of `obj`
 */
export function optBool(obj: JsonObject, key: string, parent = ""): boolean | null | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return v as null | undefined;
  if (typeof v !== "boolean") throw invalid(at(parent, key), "The JSON value could not be converted to System.Boolean.");
  return v;
}

/**
 * Reads an optional, nullable enum member (camelCase strings on the wire).
 * @param obj - source
 * @param key - member
 * @param values - accepted values
 * @param parent - path of `obj`
 */
export function optEnum<T extends string>(obj: JsonObject, key: string, values: readonly T[], parent = ""): T | null | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return v as null | undefined;
  if (typeof v !== "string" || !(values as readonly string[]).includes(v)) {
    throw invalid(at(parent, key), `The value '${typeof v === "string" ? v : JSON.stringify(v)}' is not valid. Allowed: ${values.join(", ")}.`);
  }
  return v as T;
}

/**
 * Reads a required enum member.
 * @param obj - source
 * @param key - member
 * @param values - accepted values
 * @param parent - path of `obj`
 */
export function reqEnum<T extends string>(obj: JsonObject, key: string, values: readonly T[], parent = ""): T {
  const v = optEnum(obj, key, values, parent);
  if (v === undefined || v === null) throw invalid(at(parent, key), `The ${label(at(parent, key))} field is required.`);
  return v;
}

/**
 * Reads an optional, nullable array (items unchecked).
 * @param obj - source
 * @param key - member
 * @param parent - path of `obj`
 */
export function optArray(obj: JsonObject, key: string, parent = ""): JsonValue[] | null | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return v as null | undefined;
  if (!Array.isArray(v)) throw invalid(at(parent, key), "The JSON value could not be converted to an array.");
  return v;
}

/**
 * Reads an id that clients send as an integer or a numeric string (Terraform sends tag ids as strings).
 * @param v - the value
 * @param path - its path
 */
export function intId(v: JsonValue | undefined, path: string): number {
  if (typeof v === "number" && Number.isSafeInteger(v)) return v;
  if (typeof v === "string" && /^-?\d{1,18}$/.test(v)) return Number(v);
  throw invalid(path, "The JSON value could not be converted to System.Int64.");
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Tells whether a string is a uuid (any case), as .NET's Guid parser accepts it.
 * @param s - candidate
 */
export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/**
 * Reads a required uuid member (returned lower-cased).
 * @param obj - source
 * @param key - member
 * @param parent - path of `obj`
 */
export function reqUuid(obj: JsonObject, key: string, parent = ""): string {
  const v = obj[key];
  const path = at(parent, key);
  if (v === undefined || v === null) throw invalid(path, `The ${label(path)} field is required.`);
  if (typeof v !== "string" || !isUuid(v)) throw invalid(path, "The JSON value could not be converted to System.Guid.");
  return v.toLowerCase();
}
