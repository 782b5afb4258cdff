import { isJsonObject, jsonShape, type JsonValue } from "./json";

/*
 * JSON Patch (RFC 6902) over JSON Pointer (RFC 6901), written here rather than taken from a library
 * because it is ~150 lines, the emulator needs the exact failure (which operation, which rule) to build
 * its 400 bodies, and the usual package (fast-json-patch) has seen no release since 2022.
 */

/** One RFC 6902 operation as it arrives on the wire (unchecked). */
export interface JsonPatchOperation {
  op: string;
  path: string;
  from?: string;
  value?: JsonValue;
}

/** Why a patch was refused: the operation index and an RFC-worded reason. */
export class JsonPatchError extends Error {
  override readonly name = "JsonPatchError";
  /**
   * @param index - 0-based index of the failing operation, -1 when the document itself is not a patch
   * @param message - reason
   */
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Splits a JSON Pointer into unescaped reference tokens (`~1` → `/`, `~0` → `~`).
 * @param pointer - `""` (whole document) or a string starting with `/`
 * @throws Error when the pointer does not start with `/` or holds a bad `~` escape
 */
export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new Error(`"${pointer}" is not a JSON Pointer`);
  return pointer
    .slice(1)
    .split("/")
    .map((t) => {
      if (/~[^01]|~$/.test(t)) throw new Error(`"${pointer}" holds an invalid escape`);
      return t.replace(/~1/g, "/").replace(/~0/g, "~");
    });
}

/**
 * Deep equality of JSON values, as the `test` operation defines it (object member order ignored).
 * @param a - first value
 * @param b - second value
 */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

const OPS = new Set(["add", "remove", "replace", "move", "copy", "test"]);

/**
 * Checks that a parsed body is a JSON Patch document (an array of `{op, path, from?, value?}`).
 * @param body - parsed JSON
 * @throws JsonPatchError naming the first bad operation
 */
export function asPatch(body: unknown): JsonPatchOperation[] {
  if (!Array.isArray(body)) throw new JsonPatchError(-1, "A JSON Patch document must be an array of operations");
  return body.map((raw, i) => {
    if (!isJsonObject(raw)) throw new JsonPatchError(i, "operation must be an object");
    const { op, path, from } = raw;
    if (typeof op !== "string" || !OPS.has(op)) throw new JsonPatchError(i, `"op" must be one of add, remove, replace, move, copy, test`);
    if (typeof path !== "string") throw new JsonPatchError(i, `"path" must be a string`);
    if ((op === "move" || op === "copy") && typeof from !== "string") throw new JsonPatchError(i, `"from" is required for ${op}`);
    if ((op === "add" || op === "replace" || op === "test") && !("value" in raw)) throw new JsonPatchError(i, `"value" is required for ${op}`);
    const out: JsonPatchOperation = { op, path };
    if (typeof from === "string") out.from = from;
    if ("value" in raw) out.value = raw.value;
    return out;
  });
}

/** Dialect options. */
export interface JsonPatchOptions {
  /**
   * What `-` means outside `add` (and as a `from`): `"rfc"` refuses it (RFC 6901 §4: it names the element
   * after the last, which does not exist); `"lastElement"` takes it as the last element, as
   * Microsoft.AspNetCore.JsonPatch does.
   * @default "rfc"
   */
  endOfArray?: "rfc" | "lastElement";
  /**
   * Deepest nesting a value or the patched document may reach; deeper → the operation fails. Keeps
   * `copy`-into-itself chains and deep values from overflowing the stack of the recursive clone.
   * @default 64 (System.Text.Json's default maximum depth)
   */
  maxDepth?: number;
  /**
   * Most values the patched document may hold; `copy` can double a document per operation.
   * @default 1_000_000
   */
  maxNodes?: number;
}

/**
 * Applies a patch atomically: either every operation succeeds and the patched copy is returned, or
 * nothing changes and a {@link JsonPatchError} names the failing operation.
 * @param document - the target document (not modified)
 * @param patch - operations, e.g. from {@link asPatch}
 * @param options - dialect options
 * @returns the patched document (a new value)
 * @throws JsonPatchError when an operation fails (missing target, bad index, failed `test`, …)
 */
