import { z } from "zod";
import { CursorSchema, OptionalStringSchema, type KnownFields } from "./common";
import { configObjectShape } from "./flag";

/**
 * An experiment: the flag fields plus the experiment ones (reference §3.2). `state`, dates and decision fields
 * are nullable; `experimentType` stays a free string because legacy values (`hypothesis-testing`, `no-harm`)
 * still appear on old objects.
 * @see https://amplitude.com/docs/apis/experiment/experiment-management-api-experiments
 */
export const ExperimentSchema = z.looseObject({
  ...configObjectShape,
  decision: OptionalStringSchema,
  decisionReason: OptionalStringSchema,
  rolledOutVariant: OptionalStringSchema,
  stickyBucketing: z.boolean().nullable().optional(),
  state: OptionalStringSchema,
  startDate: OptionalStringSchema,
  endDate: OptionalStringSchema,
  experimentType: OptionalStringSchema,
  deliveryMethod: OptionalStringSchema,
  exposureEvent: z.looseObject({}).nullable().optional(),
});

/** An experiment as read from the API. */
export type ExperimentObject = KnownFields<z.infer<typeof ExperimentSchema>>;

/** One page of `GET /api/1/experiments`. */
export const ExperimentListSchema = z.looseObject({ experiments: z.array(ExperimentSchema), nextCursor: CursorSchema });
