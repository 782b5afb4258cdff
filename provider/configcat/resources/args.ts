import type * as pulumi from "@pulumi/pulumi";

/**
 * What happens in ConfigCat when a resource is deleted from the program (or the stack is destroyed).
 * - `delete` (default for objects): hard delete in ConfigCat. A product's delete takes everything in it; consider
 *   the `protect: true` resource option on products.
 * - `retain`: leave the object as it is and only forget it in the stack.
 */
export type DeletionPolicy = "delete" | "retain";

/** Options every ConfigCat object resource takes (design §1.0). */
export interface CommonArgs {
  /**
   * Take over the existing object with this resource's natural key (a product's name in its organization, a config's
   * or environment's or tag's name in its product, a flag's key in its config) instead of creating one. When no object
   * has the key, one is created; when several do (names need not be unique), it fails naming them. Pulumi's `import` option does not work for dynamic resources; this is its replacement. The
   * first `up` then only sends what differs from the program.
   *
   * Without it, a create never takes over an existing object: it fails naming the object, leaving it untouched.
   * @default false
   */
  adopt?: pulumi.Input<boolean>;
  /**
   * What to do in ConfigCat when the resource is deleted: `delete` or `retain`.
   * @default "delete"
   */
  deletionPolicy?: pulumi.Input<DeletionPolicy>;
}
