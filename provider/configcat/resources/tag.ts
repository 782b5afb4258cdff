import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "../../core/dynamic/dynamic-provider";
import { dynamicResourceUrn } from "../../core/dynamic/owner";
import { numericIdOutput } from "../../core/dynamic/id-output";
import type { CommonArgs } from "./args";

/** Arguments of a {@link Tag}. Unset optional fields are not managed: never sent, never compared. */
export interface TagArgs extends CommonArgs {
  /** Product id (uuid). Changing it replaces the tag. */
  productId: pulumi.Input<string>;
  /** Name, 1–255 characters. */
  name: pulumi.Input<string>;
  /** `panther`, `whale`, `salmon`, `lizard`, `canary`, `koala` or any HTML colour, at most 255 characters. */
  color?: pulumi.Input<string>;
}

/**
 * A ConfigCat tag, attached to flags through `Setting`'s `tags`.
 *
 * Changing `productId` replaces it. Deleting it detaches it from every flag.
 *
 * @example
 * ```ts
 * const beta = new configcat.Tag("beta", { productId: product.id, name: "beta", color: "koala" });
 * ```
 * @see https://api.configcat.com/docs/#tag/Tags
 */
export class Tag extends pulumi.dynamic.Resource {
  /** The tag id (int64, as a number); the resource id is its string form. */
  declare readonly tagId: pulumi.Output<number>;
  /** The product id. */
  declare readonly productId: pulumi.Output<string>;
  /** Live name. */
  declare readonly name: pulumi.Output<string>;
  /** Live colour (`null` when none). */
  declare readonly color: pulumi.Output<string | null>;

  /**
   * @param name - the resource's name in the stack.
   * @param args - the tag's desired configuration.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: TagArgs, opts?: pulumi.CustomResourceOptions) {
    super(dynamicProvider("configcat-tag", require.resolve("../../dynamic/configcat-tag")), name, { tagId: undefined, color: undefined, ...args, owner: dynamicResourceUrn(name, "configcat", "Tag", opts) }, opts, "configcat", "Tag");
    // From the resource id, so it stays known in a preview of an in-place update (see numericIdOutput).
    this.tagId = numericIdOutput(this);
  }
}
