import type * as pulumi from "@pulumi/pulumi";
import { isAlreadyExists, isApiError, type AmplitudeClient, type DeploymentObject } from "../api";
import { checkInputs, engineFailures, withoutUndefined } from "../../core/dynamic/check";
import { containsUnknown } from "../../core/dynamic/unknown";
import { clientFor } from "./client-for";
import { describeFailure } from "./errors";
import { pendingLabel, recordReplacing, recordTakeover, replacedBy, resourceName, takenOverBy } from "./ownership";
import { cachedLookup, invalidateCached } from "./live-cache";
import { deploymentSchema, type DeploymentInputs } from "./validation";

/** A deployment as recorded in state. */
export interface DeploymentOutputs {
  projectId: string;
  label: string;
  type: string;
  key: string | null;
  adopt: boolean;
  deletionPolicy: string;
  /** The resource's URN (see ownership.ts); absent in state written before ownership was recorded. */
  owner?: string;
}

const replaceFields = ["projectId", "type"] as const;

type Options = { adopt?: boolean; deletionPolicy?: string; owner?: string };

function typeOf(d: DeploymentObject): string {
  // The documented responses do not echo `type`; the key's prefix says it.
  return (d as { type?: string }).type ?? (String(d.key ?? "").startsWith("server-") ? "server" : "client");
}

function outputsFrom(d: DeploymentObject, options: Options): DeploymentOutputs {
  return {
    projectId: String(d.projectId),
    label: d.label,
    type: typeOf(d),
    key: d.key ?? null,
    adopt: options.adopt === true,
    deletionPolicy: options.deletionPolicy ?? "archive",
    ...(options.owner ? { owner: options.owner } : {}),
  };
}

async function projectDeployments(client: AmplitudeClient, projectId: string): Promise<DeploymentObject[]> {
  return (await client.deployments.listAll()).filter((d) => String(d.projectId) === projectId);
}

// The deployment list has no project filter and silently shows only the projects the key can see: before
// calling a deployment gone, make sure the key can see its project at all (a 403 then names the problem).
async function assertProjectAccess(client: AmplitudeClient): Promise<void> {
  for await (const _ of client.flags.list()) break;
}

/**
 * Takes over the deployment with the program's label (`adopt: true`): the live one, else an archived one,
 * which is restored with its key. `undefined` when there is none.
 */
async function adoptExisting(client: AmplitudeClient, inputs: DeploymentInputs, all: DeploymentObject[]) {
  const matches = all.filter((d) => d.label === inputs.label);
  const existing = matches.find((d) => !d.deleted) ?? matches[0];
  if (!existing) return undefined;
  if (typeOf(existing) !== inputs.type) {
    throw new Error(
      `the deployment labelled '${inputs.label}' (id ${existing.id}) is a ${typeOf(existing)} deployment; a deployment's ` +
        `type cannot change: set type '${typeOf(existing)}' to adopt it, or choose another label`,
    );
  }
  if (existing.deleted) await client.deployments.update(existing.id, { archive: false });
  recordTakeover("deployments", existing.id, inputs.owner);
  return { ...existing, deleted: false };
}

/** Why a create may not use the deployment that already has its label, and the ways out. */
function conflictMessage(inputs: DeploymentInputs, existing: DeploymentObject): string {
  const adoptHint = typeOf(existing) === inputs.type
    ? "set `adopt: true` to manage it from this resource"
    : `change type to '${typeOf(existing)}' and set \`adopt: true\` to manage it`;
  const renameHint = inputs.owner
    ? ` If you renamed the resource that manages it, add \`aliases: [{ name: "<its old name>" }]\` to '${resourceName(inputs.owner)}' instead.`
    : "";
  return (
    `a ${typeOf(existing)} deployment labelled '${inputs.label}' already exists in project ${inputs.projectId} ` +
    `(id ${existing.id}) and was not created by this resource; nothing was changed. ` +
    `${adoptHint[0].toUpperCase()}${adoptHint.slice(1)}, or choose another label.${renameHint}`
  );
}

