import * as pulumi from "@pulumi/pulumi";
import { isApiError, type AmplitudeClient, type DeploymentObject } from "../api";
import { checkInputs, withoutUndefined } from "../../core/dynamic/check";
import { DynamicShim } from "../../core/dynamic/shim";
import { dynamicEntry } from "../../core/dynamic/entry-name";
import { containsUnknown } from "../../core/dynamic/unknown";
import type { CommonArgs } from "./args";
import { clientFor } from "./client-for";
import { describeFailure } from "./errors";
import { cachedLookup, invalidateCached } from "./live-cache";
import { deploymentSchema, type DeploymentInputs } from "./validation";

/** Arguments of a {@link Deployment}. */
export interface DeploymentArgs extends CommonArgs {
  /** Amplitude project id. Changing it replaces the deployment. */
  projectId: pulumi.Input<string>;
  /** Label shown in Amplitude: letters, digits, `_` and `-`. Updated in place. */
  label: pulumi.Input<string>;
  /** `client` (browser and mobile SDKs) or `server`. Changing it replaces the deployment. */
  type: pulumi.Input<"client" | "server">;
}

interface DeploymentOutputs {
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

const shim = new DynamicShim(dynamicEntry, "amplitude:Deployment");

/**
 * An Amplitude Experiment deployment: the SDK key flags and experiments are served under.
 *
 * Changing `projectId` or `type` replaces it; `label` updates in place; deleting archives it (Amplitude
 * refuses while unarchived flags still use it, so delete flags first, as Pulumi's dependency order does).
 * The deployment key is always a secret output.
 *
 * @example
 * ```ts
 * const web = new amplitude.Deployment("web", { projectId: "123456", label: "web", type: "client" });
 * export const webKey = web.key; // secret
 * ```
 * @see https://amplitude.com/docs/apis/experiment/experiment-management-api-deployments
 */
export class Deployment extends pulumi.dynamic.Resource {
  /** Amplitude project id. */
  declare readonly projectId: pulumi.Output<string>;
  /** Label. */
  declare readonly label: pulumi.Output<string>;
  /** `client` or `server`. */
  declare readonly type: pulumi.Output<string>;
  /** The deployment key SDKs use (`client-…` / `server-…`). Always secret. */
  declare readonly key: pulumi.Output<string>;

  /**
   * @param name - the resource's name in the stack.
   * @param args - the deployment's desired configuration.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: DeploymentArgs, opts?: pulumi.CustomResourceOptions) {
    const secretOpts = { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "key"] };
    super(shim, name, { key: undefined, ...args }, secretOpts, "amplitude", "Deployment");
  }
}
