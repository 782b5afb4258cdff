import { badRequest } from "../../core/api-error";
import { asObject, optStringArray } from "../../core/validate";
import { OK_TEXT, jsonReply, type Reply } from "../../core/reply";
import type { Router } from "../../core/router";
import { requireConfig, requireDeployment, type RequestContext, type RouteEntry } from "../context";
import type { ConfigKind, StoredDeployment } from "../model";
import { deploymentView } from "../views";
import { COLLECTION } from "./collection";

/** The live API's refusal for web experiments on PATCH and add-deployment. */
export const WEB_EXPERIMENT_MESSAGE = "Web Experiments are not supported by Management API yet";

/**
 * Checks that a deployment can be linked to an object in `projectId`: it exists, the key can see it, it
 * belongs to the same project and is not archived.
 * @param ctx - request context
 * @param projectId - the object's project
 * @param deploymentId - the deployment id
 * @throws ApiError 400 otherwise
 */
export function checkLinkableDeployment(ctx: RequestContext, projectId: string, deploymentId: string): StoredDeployment {
  const d = requireDeployment(ctx, deploymentId);
  if (d.projectId !== projectId) throw badRequest("Deployment does not belong to this project");
  if (d.deleted) throw badRequest("Cannot use an archived deployment");
  return d;
}

/**
 * Registers the deployment sub-resource of flags or experiments: list, add (idempotent), remove.
 * @param router - route table
 * @param kind - which collection
 */
export function registerDeploymentLinkRoutes(router: Router<RouteEntry>, kind: ConfigKind): void {
  const base = `/api/1/${COLLECTION[kind]}/:id/deployments`;
  router.add("GET", base, {
    scope: kind,
    handler: (ctx) => {
      const c = requireConfig(ctx, kind);
      const linked = c.deployments.map((id) => ctx.store.getDeployment(id)).filter((d): d is StoredDeployment => d !== undefined);
      return jsonReply(linked.map(deploymentView));
    },
  });
  router.add("POST", base, { scope: kind, handler: (ctx) => add(ctx, kind) });
  router.add("DELETE", `${base}/:deploymentId`, {
    scope: kind,
    handler: (ctx) => {
      const c = requireConfig(ctx, kind);
      requireDeployment(ctx, ctx.params.deploymentId);
      ctx.store.unlink(c, ctx.params.deploymentId);
      c.lastModifiedBy = ctx.settings.actor;
      ctx.store.commit(c);
      return OK_TEXT;
    },
  });
}

function add(ctx: RequestContext, kind: ConfigKind): Reply {
  const c = requireConfig(ctx, kind);
  const body = asObject(ctx.body);
  const ids = optStringArray(body, "deployments", "", true);
  if (ids === undefined) throw badRequest(`"deployments" is required`);
  if (c.experiment?.deliveryMethod === "web") throw badRequest(WEB_EXPERIMENT_MESSAGE);
  for (const id of ids) checkLinkableDeployment(ctx, c.projectId, id);
  for (const id of ids) ctx.store.link(c, id); // re-adding a linked deployment is a no-op
  c.lastModifiedBy = ctx.settings.actor;
  ctx.store.commit(c);
  return OK_TEXT;
}
