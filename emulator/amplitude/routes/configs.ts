import { badRequest } from "../../core/api-error";
import type { JsonObject } from "../../core/json";
import { randomAlphanumeric } from "../../core/prng";
import { jsonReply, OK_TEXT, type Reply } from "../../core/reply";
import type { Router } from "../../core/router";
import { requireConfig, requireProject, type RequestContext, type RouteEntry } from "../context";
import { parseCreateBody, parsePatchBody, type CreateInput, type PatchInput } from "../input/config";
import type { ConfigKind, StoredConfig, StoredVariant } from "../model";
import { pageBody, parsePageRequest, queryBoolean } from "../pagination";
import { configView } from "../views";
import { COLLECTION } from "./collection";
import { checkLinkableDeployment, WEB_EXPERIMENT_MESSAGE } from "./deployment-links";

/** Message for a key already used in the project's shared flag/experiment namespace. */
export const DUPLICATE_KEY = "Flag or experiment with key already exists";


/**
 * Registers list, get, create and PATCH for flags or experiments.
 * @param router - route table
 * @param kind - which collection
 */
export function registerConfigRoutes(router: Router<RouteEntry>, kind: ConfigKind): void {
  const base = `/api/1/${COLLECTION[kind]}`;
  router.add("GET", base, { scope: "none", handler: (ctx) => list(ctx, kind) });
  router.add("POST", base, { scope: "none", handler: (ctx) => create(ctx, kind) });
  router.add("GET", `${base}/:id`, {
    scope: kind,
    handler: (ctx) => {
      const f = ctx.settings.fidelity;
      return jsonReply(configView(requireConfig(ctx, kind), f.variantsInLists, true, { writeOnlyExposureEvent: f.writeOnlyExposureEvent, arrayOrder: f.arrayOrder }));
    },
  });
  router.add("PATCH", `${base}/:id`, { scope: kind, handler: (ctx) => patch(ctx, kind) });
}

function list(ctx: RequestContext, kind: ConfigKind): Reply {
  const page = parsePageRequest(ctx.query, ctx.settings.fidelity.maxPageSize);
  const projectId = ctx.query.get("projectId") || undefined;
  if (projectId !== undefined) requireProject(ctx, projectId);
  const key = ctx.query.get("key") || undefined;
  const result = ctx.store.listConfigs(
    kind,
    {
      projects: projectId !== undefined ? new Set([projectId]) : ctx.projects, key, includeArchived: queryBoolean(ctx.query, "includeArchived"),
      filterAfterPaging: ctx.settings.fidelity.filterAfterPaging,
    },
    page.offset,
    page.limit,
  );
  const f = ctx.settings.fidelity;
  const view = { writeOnlyExposureEvent: f.writeOnlyExposureEvent, arrayOrder: f.arrayOrder, withoutTimestamps: f.listsWithoutTimestamps };
  return jsonReply(pageBody(COLLECTION[kind], result.items.map((c) => configView(c, f.variantsInLists, true, view)), result.more, page, f, result.consumed));
}

function create(ctx: RequestContext, kind: ConfigKind): Reply {
  const input = parseCreateBody(kind, ctx.body);
  requireProject(ctx, input.projectId);
  if (keyTaken(ctx, input.projectId, input.key)) throw badRequest(DUPLICATE_KEY);
  const deployments = [...new Set(input.deployments ?? [])];
  for (const d of deployments) checkLinkableDeployment(ctx, input.projectId, d);
  const now = ctx.store.timestamp();
  const c: StoredConfig = {
    kind,
    id: ctx.store.nextConfigId(),
    projectId: input.projectId,
    key: input.key,
    name: input.name ?? input.key,
    description: input.description ?? "",
    enabled: false,
    evaluationMode: input.evaluationMode ?? "remote",
    bucketingKey: input.bucketingKey ?? "amplitude_id",
    bucketingSalt: randomAlphanumeric(ctx.settings.random, 8),
    bucketingUnit: "User",
    variants: buildVariants(kind, input),
    rolloutPercentage: 0,
    targetSegments: input.targetSegments ?? [],
    deployments: [],
    deleted: false,
    tags: [],
    parentDependencies: null,
    createdBy: ctx.settings.actor,
    lastModifiedBy: ctx.settings.actor,
    createdAt: now,
    lastModifiedAt: now,
    version: 0,
  };
  if (kind === "experiment") {
    c.experiment = {
      experimentType: input.experimentType ?? "a-b-test",
      stickyBucketing: false,
      startDate: null,
      endDate: null,
      exposureEvent: null,
      decision: null,
      decisionReason: null,
      rolledOutVariant: null,
      deliveryMethod: "feature",
    };
  }
  for (const d of deployments) ctx.store.link(c, d);
  ctx.store.addConfig(c);
  return jsonReply({ id: c.id, url: `http://experiment.amplitude.com/amplitude/${c.projectId}/config/${c.id}` });
}

