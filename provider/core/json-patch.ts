/**
 * Building RFC 6902 JSON Patch documents for APIs that update objects by patch (ConfigCat's flags, webhooks and
 * values): only the paths that changed are sent, so fields the program does not manage, or that someone edited in
 * a dashboard, are never reset by a write.
 * @see https://www.rfc-editor.org/rfc/rfc6902
 */

/** One JSON Patch operation. */
export type JsonPatchOperation =
  | { readonly op: "add" | "replace" | "test"; readonly path: string; readonly value: unknown }
  | { readonly op: "remove"; readonly path: string }
  | { readonly op: "move" | "copy"; readonly from: string; readonly path: string };

/**
 * Escapes one reference token of a JSON Pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
 * @param token - a member name or array index.
 */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * Builds a JSON Pointer from reference tokens: `pointer("tags", 2)` is `/tags/2`.
 * @param tokens - member names and array indices, outermost first.
 */
export function pointer(...tokens: ReadonlyArray<string | number>): string {
  return tokens.map((t) => `/${escapePointerToken(t)}`).join("");
}

/**
 * `replace` operations for the members of `desired` that differ from `current` (compared as JSON), in the order of
 * `fields`. Members that are `undefined` in `desired` are not managed and produce nothing.
 * @param current - the object as it is now (e.g. the last read).
 * @param desired - the wanted values.
 * @param fields - the members that may be written.
 * @param equal - equality of two values. @default JSON equality (member order ignored)
 */
export function replaceChanged<T extends object>(
  current: Partial<T>,
  desired: Partial<T>,
  fields: ReadonlyArray<keyof T & string>,
  equal: (a: unknown, b: unknown) => boolean = jsonEquals,
): JsonPatchOperation[] {
  const ops: JsonPatchOperation[] = [];
  for (const field of fields) {
    const want = desired[field];
    if (want === undefined) continue;
    if (!equal(current[field], want)) ops.push({ op: "replace", path: pointer(field), value: want });
  }
  return ops;
}

/**
 * Operations that turn the array at `path` (holding `current`) into one holding the same elements as `desired`,
 * taken as sets: `remove` by index for each unwanted element (highest index first, so earlier removals do not shift
 * later ones), then `add …/-` for each missing one. Elements present in both keep their place.
 * @param path - pointer of the array, e.g. `/tags`.
 * @param current - its elements now, in server order.
 * @param desired - the wanted elements.
 */
export function setOperations<T extends string | number>(path: string, current: readonly T[], desired: readonly T[]): JsonPatchOperation[] {
  const want = new Set(desired.map(String));
  const have = new Set(current.map(String));
  const ops: JsonPatchOperation[] = [];
  for (let i = current.length - 1; i >= 0; i -= 1) if (!want.has(String(current[i]))) ops.push({ op: "remove", path: `${path}/${i}` });
  const added = new Set<string>();
  for (const d of desired) {
    if (have.has(String(d)) || added.has(String(d))) continue;
    added.add(String(d));
    ops.push({ op: "add", path: `${path}/-`, value: d });
  }
  return ops;
}

/**
 * Whether sending the patch twice has the same effect as sending it once, so it may be replayed after an
 * ambiguous failure (timeout, reset, 5xx). Only `replace` and `test` are: a replayed `add …/-` appends a duplicate,
 * a replayed index `remove` removes the next element, a replayed `move` moves something else.
 * @param ops - the patch.
 */
export function isReplaySafePatch(ops: readonly JsonPatchOperation[]): boolean {
  return ops.every((o) => o.op === "replace" || o.op === "test");
}

/**
 * Structural equality of JSON values: object member order and `undefined` members ignored, array order kept.
 * @param a - a value.
 * @param b - another value.
 */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return a === b || (Number.isNaN(a) && Number.isNaN(b));
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEquals(v, b[i]));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => jsonEquals(ra[k], rb[k]));
}
