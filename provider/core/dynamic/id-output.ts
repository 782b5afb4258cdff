import type * as pulumi from "@pulumi/pulumi";

/**
 * A numeric id output (`settingId`, `tagId`, …) taken from the resource id (its string form) rather than from the
 * provider's outputs. For a resource whose id is a string id, assign `this.id` itself.
 *
 * Why: the engine keeps a resource's id through an in-place update and reports it in the preview, but a dynamic
 * provider cannot preview an update: the engine takes the new inputs as its outputs, and drops a diff's `stables`
 * (neither `@pulumi/pulumi`'s dynamic provider host nor the engine passes them on). An output the provider computes
 * is therefore unknown in that preview, and every resource it feeds whose diff replaces on a change of it is shown as
 * replaced, though `up` only updates. The id is unknown exactly while the resource is created or replaced.
 *
 * @param resource - the resource whose id is the number's decimal string.
 * @returns the id as a number; unknown while the id is.
 */
export function numericIdOutput(resource: pulumi.CustomResource): pulumi.Output<number> {
  return resource.id.apply(Number);
}
