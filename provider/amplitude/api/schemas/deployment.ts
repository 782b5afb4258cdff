import { z } from "zod";
import { CursorSchema, IdSchema, OptionalStringSchema, type KnownFields } from "./common";

/**
 * A deployment (reference §3.6). `key` is the deployment key (`client-…`/`server-…`), a credential for the
 * evaluation API: mark it secret wherever it becomes a resource output. `deleted: true` means archived.
 * @see https://amplitude.com/docs/apis/experiment/experiment-management-api-deployments
 */
export const DeploymentSchema = z.looseObject({
  id: IdSchema,
  projectId: IdSchema.optional(),
  label: z.string(),
  key: OptionalStringSchema,
  deleted: z.boolean().default(false),
  type: OptionalStringSchema,
});

/** A deployment as read from the API. */
export type DeploymentObject = KnownFields<z.infer<typeof DeploymentSchema>>;

/** One page of `GET /api/1/deployments`. */
export const DeploymentListSchema = z.looseObject({ deployments: z.array(DeploymentSchema), nextCursor: CursorSchema });

/** The answer of `POST /api/1/deployments`. */
export const DeploymentCreatedSchema = z.looseObject({ id: IdSchema });

/** A bare array of deployments (`GET /api/1/{flags|experiments}/{id}/deployments`). */
export const DeploymentArraySchema = z.array(DeploymentSchema);
