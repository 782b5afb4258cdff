import * as pulumi from "@pulumi/pulumi";

/**
 * The URN a dynamic resource will get, computed in the program before it is registered. A dynamic provider is
 * never told the URN of the resource it works on, so resource classes pass it as an input: it is the
 * identity the provider records with each object it creates, and later accepts as proof that an object is
 * this resource's own (an interrupted create), not one made in the UI or by another resource.
 * @param name - the resource's name.
 * @param module - the dynamic resource's module, e.g. `amplitude`.
 * @param type - its type, e.g. `Flag`.
 * @param opts - its options (the parent decides the URN's type chain).
 */
export function dynamicResourceUrn(name: string, module: string, type: string, opts?: pulumi.ResourceOptions): pulumi.Output<string> {
  return pulumi.createUrn(name, `pulumi-nodejs:dynamic/${module}:${type}`, opts?.parent);
}
