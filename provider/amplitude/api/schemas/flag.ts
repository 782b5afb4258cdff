import { z } from "zod";
import { CursorSchema, IdSchema, OptionalStringSchema, type KnownFields } from "./common";
import { SegmentSchema } from "./segment";
import { VariantSchema } from "./variant";

/**
 * The fields flags and experiments share (reference §3.1). Ids become strings; list fields default to empty;
 * unknown fields are kept, so a new server field never breaks a deployment.
 * @see https://amplitude.com/docs/apis/experiment/experiment-management-api-flags
 */
export const configObjectShape = {
  id: IdSchema,
  projectId: IdSchema.optional(),
  key: z.string(),
  name: OptionalStringSchema,
  description: OptionalStringSchema,
  deployments: z.array(IdSchema).default([]),
  enabled: z.boolean().optional(),
  evaluationMode: z.string().optional(),
  bucketingKey: OptionalStringSchema,
  bucketingSalt: OptionalStringSchema,
  bucketingUnit: OptionalStringSchema,
  variants: z.array(VariantSchema).default([]),
  rolloutPercentage: z.number().nullable().optional(),
  rolloutWeights: z.record(z.string(), z.number()).nullable().optional(),
  targetSegments: z.array(SegmentSchema).default([]),
  parentDependencies: z.looseObject({}).nullable().optional(),
  /** Archived state; written as `archive` on PATCH. */
  deleted: z.boolean().default(false),
  tags: z.array(z.string()).default([]),
  createdBy: z.union([z.string(), z.number()]).transform((v) => String(v)).nullable().optional(),
  lastModifiedBy: z.union([z.string(), z.number()]).transform((v) => String(v)).nullable().optional(),
  createdAt: OptionalStringSchema,
  lastModifiedAt: OptionalStringSchema,
};

/** A feature flag as returned by `GET /api/1/flags` and `GET /api/1/flags/{id}`. */
export const FlagSchema = z.looseObject(configObjectShape);

/** A feature flag as read from the API. */
export type FlagObject = KnownFields<z.infer<typeof FlagSchema>>;

/** One page of `GET /api/1/flags`. */
export const FlagListSchema = z.looseObject({ flags: z.array(FlagSchema), nextCursor: CursorSchema });
