import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceUrn } from "../../core/dynamic/owner";
import { dynamicProvider } from "../../core/dynamic/dynamic-provider";
import type { CommonArgs } from "./args";

/** Arguments of a {@link Deployment}. */
export interface DeploymentArgs extends CommonArgs {
  /** Amplitude project id. Changing it replaces the deployment. */
  projectId: pulumi.Input<string>;
  /** Label shown in Amplitude: letters, digits, `_` and `-`. Updated in place. */
  label: pulumi.Input<string>;
  /** `client` (browser and mobile SDKs) or `server`. Changing it replaces the deployment. */
  type: pulumi.Input<"client" | "server">;
}


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
    super(dynamicProvider("amplitude-deployment", require.resolve("../../dynamic/amplitude-deployment")), name, { key: undefined, ...args, owner: dynamicResourceUrn(name, "amplitude", "Deployment", opts) }, secretOpts, "amplitude", "Deployment");
  }
}
