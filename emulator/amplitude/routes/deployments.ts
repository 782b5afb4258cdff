import { badRequest } from "../../core/api-error";
import type { JsonObject } from "../../core/json";
import { randomAlphanumeric } from "../../core/prng";
import { jsonReply, OK_TEXT, type Reply } from "../../core/reply";
import type { Router } from "../../core/router";
import { asObject, optBoolean, optEnum, optId, rejectUnknown, reqString } from "../../core/validate";
import { requireDeployment, requireProject, type RequestContext, type RouteEntry } from "../context";
import { LABEL_PATTERN } from "../input/rules";
import type { StoredDeployment } from "../model";
import { pageBody, parsePageRequest } from "../pagination";
import { deploymentView } from "../views";

/** The live API's refusal to archive a deployment still in use. */
/** Refusal of a label another unarchived deployment holds (fidelity `deploymentLabels: "unique"`; wording assumed). */
export const DUPLICATE_LABEL = "Deployment with this label already exists";

/** Whether an unarchived deployment of the project other than `except` holds the label, when labels are unique. */
function labelTaken(ctx: RequestContext, projectId: string, label: string, except?: StoredDeployment): boolean {
  if (ctx.settings.fidelity.deploymentLabels !== "unique") return false;
  return ctx.store.listDeployments(new Set([projectId]), 0, Number.MAX_SAFE_INTEGER).items.some((o) => o !== except && !o.deleted && o.label === label);
}

export const DEPLOYMENT_IN_USE = "Cannot have unarchived flags or experiments or templates using this deployment";

const CREATE_FIELDS = new Set(["projectId", "label", "type"]);
const PATCH_FIELDS = new Set(["label", "archive"]);

/**
 * Registers the deployments collection: list (archived included), create, PATCH label/archive.
 * @param router - route table
 */
export function registerDeploymentRoutes(router: Router<RouteEntry>): void {
  router.add("GET", "/api/1/deployments", { scope: "none", handler: list });
  router.add("POST", "/api/1/deployments", { scope: "none", handler: create });
  router.add("PATCH", "/api/1/deployments/:id", { scope: "deployment", handler: patch });
}

function list(ctx: RequestContext): Reply {
  const page = parsePageRequest(ctx.query, ctx.settings.fidelity.maxPageSize);
  const projectId = ctx.query.get("projectId") || undefined;
  if (projectId !== undefined) requireProject(ctx, projectId);
  const result = ctx.store.listDeployments(projectId !== undefined ? new Set([projectId]) : ctx.projects, page.offset, page.limit);
  return jsonReply(pageBody("deployments", result.items.map(deploymentView), result.more, page, ctx.settings.fidelity));
}

/**
 * The docs list these fields under "Query parameters" but show a JSON body: take the body, and fall back
 * to query parameters for fields the body lacks.
 */
function bodyWithQueryFallback(ctx: RequestContext, fields: ReadonlySet<string>): JsonObject {
  const body = { ...asObject(ctx.body) };
  for (const f of fields) {
    const q = ctx.query.get(f);
    if (body[f] === undefined && q !== null) body[f] = f === "archive" && (q === "true" || q === "false") ? q === "true" : q;
  }
  return body;
}

function create(ctx: RequestContext): Reply {
  const body = bodyWithQueryFallback(ctx, CREATE_FIELDS);
  rejectUnknown(body, CREATE_FIELDS);
  const projectId = optId(body, "projectId");
  if (projectId === undefined) throw badRequest(`"projectId" is required`);
  const label = reqString(body, "label");
  if (!LABEL_PATTERN.test(label)) throw badRequest(`"label" contains an invalid value`);
  const type = optEnum(body, "type", ["client", "server"] as const);
  if (type === undefined) throw badRequest(`"type" is required`);
  requireProject(ctx, projectId);
  if (labelTaken(ctx, projectId, label)) throw badRequest(DUPLICATE_LABEL);
  const id = ctx.store.nextDeploymentId();
  ctx.store.addDeployment({ id, projectId, label, type, key: `${type}-${randomAlphanumeric(ctx.settings.random, 32)}`, deleted: false });
  return jsonReply({ id });
}

function patch(ctx: RequestContext): Reply {
  const d = requireDeployment(ctx, ctx.params.id);
  const body = bodyWithQueryFallback(ctx, PATCH_FIELDS);
  rejectUnknown(body, PATCH_FIELDS);
  let label: string | undefined;
  if (body.label !== undefined) {
    label = reqString(body, "label");
    if (!LABEL_PATTERN.test(label)) throw badRequest(`"label" contains an invalid value`);
  }
  // The dev-center docs typed `archive` as a string: accept "true"/"false" as well as booleans.
  if (body.archive === "true" || body.archive === "false") body.archive = body.archive === "true";
  const archive = optBoolean(body, "archive");
  if (archive === true && !d.deleted && ctx.store.activeUsersOf(d.id) > 0) throw badRequest(DEPLOYMENT_IN_USE);
  const liveAfter = archive === undefined ? !d.deleted : !archive;
  if (liveAfter && labelTaken(ctx, d.projectId, label ?? d.label, d)) throw badRequest(DUPLICATE_LABEL);
  if (label !== undefined) d.label = label;
  if (archive !== undefined) d.deleted = archive;
  ctx.store.touchDeployment();
  return OK_TEXT;
}