/**
 * Creates the deployment under its {@link pendingLabel}, or finds the one this resource's interrupted create
 * left under it, then gives it the program's label. Another deployment already holding the label blocks the
 * create, unless it is the one this resource replaces in this run (a `type` change: the new deployment is
 * made next to the old, dependants move to it, then the old one is archived).
 */
async function createOwn(client: AmplitudeClient, inputs: DeploymentInputs, all: DeploymentObject[]) {
  const temporary = pendingLabel(inputs.label, `${inputs.owner ?? ""}|${inputs.type}`);
  let own = inputs.owner ? all.find((d) => d.label === temporary) : undefined;
  if (!own) {
    // Archived deployments with the label do not block: making a new one takes nothing from anyone (and a
    // type change leaves the replaced one archived under the same label).
    const replaced = replacedBy(inputs.owner);
    const conflict = all.find((d) => d.label === inputs.label && !d.deleted && d.id !== replaced);
    if (conflict) throw new Error(conflictMessage(inputs, conflict));
    const label = inputs.owner ? temporary : inputs.label;
    const { id } = await client.deployments.create({ label, type: inputs.type });
    own = (await projectDeployments(client, inputs.projectId)).find((d) => d.id === id);
    if (!own) throw new Error("the new deployment is missing from the deployment list; run `pulumi up` again");
  } else if (own.deleted) {
    await client.deployments.update(own.id, { archive: false });
  }
  if (own.label !== inputs.label) await takeLabel(client, own.id, inputs, replacedBy(inputs.owner));
  return { ...own, label: inputs.label, deleted: false };
}

/**
 * Gives the new deployment its label. Where the server keeps labels unique among unarchived deployments (the
 * docs do not say), the deployment this one replaces still holds it until it is archived at the end of the
 * run: it is moved aside (`<label>-replaced-<id>`; its key, which SDKs use, does not change) and the rename
 * retried. Nobody else's deployment is ever renamed.
 */
async function takeLabel(client: AmplitudeClient, id: string, inputs: DeploymentInputs, replaced: string | undefined): Promise<void> {
  try {
    await client.deployments.update(id, { label: inputs.label });
  } catch (e) {
    if (!isAlreadyExists(e) || replaced === undefined) throw e;
    await client.deployments.update(replaced, { label: `${inputs.label}-replaced-${replaced}` });
    await client.deployments.update(id, { label: inputs.label });
  }
}

/** The flags and experiments that still use a deployment, for the message when Amplitude refuses to archive it. */
async function usersOf(client: AmplitudeClient, id: string): Promise<string[]> {
  const out: string[] = [];
  for (const [noun, list] of [["flag", client.flags], ["experiment", client.experiments]] as const) {
    for await (const o of list.list()) if (!o.deleted && o.deployments.includes(id)) out.push(`${noun} '${o.key}' (id ${o.id})`);
  }
  return out;
}

