import { z } from "zod";
import { OptionalStringSchema, type KnownFields } from "./common";

/**
 * A variant of a flag or experiment. Inside flag/experiment objects Amplitude may send only `{ key }`, so every
 * other field is optional; unknown fields are kept.
 * @see https://amplitude.com/docs/apis/experiment/experiment-management-api-flags
 */
export const VariantSchema = z.looseObject({
  key: z.string(),
  name: OptionalStringSchema,
  description: OptionalStringSchema,
  payload: z.unknown().optional(),
  rolloutWeight: z.number().nullable().optional(),
});

/** A variant as read from the API. */
export type VariantObject = KnownFields<z.infer<typeof VariantSchema>>;

/** The variant fields a client sends on create (and, partially, on update). */
export interface VariantBody {
  /** Variant value used in code; lowercase, kebab or snake case; `off` is reserved. */
  key: string;
  /** Display name. */
  name?: string;
  /** Description. */
  description?: string;
  /** Any JSON value; replaces the old payload on update. */
  payload?: unknown;
  /** Weight for non-targeted users. */
  rolloutWeight?: number;
}
