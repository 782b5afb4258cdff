import * as pulumi from "@pulumi/pulumi";
import type { AmplitudeClient, DeploymentObject, FlagObject, ExperimentObject } from "./api";
import { configureAmplitude, settingSources } from "./config";
import { oncePerRun, programConfig, type LookupInputs } from "../core/lookups";
import { clientFor, serverKey } from "./resources/client-for";
import { hasDetails } from "./resources/live-read";

/*
 * Lookups: read objects another team or the UI manages, from a stack program, without managing them
 * (Pulumi's `get…` functions; dynamic providers cannot serve invokes, so the program calls the API itself).
 *
 * They run in the program's own process, in previews too, with the same client as the resources (rate
 * limiter, retries, error messages) and the same configuration (`amplitude:*` stack config, else the
 * environment variables). Each collection of a project is listed once per program run, however many
 * lookups read it: 50 `getFlag` calls cost one list request.
 */

/** A variant of a looked-up flag or experiment. */
export interface LookupVariant {
  /** Variant key. */
  key: string;
  /** Display name, or null. */
  name: string | null;
  /** Description, or null. */
  description: string | null;
  /** JSON payload, or null. */
  payload: unknown;
  /** Relative rollout weight, or null. */
  rolloutWeight: number | null;
}

/** A flag or experiment as the lookup found it (live, not archived). */
export interface GetConfigObjectResult {
  /** Amplitude id. */
  id: string;
  /** Project id. */
  projectId: string;
  /** Key. */
  key: string;
  /** Display name, or null. */
  name: string | null;
  /** Description, or null. */
  description: string | null;
  /** Whether it is served. */
  enabled: boolean;
  /** `remote` or `local`, or null. */
  evaluationMode: string | null;
  /** Bucketing property, or null. */
  bucketingKey: string | null;
  /** Bucketing salt, or null. */
  bucketingSalt: string | null;
  /** Rollout percentage for users outside every segment, or null. */
  rolloutPercentage: number | null;
  /** Variants with their details (read per object when the list carries keys only). */
  variants: LookupVariant[];
  /** Linked deployment ids. */
  deployments: string[];
  /** Tags. */
  tags: string[];
}

/** A flag in {@link listFlags}: what the project's flag list carries for every flag. */
export interface FlagSummary {
  /** Amplitude id. */
  id: string;
  /** Key. */
  key: string;
  /** Display name, or null. */
  name: string | null;
  /** Whether it is served. */
  enabled: boolean;
  /** Variant keys. */
  variantKeys: string[];
  /** Linked deployment ids. */
  deployments: string[];
  /** Tags. */
  tags: string[];
}

/** A deployment as the lookup found it. */
export interface GetDeploymentResult {
  /** Amplitude id (what `Flag.deployments` takes). */
  id: string;
  /** Project id. */
  projectId: string;
  /** Label. */
  label: string;
  /** `client` or `server`, or null. */
  type: string | null;
  /**
   * The deployment key (a credential for the evaluation API). Plain text in the promise form; the
   * `getDeploymentOutput` form marks the whole result secret.
   */
  key: string;
}

/** Arguments of {@link getDeployment}. */
export interface GetDeploymentArgs {
  /** Amplitude project id. */
  projectId: string;
  /** The deployment's label. */
  label: string;
}

/** Arguments of {@link getFlag} and {@link getExperiment}. */
export interface GetConfigObjectArgs {
  /** Amplitude project id. */
  projectId: string;
  /** The flag's or experiment's key. */
  key: string;
}

/** Arguments of {@link listFlags}. */
export interface ListFlagsArgs {
  /** Amplitude project id. */
  projectId: string;
  /** Only flags carrying every one of these tags. */
  tags?: string[];
}

/** `Input` versions of lookup arguments, for the `…Output` forms. */
export type { LookupInputs };

type Collection = "flags" | "experiments" | "deployments";

// One list per server, project and collection per program run, read with the program's `amplitude:*` configuration.
function listOnce<T>(projectId: string, collection: Collection, list: (client: AmplitudeClient) => Promise<T[]>): Promise<T[]> {
  configureAmplitude(programConfig());
  return oncePerRun(`amplitude|${serverKey(projectId)}|${collection}`, () => list(clientFor(projectId)));
}

function notFound(what: string, projectId: string, hint: string): Error {
  return new Error(
    `amplitude lookup: no ${what} in project ${projectId}. ${hint} Check the spelling and the project, and ` +
      `that ${settingSources.managementApiKey.config} (or amplitude:managementApiKeys) holds a key for that project.`,
  );
}

