import { z } from "zod";

/** One targeting condition (`type` is always `property` today). */
export const ConditionSchema = z.looseObject({
  prop: z.string(),
  op: z.string(),
  type: z.string().optional(),
  values: z.array(z.union([z.string(), z.number()]).transform((v) => String(v))).default([]),
});

/** A targeting condition as read from the API. */
export type ConditionObject = z.infer<typeof ConditionSchema>;

/** A target segment of a flag or experiment. */
export const SegmentSchema = z.looseObject({
  name: z.string().optional(),
  conditions: z.array(ConditionSchema).default([]),
  percentage: z.number().optional(),
  bucketingKey: z.string().nullable().optional(),
  rolloutWeights: z.record(z.string(), z.number()).optional(),
});

/** A target segment as read from the API. */
export type SegmentObject = z.infer<typeof SegmentSchema>;
