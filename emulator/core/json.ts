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

/**
 * How deeply a JSON value nests (a scalar is 0, `[]` and `{}` are 1) and how many values it holds (itself
 * included). Iterative, so it cannot overflow the stack on the very values it exists to catch.
 * @param value - any parsed JSON value
 */
export function jsonShape(value: unknown): { depth: number; nodes: number } {
  let depth = 0;
  let nodes = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    nodes++;
    if (typeof v !== "object" || v === null) continue;
    if (d + 1 > depth) depth = d + 1;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return { depth, nodes };
}
