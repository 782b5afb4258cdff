import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "../../core/dynamic/dynamic-provider";
import { dynamicResourceUrn } from "../../core/dynamic/owner";
import type { CommonArgs } from "./args";

/** Arguments of a {@link Product}. Unset optional fields are not managed: never sent, never compared. */
export interface ProductArgs extends CommonArgs {
  /** Organization id (uuid, from `GET /v1/organizations`). Changing it replaces the product. */
  organizationId: pulumi.Input<string>;
  /** Name, 1–1000 characters; unique names are not required by ConfigCat, but `adopt` needs exactly one match. */
  name: pulumi.Input<string>;
  /** Description, at most 1000 characters. */
  description?: pulumi.Input<string>;
  /** Display order (int32). */
  order?: pulumi.Input<number>;
}

/**
 * A ConfigCat product: the container of configs, environments, tags and segments.
 *
 * Changing `organizationId` replaces it; everything else updates in place. Deleting it deletes everything in it in
 * ConfigCat (consider `protect: true`), unless `deletionPolicy: "retain"`.
 *
 * @example
 * ```ts
 * const product = new configcat.Product("main", { organizationId: "08d8…", name: "Main" });
 * ```
 * @see https://api.configcat.com/docs/#tag/Products
 */
export class Product extends pulumi.dynamic.Resource {
  /** The product id (uuid); also the resource id. */
  declare readonly productId: pulumi.Output<string>;
  /** The organization id. */
  declare readonly organizationId: pulumi.Output<string>;
  /** Live name. */
  declare readonly name: pulumi.Output<string>;
  /** Live description (`null` when none). */
  declare readonly description: pulumi.Output<string | null>;
  /** Live display order. */
  declare readonly order: pulumi.Output<number>;
  /** The organization's name. */
  declare readonly organizationName: pulumi.Output<string>;

  /**
   * @param name - the resource's name in the stack.
   * @param args - the product's desired configuration.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: ProductArgs, opts?: pulumi.CustomResourceOptions) {
    const outs = { productId: undefined, organizationName: undefined, description: undefined, order: undefined };
    super(dynamicProvider("configcat-product", require.resolve("../../dynamic/configcat-product")), name, { ...outs, ...args, owner: dynamicResourceUrn(name, "configcat", "Product", opts) }, opts, "configcat", "Product");
    // The resource id itself, so it stays known in a preview of an in-place update (see numericIdOutput).
    this.productId = this.id;
  }
}