async function configObject(collection: "flags" | "experiments", args: GetConfigObjectArgs): Promise<GetConfigObjectResult> {
  const projectId = String(args.projectId);
  const all = await listOnce<FlagObject | ExperimentObject>(projectId, collection, (c) => c[collection].listAll());
  const obj = all.find((o) => o.key === args.key && !o.deleted);
  const noun = collection === "flags" ? "flag" : "experiment";
  if (!obj) throw notFound(`${noun} with key '${args.key}'`, projectId, `Archived ${noun}s are not found.`);
  // Lists may carry variant keys only (every example in Amplitude's docs does): then one GET for this object.
  const variants = obj.variants.every(hasDetails) ? obj.variants : await clientFor(projectId)[collection].variants.list(obj.id);
  return {
    id: obj.id,
    projectId,
    key: obj.key,
    name: obj.name ?? null,
    description: obj.description ?? null,
    enabled: obj.enabled ?? false,
    evaluationMode: obj.evaluationMode ?? null,
    bucketingKey: obj.bucketingKey ?? null,
    bucketingSalt: obj.bucketingSalt ?? null,
    rolloutPercentage: obj.rolloutPercentage ?? null,
    variants: variants.map((v) => ({
      key: v.key,
      name: v.name ?? null,
      description: v.description ?? null,
      payload: v.payload ?? null,
      rolloutWeight: v.rolloutWeight ?? null,
    })),
    deployments: obj.deployments,
    tags: obj.tags,
  };
}

/**
 * Looks up a live flag by key.
 * @param args - project and key.
 * @returns the flag, with variant details.
 * @throws Error naming the key and project when there is no live flag with that key; API errors as for resources.
 * @see https://amplitude.com/docs/apis/experiment/experiment-management-api-flags
 */
export function getFlag(args: GetConfigObjectArgs): Promise<GetConfigObjectResult> {
  return configObject("flags", args);
}

/** {@link getFlag} for `Input` arguments (for example another resource's output). */
export function getFlagOutput(args: LookupInputs<GetConfigObjectArgs>): pulumi.Output<GetConfigObjectResult> {
  return pulumi.output(args).apply((a) => getFlag(a));
}

/**
 * Looks up a live experiment by key.
 * @param args - project and key.
 * @returns the experiment's common fields, with variant details.
 * @throws Error naming the key and project when there is no live experiment with that key.
 * @see https://amplitude.com/docs/apis/experiment/experiment-management-api-experiments
 */
export function getExperiment(args: GetConfigObjectArgs): Promise<GetConfigObjectResult> {
  return configObject("experiments", args);
}

/** {@link getExperiment} for `Input` arguments. */
export function getExperimentOutput(args: LookupInputs<GetConfigObjectArgs>): pulumi.Output<GetConfigObjectResult> {
  return pulumi.output(args).apply((a) => getExperiment(a));
}

/**
 * Lists a project's live flags, optionally only those carrying every tag in `tags`. One list request per
 * project per program run, shared with {@link getFlag}.
 * @param args - project and tags.
 * @returns summaries in the API's order.
 */
export async function listFlags(args: ListFlagsArgs): Promise<FlagSummary[]> {
  const projectId = String(args.projectId);
  const all = await listOnce<FlagObject>(projectId, "flags", (c) => c.flags.listAll());
  const tags = args.tags ?? [];
  return all
    .filter((f) => !f.deleted && tags.every((t) => f.tags.includes(t)))
    .map((f) => ({
      id: f.id, key: f.key, name: f.name ?? null, enabled: f.enabled ?? false,
      variantKeys: f.variants.map((v) => v.key), deployments: f.deployments, tags: f.tags,
    }));
}

/** {@link listFlags} for `Input` arguments. */
export function listFlagsOutput(args: LookupInputs<ListFlagsArgs>): pulumi.Output<FlagSummary[]> {
  return pulumi.output(args).apply((a) => listFlags(a as ListFlagsArgs));
}

/**
 * Looks up a live deployment by label.
 * @param args - project and label.
 * @returns the deployment, its key in plain text (use {@link getDeploymentOutput} to keep it secret).
 * @throws Error naming the label and project when there is no live deployment with that label.
 * @see https://amplitude.com/docs/apis/experiment/experiment-management-api-deployments
 */
export async function getDeployment(args: GetDeploymentArgs): Promise<GetDeploymentResult> {
  const projectId = String(args.projectId);
  const all = await listOnce<DeploymentObject>(projectId, "deployments", (c) => c.deployments.listAll());
  // The deployments list is not filtered by project on every server: filter here.
  const found = all.find((d) => d.label === args.label && !d.deleted && (d.projectId === undefined || d.projectId === projectId));
  if (!found || !found.key) throw notFound(`deployment labelled '${args.label}'`, projectId, "Archived deployments are not found.");
  return { id: found.id, projectId, label: found.label, type: found.type ?? null, key: found.key };
}

/**
 * {@link getDeployment} for `Input` arguments. The whole result is a **secret** output, since it holds the
 * deployment key: exported or passed on, it is encrypted in state and masked in logs.
 */
export function getDeploymentOutput(args: LookupInputs<GetDeploymentArgs>): pulumi.Output<GetDeploymentResult> {
  return pulumi.secret(pulumi.output(args).apply((a) => getDeployment(a)));
}
