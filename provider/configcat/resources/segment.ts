import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "../../core/dynamic/dynamic-provider";
import { dynamicResourceUrn } from "../../core/dynamic/owner";
import type { SEGMENT_COMPARATORS } from "../api/comparators";
import type { CommonArgs } from "./args";

/** Arguments of a {@link Segment}. Unset optional fields are not managed: never sent, never compared. */
export interface SegmentArgs extends CommonArgs {
  /** Product id (uuid). Changing it replaces the segment. */
  productId: pulumi.Input<string>;
  /** Name, 1–255 characters. */
  name: pulumi.Input<string>;
  /** Description, at most 1000 characters. */
  description?: pulumi.Input<string>;
  /** The user attribute compared, e.g. `Email`, 1–1000 characters. */
  comparisonAttribute: pulumi.Input<string>;
  /** How it is compared (ConfigCat's V1 comparator set, e.g. `isOneOf`, `contains`, `semVerLess`, `numberGreater`). */
  comparator: pulumi.Input<(typeof SEGMENT_COMPARATORS)[number]>;
  /** What it is compared with; a list is sent comma-separated, as the list comparators expect. */
  comparisonValue: pulumi.Input<string | pulumi.Input<string>[]>;
}

/**
 * A ConfigCat segment: a named user condition that targeting rules of any flag in the product can refer to.
 *
 * Changing `productId` replaces it. ConfigCat refuses to delete a segment a targeting rule uses: remove the use first.
 *
 * @example
 * ```ts
 * const staff = new configcat.Segment("staff", {
 *   productId: product.id, name: "Staff", comparisonAttribute: "Email", comparator: "contains", comparisonValue: "@example.com",
 * });
 * ```
 * @see https://api.configcat.com/docs/#tag/Segments
 */
export class Segment extends pulumi.dynamic.Resource {
  /** The segment id (uuid); also the resource id. */
  declare readonly segmentId: pulumi.Output<string>;
  /** The product id. */
  declare readonly productId: pulumi.Output<string>;
  /** Live name. */
  declare readonly name: pulumi.Output<string>;
  /** Live description (`null` when none). */
  declare readonly description: pulumi.Output<string | null>;
  /** The user attribute compared. */
  declare readonly comparisonAttribute: pulumi.Output<string>;
  /** How it is compared. */
  declare readonly comparator: pulumi.Output<string>;
  /** As ConfigCat holds it (a list joined with `,`). */
  declare readonly comparisonValue: pulumi.Output<string>;
  /** When it was last changed (ISO-8601), what lets a refresh skip re-reading it. */
  declare readonly updatedAt: pulumi.Output<string | null>;

  /**
   * @param name - the resource's name in the stack.
   * @param args - the segment's desired configuration.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: SegmentArgs, opts?: pulumi.CustomResourceOptions) {
    const outs = { segmentId: undefined, updatedAt: undefined, description: undefined };
    super(dynamicProvider("configcat-segment", require.resolve("../../dynamic/configcat-segment")), name, { ...outs, ...args, owner: dynamicResourceUrn(name, "configcat", "Segment", opts) }, opts, "configcat", "Segment");
    // The resource id itself, so it stays known in a preview of an in-place update (see numericIdOutput).
    this.segmentId = this.id;
  }
}