/** The deployment provider implementation, run inside the engine's provider process. @internal */
export const deploymentProvider = {
  async check(_olds: unknown, news: Record<string, unknown>) {
    const result = checkInputs(deploymentSchema, news);
    if (!result.ok) return { failures: engineFailures(result.failures) };
    return { inputs: withoutUndefined({ adopt: false, deletionPolicy: "archive", ...result.value }) };
  },

  async diff(id: string, olds: DeploymentOutputs, news: DeploymentInputs): Promise<pulumi.dynamic.DiffResult> {
    const replaces = replaceFields.filter((f) => containsUnknown(news[f]) || String(news[f]) !== String(olds[f]));
    // The replacement is created while this deployment still holds the label: tell that create which one
    // it is about to replace, so it is not mistaken for someone else's (see createOwn).
    if (replaces.length > 0) recordReplacing(news.owner, id);
    // Say at preview when the replacement's label is held by a deployment this resource may not take over.
    if (replaces.length > 0 && !containsUnknown([news.projectId, news.label, news.type])) {
      const conflict = (await projectDeployments(clientFor(news.projectId), news.projectId))
        .find((d) => d.label === news.label && !d.deleted && d.id !== id);
      if (conflict) throw new Error(`replacing deployment '${olds.label}' (id ${id}) is not possible: ${conflictMessage(news, conflict)}`);
    }
    const changes =
      replaces.length > 0 ||
      containsUnknown(news.label) ||
      news.label !== olds.label ||
      (news.deletionPolicy ?? "archive") !== olds.deletionPolicy;
    return { changes, replaces: [...replaces] };
  },

  async create(inputs: DeploymentInputs) {
    try {
      const client = clientFor(inputs.projectId);
      invalidateCached(inputs.projectId, "deployments");
      const all = await projectDeployments(client, inputs.projectId);
      const deployment = (inputs.adopt ? await adoptExisting(client, inputs, all) : undefined) ?? (await createOwn(client, inputs, all));
      return { id: deployment.id, outs: outputsFrom(deployment, inputs) };
    } catch (e) {
      throw new Error(describeFailure(`creating deployment '${inputs.label}' in project ${inputs.projectId}`, e));
    }
  },

  async read(id: string, props: DeploymentOutputs) {
    try {
      const client = clientFor(props.projectId);
      const found =
        (await cachedLookup(props.projectId, "deployments", id, () => client.deployments.listAll())) ??
        (await client.deployments.listAll()).find((d) => d.id === id);
      if (found && !found.deleted) {
        // Every input of a deployment is managed, so the live object restated as inputs shows drift as
        // `~ label: "renamed" => "web"` in `preview --refresh --diff` (see input-projection.ts).
        const outs = outputsFrom(found, props);
        const { key: _key, ...inputs } = outs;
        return { id, props: outs, inputs };
      }
      await assertProjectAccess(client);
      return { id: "" };
    } catch (e) {
      throw new Error(describeFailure(`reading deployment '${props.label}' (id ${id})`, e));
    }
  },

  async update(id: string, olds: DeploymentOutputs, news: DeploymentInputs) {
    try {
      if (news.label !== olds.label) {
        invalidateCached(news.projectId, "deployments");
        await clientFor(news.projectId).deployments.update(id, { label: news.label });
      }
      return { outs: { ...olds, ...outputsFrom({ ...olds, id, label: news.label, deleted: false }, news), key: olds.key, type: olds.type } };
    } catch (e) {
      throw new Error(describeFailure(`updating deployment '${olds.label}' (id ${id})`, e));
    }
  },

  async delete(id: string, props: DeploymentOutputs) {
    if (props.deletionPolicy === "retain") return;
    // Another resource of the stack took this deployment over in this run (a rename with `adopt: true`).
    if (takenOverBy("deployments", id, props.owner) !== undefined) return;
    const client = clientFor(props.projectId);
    try {
      invalidateCached(props.projectId, "deployments");
      await client.deployments.update(id, { archive: true });
    } catch (e) {
      if (isApiError(e) && e.code === "FF_ERR_NOT_FOUND") return;
      const what = `archiving deployment '${props.label}' (id ${id})`;
      const users = isApiError(e) && e.status === 400 ? await usersOf(client, id).catch(() => []) : [];
      if (users.length > 0) {
        throw new Error(
          `${what} failed: ${users.join(", ")} still ${users.length === 1 ? "uses" : "use"} it, and Amplitude refuses to ` +
            `archive a deployment that unarchived flags or experiments use (${e instanceof Error ? (e as { serverMessage?: string }).serverMessage ?? e.message : String(e)}). ` +
            "Either keep the deployment as well (set `deletionPolicy: \"retain\"` on it, as on the flags that keep using it), " +
            "or remove it from those flags' and experiments' `deployments` (or archive them) first, then run again.",
        );
      }
      throw new Error(describeFailure(what, e));
    }
  },
};
