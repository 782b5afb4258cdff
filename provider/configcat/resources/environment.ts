import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "../../core/dynamic/dynamic-provider";
import { dynamicResourceUrn } from "../../core/dynamic/owner";
import type { CommonArgs } from "./args";

/** Arguments of an {@link Environment}. Unset optional fields are not managed: never sent, never compared. */
export interface EnvironmentArgs extends CommonArgs {
  /** Product id (uuid). Changing it replaces the environment. */
  productId: pulumi.Input<string>;
  /** Name, 1–255 characters, e.g. `Production`. */
  name: pulumi.Input<string>;
  /** Description, at most 1000 characters. */
  description?: pulumi.Input<string>;
  /** Colour shown in the Dashboard: an RGB or HTML colour code, at most 255 characters. */
  color?: pulumi.Input<string>;
  /** Display order (int32). */
  order?: pulumi.Input<number>;
  /**
   * Also delete the environment's audit log entries when it is deleted (`?cleanupAuditLogs=true`).
   * @default false
   */
  cleanupAuditLogsOnDelete?: pulumi.Input<boolean>;
}

/**
 * A ConfigCat environment (e.g. Test, Production): every flag has a served value per environment.
 *
 * Changing `productId` replaces it. Deleting it deletes its values and SDK keys in ConfigCat, unless
 * `deletionPolicy: "retain"`.
 *
 * @example
 * ```ts
 * const prod = new configcat.Environment("prod", { productId: product.id, name: "Production", color: "#c7254e" });
 * ```
 * @see https://api.configcat.com/docs/#tag/Environments
 */
export class Environment extends pulumi.dynamic.Resource {
  /** The environment id (uuid); also the resource id. */
  declare readonly environmentId: pulumi.Output<string>;
  /** The product id. */
  declare readonly productId: pulumi.Output<string>;
  /** Live name. */
  declare readonly name: pulumi.Output<string>;
  /** Live description (`null` when none). */
  declare readonly description: pulumi.Output<string | null>;
  /** Live colour (`null` when none). */
  declare readonly color: pulumi.Output<string | null>;
  /** Live display order. */
  declare readonly order: pulumi.Output<number>;

  /**
   * @param name - the resource's name in the stack.
   * @param args - the environment's desired configuration.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: EnvironmentArgs, opts?: pulumi.CustomResourceOptions) {
    const outs = { environmentId: undefined, description: undefined, color: undefined, order: undefined };
    super(dynamicProvider("configcat-environment", require.resolve("../../dynamic/configcat-environment")), name, { ...outs, ...args, owner: dynamicResourceUrn(name, "configcat", "Environment", opts) }, opts, "configcat", "Environment");
    // The resource id itself, so it stays known in a preview of an in-place update (see numericIdOutput).
    this.environmentId = this.id;
  }
}
