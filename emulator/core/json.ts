/** A JSON value as it travels on the wire; used wherever the emulator stores client-supplied data verbatim. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object (the usual shape of a request body). */
export type JsonObject = { [key: string]: JsonValue };

/**
 * Tells whether a value is a plain JSON object (not an array, not null).
 * @param value - any parsed JSON value
 */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
