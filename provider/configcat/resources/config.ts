import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "../../core/dynamic/dynamic-provider";
import { dynamicResourceUrn } from "../../core/dynamic/owner";
import type { CommonArgs } from "./args";

/** Arguments of a {@link Config}. Unset optional fields are not managed: never sent, never compared. */
export interface ConfigArgs extends CommonArgs {
  /** Product id (uuid). Changing it replaces the config. */
  productId: pulumi.Input<string>;
  /** Name, 1–255 characters. */
  name: pulumi.Input<string>;
  /** Description, at most 1000 characters. */
  description?: pulumi.Input<string>;
  /** Display order (int32). */
  order?: pulumi.Input<number>;
  /**
   * `v2` (targeting rules with AND-ed conditions, prerequisites, segments) or `v1` (legacy). Set at creation and
   * never changed: ConfigCat's V1→V2 migration is a Dashboard action that makes a new config, so a change fails in
   * `pulumi preview` with what to do instead.
   * @default "v2"
   */
  evaluationVersion?: pulumi.Input<"v1" | "v2">;
}

/**
 * A ConfigCat config: a set of flags, served to SDKs per environment.
 *
 * Changing `productId` replaces it; `evaluationVersion` cannot change (see {@link ConfigArgs.evaluationVersion}).
 * Deleting it deletes its flags, values and SDK keys in ConfigCat, unless `deletionPolicy: "retain"`.
 *
 * @example
 * ```ts
 * const config = new configcat.Config("web", { productId: product.id, name: "Web" });
 * ```
 * @see https://api.configcat.com/docs/#tag/Configs
 */
export class Config extends pulumi.dynamic.Resource {
  /** The config id (uuid); also the resource id. */
  declare readonly configId: pulumi.Output<string>;
  /** The product id. */
  declare readonly productId: pulumi.Output<string>;
  /** Live name. */
  declare readonly name: pulumi.Output<string>;
  /** Live description (`null` when none). */
  declare readonly description: pulumi.Output<string | null>;
  /** Live display order. */
  declare readonly order: pulumi.Output<number>;
  /** `v1` or `v2`. */
  declare readonly evaluationVersion: pulumi.Output<string>;
  /** The V2 config made from this one by a Dashboard migration, if any. */
  declare readonly migratedConfigId: pulumi.Output<string | null>;

  /**
   * @param name - the resource's name in the stack.
   * @param args - the config's desired configuration.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: ConfigArgs, opts?: pulumi.CustomResourceOptions) {
    const outs = { configId: undefined, migratedConfigId: undefined, description: undefined, order: undefined };
    super(dynamicProvider("configcat-config", require.resolve("../../dynamic/configcat-config")), name, { ...outs, ...args, owner: dynamicResourceUrn(name, "configcat", "Config", opts) }, opts, "configcat", "Config");
    // The resource id itself, so it stays known in a preview of an in-place update (see numericIdOutput).
    this.configId = this.id;
  }
}
