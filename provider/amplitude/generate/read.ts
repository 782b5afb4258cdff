/**
 * Reads everything the generator needs from one Amplitude project: every non-archived deployment, flag and
 * experiment, with full variant details and each variant's inclusions. Only GET requests are sent.
 */
import type { AmplitudeClient, DeploymentObject, VariantObject } from "../api";

/** A deployment as the generator declares it. */
export interface DeploymentSnapshot {
  /** Deployment id (what flags link to). */
  id: string;
  /** Label: the key `adopt` finds the deployment by. */
  label: string;
  /** `client` or `server`. */
  type: "client" | "server";
}

/** A variant with the inclusions read from their own endpoints. */
export interface VariantSnapshot {
  /** Variant key. */
  key: string;
  /** Display name, if set. */
  name?: string | null;
  /** Description, if set. */
  description?: string | null;
  /** Payload, if any. */
  payload?: unknown;
  /** Weight for users outside every segment, if set. */
  rolloutWeight?: number | null;
  /** Individually included user or device ids. */
  users: string[];
  /** Included cohort ids. */
  cohorts: string[];
}

/**
 * A flag or experiment as listed by the API (every field kept, known or not), with its variants replaced by
 * {@link VariantSnapshot}s.
 */
export interface ConfigObjectSnapshot {
  /** Object id. */
  id: string;
  /** Object key. */
  key: string;
  /** Variants with details and inclusions. */
  variants: VariantSnapshot[];
  /** Every other field, as the API sent it. */
  [field: string]: unknown;
}

/** Everything the generator renders for one project. */
export interface ProjectSnapshot {
  /** The project id. */
  projectId: string;
  /** Non-archived deployments, ordered by label. */
  deployments: DeploymentSnapshot[];
  /** Non-archived flags, ordered by key. */
  flags: ConfigObjectSnapshot[];
  /** Non-archived experiments, ordered by key. */
  experiments: ConfigObjectSnapshot[];
}

/**
 * The deployment type, as the provider derives it: the documented responses do not always carry `type`,
 * but the deployment key's prefix (`client-…`/`server-…`) says it. Must agree with the provider, or the
 * adopted deployment would show as a replacement.
 * @param d - a deployment as listed by the API.
 */
export function deploymentType(d: Pick<DeploymentObject, "type" | "key">): "client" | "server" {
  if (d.type === "client" || d.type === "server") return d.type;
  return String(d.key ?? "").startsWith("server-") ? "server" : "client";
}

const byString = <T>(field: (t: T) => string) => (a: T, b: T) => field(a).localeCompare(field(b));

/**
 * Reads one project through the API client.
 * @param client - a client for the project.
 * @returns a snapshot with stable ordering, so generating twice from the same state gives the same file.
 */
export async function readProject(client: AmplitudeClient): Promise<ProjectSnapshot> {
  const deployments = (await client.deployments.listAll())
    .filter((d) => !d.deleted)
    .map((d): DeploymentSnapshot => ({ id: d.id, label: d.label, type: deploymentType(d) }))
    .sort(byString((d) => d.label));

  const flags: ConfigObjectSnapshot[] = [];
  for (const flag of await client.flags.listAll()) {
    if (!flag.deleted) flags.push({ ...flag, id: String(flag.id), key: String(flag.key), variants: await readVariants(client, "flags", String(flag.id)) });
  }
  const experiments: ConfigObjectSnapshot[] = [];
  for (const experiment of await client.experiments.listAll()) {
    if (!experiment.deleted) {
      experiments.push({ ...experiment, id: String(experiment.id), key: String(experiment.key), variants: await readVariants(client, "experiments", String(experiment.id)) });
    }
  }
  return {
    projectId: client.projectId,
    deployments,
    flags: flags.sort(byString((f) => f.key)),
    experiments: experiments.sort(byString((e) => e.key)),
  };
}

// Lists may carry variant keys only (as in the docs' examples), so details always come from the variants
// endpoint; inclusions are not part of a variant at all and have their own endpoints.
async function readVariants(client: AmplitudeClient, collection: "flags" | "experiments", id: string): Promise<VariantSnapshot[]> {
  const api = client[collection];
  const variants: VariantObject[] = await api.variants.list(id);
  const out: VariantSnapshot[] = [];
  for (const v of variants) {
    out.push({
      key: v.key,
      name: v.name,
      description: v.description,
      payload: v.payload,
      rolloutWeight: v.rolloutWeight,
      users: await api.users.list(id, v.key),
      cohorts: await api.cohorts.list(id, v.key),
    });
  }
  return out;
}
