import { z } from "zod";

/**
 * An id as Amplitude sends it: documented as a numeric string, but numbers occur (mutex/holdout docs, webhooks).
 * Accepts both and normalises to a string, so callers compare ids one way.
 */
export const IdSchema = z.union([z.string(), z.number()]).transform((v) => String(v));

/** A cursor as sent by list endpoints: number, string, null or missing (last page). */
export const CursorSchema = z.union([z.string(), z.number()]).nullable().optional();

/** An optional string that may also arrive as `null`; both mean "not set". */
export const OptionalStringSchema = z.string().nullable().optional();

/** The answer of `POST /api/1/flags` and `POST /api/1/experiments`: the new id and a UI link. */
export const CreatedSchema = z.looseObject({ id: IdSchema, url: z.string().optional() });

/** The parsed answer of a create. */
export type Created = z.infer<typeof CreatedSchema>;

/** A list of ids or strings (inclusions, cohorts); numbers are normalised to strings. */
export const StringListSchema = z.array(
  z.union([
    z.string(),
    z.number().transform((v) => String(v)),
    // The docs' prose says "array of JSON objects"; take the first id-like field if one ever arrives.
    z.looseObject({ id: IdSchema.optional(), userId: IdSchema.optional(), deviceId: IdSchema.optional() })
      .transform((o) => o.id ?? o.userId ?? o.deviceId ?? JSON.stringify(o)),
  ]),
);

/**
 * The declared fields of a loose object type, without its `[key: string]: unknown` index signature.
 *
 * The schemas keep unknown server fields at run time (so nothing is lost on a read-modify-write), but an index
 * signature in the exported types would make `Omit<FlagObject, "variants">` and friends collapse every field to
 * `unknown`. Unknown fields stay reachable through a cast to `Record<string, unknown>`.
 */
export type KnownFields<T> = {
  [K in keyof T as string extends K ? never : number extends K ? never : symbol extends K ? never : K]: T[K];
};