/** A key is taken by a live object, or by an archived one unless the fidelity switch releases archived keys. */
function keyTaken(ctx: RequestContext, projectId: string, key: string, except?: StoredConfig): boolean {
  const keep = ctx.settings.fidelity.archivedKeepKey;
  return ctx.store.withKey(projectId, key).some((o) => o !== except && (!o.deleted || keep));
}

/**
 * Variants default to `on` (flags) or `control`/`treatment` (experiments), as the UI creates them.
 * Weights: the `rolloutWeights` map wins, then the variant's own `rolloutWeight`; a variant left out of a
 * given map gets 0, and with no map at all every variant gets 1.
 */
function buildVariants(kind: ConfigKind, input: CreateInput): StoredVariant[] {
  const given = input.variants ?? (kind === "flag" ? [{ key: "on" }] : [{ key: "control" }, { key: "treatment" }]);
  const weights = input.rolloutWeights;
  const keys = new Set(given.map((v) => v.key as string));
  if (weights) {
    for (const k of Object.keys(weights)) if (!keys.has(k)) throw badRequest(`"rolloutWeights.${k}" is not a variant key`);
  }
  return given.map((v) => {
    const key = v.key as string;
    const fromMap = weights?.[key];
    const variant: StoredVariant = {
      key,
      name: v.name ?? "",
      description: v.description ?? "",
      rolloutWeight: typeof fromMap === "number" ? fromMap : (v.rolloutWeight ?? (weights ? 0 : 1)),
      inclusions: [],
      cohorts: [],
    };
    if (v.payload !== undefined) variant.payload = v.payload;
    return variant;
  });
}

function patch(ctx: RequestContext, kind: ConfigKind): Reply {
  const c = requireConfig(ctx, kind);
  const p = parsePatchBody(kind, ctx.body);
  const sent = Object.keys(ctx.body as JsonObject ?? {});
  // Observed live: `archive` must travel alone, and an archived object accepts nothing but `archive`.
  if (p.archive !== undefined && sent.length > 1) throw badRequest("Cannot edit archived flag");
  if (c.experiment?.deliveryMethod === "web") throw badRequest(WEB_EXPERIMENT_MESSAGE);
  if (c.deleted && p.archive === undefined && sent.length > 0) throw badRequest("Cannot edit archived flag");
  validatePatch(ctx, c, p);
  applyPatch(c, p);
  c.lastModifiedBy = ctx.settings.actor;
  ctx.store.commit(c);
  return OK_TEXT;
}

function validatePatch(ctx: RequestContext, c: StoredConfig, p: PatchInput): void {
  if (p.archive === false && c.deleted && keyTaken(ctx, c.projectId, c.key, c)) throw badRequest(DUPLICATE_KEY);
  if (p.enabled === true && c.deployments.length === 0) throw badRequest("Cannot activate without deployments");
  if (p.bucketingUnit !== undefined && p.bucketingUnit !== "User") {
    const groups = ctx.settings.projects.get(c.projectId)?.groupTypes ?? [];
    if (!groups.includes(p.bucketingUnit)) throw badRequest("Invalid bucketing unit");
  }
  if (p.rolledOutVariant && !c.variants.some((v) => v.key === p.rolledOutVariant || v.name === p.rolledOutVariant)) {
    throw badRequest("Variant key does not exist");
  }
}

function applyPatch(c: StoredConfig, p: PatchInput): void {
  if (p.archive !== undefined) c.deleted = p.archive;
  if (p.name !== undefined) c.name = p.name;
  if (p.description !== undefined) c.description = p.description;
  if (p.bucketingKey !== undefined) c.bucketingKey = p.bucketingKey;
  if (p.bucketingSalt !== undefined) c.bucketingSalt = p.bucketingSalt;
  if (p.bucketingUnit !== undefined) c.bucketingUnit = p.bucketingUnit;
  if (p.evaluationMode !== undefined) c.evaluationMode = p.evaluationMode;
  if (p.rolloutPercentage !== undefined) c.rolloutPercentage = p.rolloutPercentage;
  if (p.targetSegments !== undefined) c.targetSegments = p.targetSegments; // replaces the whole list
  if (p.enabled !== undefined) c.enabled = p.enabled;
  if (p.tags !== undefined) c.tags = [...p.tags]; // replaces: "tags are added and deleted by the same operation"
  const e = c.experiment;
  if (!e) return;
  if (p.experimentType !== undefined) e.experimentType = p.experimentType;
  if (p.stickyBucketing !== undefined) e.stickyBucketing = p.stickyBucketing;
  if (p.startDate !== undefined) e.startDate = p.startDate;
  if (p.endDate !== undefined) e.endDate = p.endDate;
  if (p.exposureEvent !== undefined) e.exposureEvent = p.exposureEvent;
  if (p.decision !== undefined) e.decision = p.decision;
  if (p.decisionReason !== undefined) e.decisionReason = p.decisionReason;
  if (p.rolledOutVariant !== undefined) e.rolledOutVariant = p.rolledOutVariant;
}
