import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { unknownPaths } from "./unknown";

/** The result of validating resource inputs: normalized inputs, or property-level failures. */
export type Checked<T> = { ok: true; value: T } | { ok: false; failures: pulumi.dynamic.CheckFailure[] };

/**
 * Validates inputs with a zod schema and reports each problem against the property it concerns
 * (`variants[1].key`), the way `pulumi preview` shows check failures.
 *
 * Values that are unknown during a preview cannot be judged yet; problems at or below them are dropped and
 * the input is passed through unchanged, so the same inputs are checked again once they are known.
 */
export function checkInputs<S extends z.ZodType>(schema: S, inputs: Record<string, unknown>): Checked<z.output<S>> {
  const { __provider: _ignored, ...rest } = inputs;
  const unknowns = unknownPaths(rest);
  const result = schema.safeParse(rest);
  if (result.success) return { ok: true, value: result.data };
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
