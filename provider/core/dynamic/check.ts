import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { unknownPaths } from "./unknown";

/** The result of validating resource inputs: normalized inputs, or property-level failures. */
export type Checked<T> = { ok: true; value: T } | { ok: false; failures: pulumi.dynamic.CheckFailure[] };

/**
 * Deepest nesting (objects and arrays, counted from the resource's inputs) the provider accepts anywhere.
 * Each JSON level becomes two or three nested protobuf messages on the way to the engine, and the Pulumi
 * SDK walks them recursively: around 1,000 levels it dies with `RangeError: Maximum call stack size
 * exceeded` after the object was created, and every later run hangs. Refusing at `check` sends nothing.
 * Schemas bound the fields users nest on purpose (variant payloads) more tightly; this bounds the rest.
 */
export const MAX_INPUT_DEPTH = 64;

/**
 * Validates inputs with a zod schema and reports each problem against the property it concerns
 * (`variants[1].key`), the way `pulumi preview` shows check failures.
 *
 * Values that are unknown during a preview cannot be judged yet; problems at or below them are dropped and
 * the input is passed through unchanged, so the same inputs are checked again once they are known. Rules
 * that span fields must skip themselves while a value they read is unknown (`containsUnknown` in ./unknown.ts).
 */
export function checkInputs<S extends z.ZodType>(schema: S, inputs: Record<string, unknown>): Checked<z.output<S>> {
  const { __provider: _ignored, ...rest } = inputs;
  const unknowns = unknownPaths(rest);
  const result = schema.safeParse(rest);
  if (result.success) {
    // A backstop for values no schema rule bounds (fields passed through as given): refuse anything nested
    // deeper than the engine can carry. Fields with a documented bound (variant payloads) fail in the schema first.
    const tooDeep = Object.entries(rest)
      .map(([key, value]) => deepestPath(value, key, 1))
      .filter((p): p is { path: string; depth: number } => p !== undefined && p.depth > MAX_INPUT_DEPTH);
    if (tooDeep.length === 0) return { ok: true, value: result.data };
    return {
      ok: false,
      failures: tooDeep.map(({ path }) => ({
        property: path.replace(/[.[].*$/, ""),
        reason: `nests objects and arrays more than ${MAX_INPUT_DEPTH} levels deep (at ${path.length > 120 ? `${path.slice(0, 120)}…` : path}), more than the Pulumi engine can carry`,
      })),
    };
  }
  // An unknown property is reported by zod on the object holding it; name the property itself.
  const failures = result.error.issues
    .flatMap((issue) =>
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => ({ property: propertyPath([...issue.path, key]), reason: `unknown property '${key}'` }))
        : [{ property: propertyPath(issue.path), reason: issue.message }],
    )
    .filter((f) => !unknowns.some((u) => f.property === u || f.property.startsWith(`${u}.`) || f.property.startsWith(`${u}[`)));
  if (failures.length === 0) return { ok: true, value: rest as z.output<S> };
  return { ok: false, failures };
}

/**
 * Check failures as the engine should get them. The engine prints a failure as
 * `property <p> value <inputs[p]> has a problem: <reason>`, looking `p` up among the *top-level* inputs only:
 * a nested path such as `variants[0].key` would show as `value {<nil>}`. A nested failure is therefore sent
 * as a resource-level problem whose reason starts with the path.
 */
export function engineFailures(failures: readonly pulumi.dynamic.CheckFailure[]): pulumi.dynamic.CheckFailure[] {
  return failures.map((f) => (/[.[]/.test(f.property) ? { property: "", reason: `${f.property}: ${f.reason}` } : f));
}

/**
 * The nesting depth of a value (a scalar is 0, `{}` and `[]` are 1), measured without recursion so that a
 * value too deep for a recursive walk can still be measured.
 */
export function jsonDepth(value: unknown): number {
  return deepestPath(value, "", 1)?.depth ?? 0;
}

type Node = { value: unknown; depth: number; parent?: Node; step: string };

/** The deepest object or array inside a value and its path, found without recursion. */
function deepestPath(value: unknown, path: string, depth: number): { path: string; depth: number } | undefined {
  let deepest: Node | undefined;
  const stack: Node[] = [{ value, depth, step: path }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.value === null || typeof node.value !== "object") continue;
    if (!deepest || node.depth > deepest.depth) deepest = node;
    const entries = Array.isArray(node.value)
      ? node.value.map((v, i) => [`[${i}]`, v] as const)
      : Object.entries(node.value).map(([k, v]) => [`.${k}`, v] as const);
    for (const [step, v] of entries) stack.push({ value: v, depth: node.depth + 1, parent: node, step });
  }
  if (!deepest) return undefined;
  // Only the deepest path is spelled out: spelling every path would cost the square of the depth.
  const steps: string[] = [];
  for (let n: Node | undefined = deepest; n; n = n.parent) steps.push(n.step);
  return { path: steps.reverse().join(""), depth: deepest.depth };
}

function propertyPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, part) => {
    if (typeof part === "number") return `${acc}[${part}]`;
    return acc ? `${acc}.${String(part)}` : String(part);
  }, "");
}

/** Removes `undefined` members recursively: the provider host cannot send them to the engine. */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, withoutUndefined(v)]),
    ) as T;
  }
  return value;
}
