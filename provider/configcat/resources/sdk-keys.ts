import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "../../core/dynamic/dynamic-provider";

/** Arguments of {@link SdkKeys}. */
export interface SdkKeysArgs {
  /** Config id (uuid). Changing it replaces the resource. */
  configId: pulumi.Input<string>;
  /** Environment id (uuid). Changing it replaces the resource. */
  environmentId: pulumi.Input<string>;
}

/**
 * The SDK keys of one config in one environment, as secret outputs (read-only; a dynamic provider cannot serve data
 * sources). A refresh picks up a key rotation made in the Dashboard.
 *
 * @example
 * ```ts
 * const keys = new configcat.SdkKeys("web-prod", { configId: config.id, environmentId: prod.id });
 * export const sdkKey = keys.primary; // secret
 * ```
 * @see https://api.configcat.com/docs/#tag/SDK-Keys
 */
export class SdkKeys extends pulumi.dynamic.Resource {
  /** The config id. */
  declare readonly configId: pulumi.Output<string>;
  /** The environment id. */
  declare readonly environmentId: pulumi.Output<string>;
  /** The primary SDK key. Always secret. */
  declare readonly primary: pulumi.Output<string>;
  /** The secondary key during a rotation, else `null`. Always secret. */
  declare readonly secondary: pulumi.Output<string | null>;

  /**
   * @param name - the resource's name in the stack.
   * @param args - which config and environment.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: SdkKeysArgs, opts?: pulumi.CustomResourceOptions) {
    const secretOpts = { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "primary", "secondary"] };
    super(dynamicProvider("configcat-sdk-keys", require.resolve("../../dynamic/configcat-sdk-keys")), name, { primary: undefined, secondary: undefined, ...args }, secretOpts, "configcat", "SdkKeys");
  }
}
