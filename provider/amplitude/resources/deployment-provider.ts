import type * as pulumi from "@pulumi/pulumi";
import { isApiError, type AmplitudeClient, type DeploymentObject } from "../api";
import { checkInputs, withoutUndefined } from "../../core/dynamic/check";
import { containsUnknown } from "../../core/dynamic/unknown";
import { clientFor } from "./client-for";
import { describeFailure } from "./errors";
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
}

const replaceFields = ["projectId", "type"] as const;

function outputsFrom(d: DeploymentObject, options: { adopt?: boolean; deletionPolicy?: string }): DeploymentOutputs {
  // The documented responses do not echo `type`; the key's prefix says it.
  const type = (d as { type?: string }).type ?? (String(d.key ?? "").startsWith("server-") ? "server" : "client");
  return {
    projectId: String(d.projectId),
    label: d.label,
    type,
    key: d.key ?? null,
    adopt: options.adopt === true,
    deletionPolicy: options.deletionPolicy ?? "archive",
  };
}

async function findByLabel(client: AmplitudeClient, inputs: DeploymentInputs) {
  const all = await client.deployments.listAll();
  const matches = all.filter((d) => String(d.projectId) === inputs.projectId && d.label === inputs.label);
  return matches.find((d) => !d.deleted) ?? matches[0];
}

// The deployment list has no project filter and silently shows only the projects the key can see: before
// calling a deployment gone, make sure the key can see its project at all (a 403 then names the problem).
async function assertProjectAccess(client: AmplitudeClient): Promise<void> {
  for await (const _ of client.flags.list()) break;
}

/** The deployment provider implementation, run inside the engine's provider process. @internal */
export const deploymentProvider = {
  async check(_olds: unknown, news: Record<string, unknown>) {
    const result = checkInputs(deploymentSchema, news);
    if (!result.ok) return { failures: result.failures };
    return { inputs: withoutUndefined({ adopt: false, deletionPolicy: "archive", ...result.value }) };
  },

  async diff(_id: string, olds: DeploymentOutputs, news: DeploymentInputs): Promise<pulumi.dynamic.DiffResult> {
    const replaces = replaceFields.filter((f) => containsUnknown(news[f]) || String(news[f]) !== String(olds[f]));
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
      // A deployment is its label and type: one that already matches is this resource's own earlier,
      // interrupted create (or, with adopt, the one the program takes over), never a reason to make another.
      let existing: DeploymentObject | undefined = await findByLabel(client, inputs);
      const sameType = existing !== undefined && outputsFrom(existing, inputs).type === inputs.type;
      if (existing && !sameType) {
        throw new Error(
          `a ${outputsFrom(existing, inputs).type} deployment labelled '${inputs.label}' already exists in project ` +
            `${inputs.projectId} (id ${existing.id}); a deployment's type cannot change: use another label or type '${outputsFrom(existing, inputs).type}'`,
        );
      }
      if (existing && !inputs.adopt && existing.deleted) {
        throw new Error(
          `a deployment labelled '${inputs.label}' already exists in project ${inputs.projectId} (id ${existing.id}` +
            `${existing.deleted ? ", archived" : ""}); set \`adopt: true\` to manage it, or choose another label`,
        );
      }
      if (existing?.deleted) await client.deployments.update(existing.id, { archive: false });
      if (!existing) {
        const { id } = await client.deployments.create({ label: inputs.label, type: inputs.type });
        existing = (await client.deployments.listAll()).find((d) => d.id === id);
      }
      if (!existing) throw new Error("the new deployment is missing from the deployment list; run `pulumi up` again");
      return { id: existing.id, outs: outputsFrom({ ...existing, deleted: false }, inputs) };
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
      return { outs: { ...olds, label: news.label, adopt: news.adopt === true, deletionPolicy: news.deletionPolicy ?? "archive" } };
    } catch (e) {
      throw new Error(describeFailure(`updating deployment '${olds.label}' (id ${id})`, e));
    }
  },

  async delete(id: string, props: DeploymentOutputs) {
    if (props.deletionPolicy === "retain") return;
    try {
      invalidateCached(props.projectId, "deployments");
      await clientFor(props.projectId).deployments.update(id, { archive: true });
    } catch (e) {
      if (isApiError(e) && e.code === "FF_ERR_NOT_FOUND") return;
      throw new Error(describeFailure(`archiving deployment '${props.label}' (id ${id})`, e));
    }
  },
};

