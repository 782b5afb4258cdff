import { z } from "zod";
import { CursorSchema, IdSchema, OptionalStringSchema, type KnownFields } from "./common";

/**
 * One version of a flag or experiment (reference §3.7). `flagConfig` is the snapshot, used for experiments too.
 * @see https://amplitude.com/docs/apis/experiment/experiment-management-api-version-endpoints
 */
export const VersionEntrySchema = z.looseObject({
  createdAt: OptionalStringSchema,
  createdBy: IdSchema.nullable().optional(),
  version: z.number(),
  flagConfig: z.record(z.string(), z.unknown()).optional(),
});

/** A version entry as read from the API. */
export type VersionEntry = KnownFields<z.infer<typeof VersionEntrySchema>>;

/** A bare array of versions (`GET /api/1/{flags|experiments}/{id}/versions`). */
export const VersionArraySchema = z.array(VersionEntrySchema);

/** One page of `GET /api/1/versions`. */
export const VersionListSchema = z.looseObject({ versions: z.array(VersionEntrySchema), nextCursor: CursorSchema });