export function applyPatch(document: JsonValue, patch: readonly JsonPatchOperation[], options: JsonPatchOptions = {}): JsonValue {
  let doc = structuredClone(document);
  const dashIsLast = options.endOfArray === "lastElement";
  const maxDepth = options.maxDepth ?? 64;
  const maxNodes = options.maxNodes ?? 1_000_000;
  const tooDeep = `the maximum depth of ${maxDepth} has been exceeded`;
  let nodes = jsonShape(doc).nodes;
  patch.forEach((operation, i) => {
    try {
      // Only what an operation inserts can deepen or grow the document: check it before it lands.
      const { op } = operation;
      const inserted = op === "add" || op === "replace" ? operation.value
        : op === "copy" || op === "move" ? getAt(doc, parsePointer(operation.from as string), dashIsLast) : undefined;
      if (inserted !== undefined) {
        const shape = jsonShape(inserted);
        if (parsePointer(operation.path).length + shape.depth > maxDepth) throw new Error(tooDeep);
        if (op !== "move") nodes += shape.nodes;
        if (nodes > maxNodes) throw new Error(`the document would exceed ${maxNodes} values`);
      }
      doc = applyOne(doc, operation, dashIsLast);
    } catch (err) {
      if (err instanceof JsonPatchError) throw err;
      const message = err instanceof RangeError ? tooDeep : (err as Error).message;
      throw new JsonPatchError(i, `${operation.op} ${operation.path}: ${message}`);
    }
  });
  return doc;
}

function applyOne(doc: JsonValue, o: JsonPatchOperation, dashIsLast: boolean): JsonValue {
  const get = (d: JsonValue, t: readonly string[]): JsonValue => getAt(d, t, dashIsLast);
  const add = (d: JsonValue, t: readonly string[], v: JsonValue): JsonValue => addAt(d, t, v, dashIsLast);
  const remove = (d: JsonValue, t: readonly string[]): { doc: JsonValue; removed: JsonValue } => removeAt(d, t, dashIsLast);
  switch (o.op) {
    case "add":
      return add(doc, parsePointer(o.path), structuredClone(o.value as JsonValue));
    case "remove":
      return remove(doc, parsePointer(o.path)).doc;
    case "replace": {
      const tokens = parsePointer(o.path);
      get(doc, tokens); // the target must exist
      return add(remove(doc, tokens).doc, tokens, structuredClone(o.value as JsonValue));
    }
    case "move": {
      const from = parsePointer(o.from as string);
      const to = parsePointer(o.path);
      if (to.length > from.length && from.every((t, i) => t === to[i])) throw new Error(`cannot move "${o.from}" into one of its children`);
      const { doc: without, removed } = remove(doc, from);
      return add(without, to, removed);
    }
    case "copy":
      return add(doc, parsePointer(o.path), structuredClone(get(doc, parsePointer(o.from as string))));
    default: {
      if (!jsonEqual(get(doc, parsePointer(o.path)), o.value)) throw new Error("test failed: the value differs");
      return doc;
    }
  }
}

/**
 * Parses an array index token; `-` is the end (add) or, with `dashIsLast`, the last element. No leading
 * zeros, no signs (RFC 6901 §4).
 */
function arrayIndex(token: string, length: number, forAdd: boolean, dashIsLast: boolean): number {
  if (forAdd && token === "-") return length;
  if (dashIsLast && token === "-" && length > 0) return length - 1;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new Error(`"${token}" is not an array index`);
  const i = Number(token);
  if (i > length || (!forAdd && i === length)) throw new Error(`index ${i} is out of bounds`);
  return i;
}

function getAt(doc: JsonValue, tokens: readonly string[], dashIsLast: boolean): JsonValue {
  let cur: JsonValue = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(t, cur.length, false, dashIsLast)];
    else if (isJsonObject(cur) && Object.prototype.hasOwnProperty.call(cur, t)) cur = cur[t];
    else throw new Error("path does not exist");
  }
  return cur;
}

function addAt(doc: JsonValue, tokens: readonly string[], value: JsonValue, dashIsLast: boolean): JsonValue {
  if (tokens.length === 0) return value;
  const parent = getAt(doc, tokens.slice(0, -1), dashIsLast);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, true, dashIsLast), 0, value);
  else if (isJsonObject(parent)) {
    if (last === "__proto__") throw new Error("member name not allowed");
    parent[last] = value;
  } else throw new Error("parent is not a container");
  return doc;
}

function removeAt(doc: JsonValue, tokens: readonly string[], dashIsLast: boolean): { doc: JsonValue; removed: JsonValue } {
  if (tokens.length === 0) return { doc: null, removed: doc };
  const parent = getAt(doc, tokens.slice(0, -1), dashIsLast);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const [removed] = parent.splice(arrayIndex(last, parent.length, false, dashIsLast), 1);
    return { doc, removed };
  }
  if (isJsonObject(parent) && Object.prototype.hasOwnProperty.call(parent, last)) {
    const removed = parent[last];
    delete parent[last];
    return { doc, removed };
  }
  throw new Error("path does not exist");
}
