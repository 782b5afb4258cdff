import type { JsonObject, JsonValue } from "../core/json";
import type { StoredConfig, StoredDeployment, StoredVariant, StoredVersion } from "./model";

/** How variants appear inside flag/experiment bodies: all fields, or `{key}` only as in the docs' examples. */
export type VariantsMode = "full" | "keys";

/**
 * The wire form of a variant (the variants sub-resource always uses the full form).
 * @param v - stored variant
 */
export function variantView(v: StoredVariant): JsonObject {
  const out: JsonObject = { key: v.key, name: v.name, description: v.description };
  if (v.payload !== undefined) out.payload = v.payload;
  out.rolloutWeight = v.rolloutWeight;
  return out;
}

/**
 * The read-only experiment `state`, derived because the API never accepts it: a decision wins, then
 * `enabled` means running, else planning.
 * @param c - stored experiment
 */
export function experimentState(c: StoredConfig): string {
  if (c.experiment?.decision) return "decision-made";
  return c.enabled ? "running" : "planning";
}

/** The fidelity switches that change how a flag or experiment reads (see `FidelityOptions`). */
export interface ConfigViewOptions {
  /** Leave `exposureEvent` out (it is write-only under this reading). */
  writeOnlyExposureEvent?: boolean;
  /** Reverse `variants`, `deployments` and `tags`. */
  arrayOrder?: "stored" | "reversed";
  /** Leave out the audit fields (`createdAt`, `lastModifiedAt`, `createdBy`, `lastModifiedBy`). */
  withoutTimestamps?: boolean;
}

/**
 * The wire form of a flag or experiment, the superset of the docs' list and detail examples.
 * @param c - stored object
 * @param variants - variant detail level
 * @param withState - include the derived experiment `state` (left out of version snapshots, as in the docs)
 * @param options - fidelity switches that apply to GET and list bodies (never to version snapshots)
 */
export function configView(c: StoredConfig, variants: VariantsMode, withState = true, options: ConfigViewOptions = {}): JsonObject {
  const order = <T>(items: T[]): T[] => (options.arrayOrder === "reversed" ? [...items].reverse() : [...items]);
  const rolloutWeights: JsonObject = {};
  for (const v of c.variants) rolloutWeights[v.key] = v.rolloutWeight;
  const out: JsonObject = {
    id: c.id,
    projectId: c.projectId,
    deployments: order(c.deployments),
    key: c.key,
    name: c.name,
    description: c.description,
    enabled: c.enabled,
    evaluationMode: c.evaluationMode,
    bucketingKey: c.bucketingKey,
    bucketingSalt: c.bucketingSalt,
    bucketingUnit: c.bucketingUnit,
    variants: order(c.variants.map((v) => (variants === "full" ? variantView(v) : { key: v.key }))),
    rolloutPercentage: c.rolloutPercentage,
    rolloutWeights,
    targetSegments: c.targetSegments,
  };
  if (c.parentDependencies !== null) out.parentDependencies = c.parentDependencies;
  out.deleted = c.deleted;
  out.tags = order(c.tags);
  if (!options.withoutTimestamps) {
    out.createdBy = c.createdBy;
    out.lastModifiedBy = c.lastModifiedBy;
    out.createdAt = c.createdAt;
    out.lastModifiedAt = c.lastModifiedAt;
  }
  const e = c.experiment;
  if (e) {
    out.experimentType = e.experimentType;
    out.stickyBucketing = e.stickyBucketing;
    if (withState) out.state = experimentState(c);
    out.startDate = e.startDate;
    out.endDate = e.endDate;
    if (!options.writeOnlyExposureEvent) out.exposureEvent = e.exposureEvent;
    out.decision = e.decision;
    out.decisionReason = e.decisionReason;
    out.rolledOutVariant = e.rolledOutVariant;
    out.deliveryMethod = e.deliveryMethod;
  }
  return out;
}

/**
 * The wire form of a deployment; `type` is an extra field the docs do not show.
 * @param d - stored deployment
 */
export function deploymentView(d: StoredDeployment): JsonObject {
  return { id: d.id, projectId: d.projectId, label: d.label, key: d.key, deleted: d.deleted, type: d.type };
}

/**
 * The wire form of a version entry.
 * @param v - stored version
 */
export function versionView(v: StoredVersion): JsonObject {
  return { createdAt: v.createdAt, createdBy: v.createdBy, version: v.version, flagConfig: v.flagConfig as JsonValue };
}
