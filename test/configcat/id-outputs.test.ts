// The id outputs of the ConfigCat resources (`settingId`, `tagId`, `environmentId`, …) come from the resource id, so a
// preview of an in-place update keeps them known: there the engine reports the id but gives a dynamic resource its
// new inputs as its outputs (it cannot preview an update), so an id read from the provider's outputs would be unknown
// and every resource taking it would be shown as replaced. Run on the compiled package, as users install it.
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { configcat } from "./program";

const { Config, Environment, PermissionGroup, Product, Segment, Setting, Tag, Webhook } = configcat;
const uuid = "0f6a7c1e-52c4-4a3b-9d0e-8f1b2c3d4e5f";

/** Each resource with arguments, its id and the output that must equal it. */
const cases = [
  { output: "productId", id: uuid, expected: uuid, make: () => new Product("p", { organizationId: uuid, name: "Shop" }) },
  { output: "configId", id: uuid, expected: uuid, make: () => new Config("c", { productId: uuid, name: "Web" }) },
  { output: "environmentId", id: uuid, expected: uuid, make: () => new Environment("e", { productId: uuid, name: "Production" }) },
  {
    output: "segmentId", id: uuid, expected: uuid,
    make: () => new Segment("s", { productId: uuid, name: "Staff", comparisonAttribute: "Email", comparator: "contains", comparisonValue: "@example.com" }),
  },
  { output: "settingId", id: "10004", expected: 10004, make: () => new Setting("f", { configId: uuid, key: "newCheckout" }) },
  { output: "tagId", id: "42", expected: 42, make: () => new Tag("t", { productId: uuid, name: "beta" }) },
  { output: "webhookId", id: "7", expected: 7, make: () => new Webhook("w", { configId: uuid, environmentId: uuid, url: "https://ci.example.com/hook" }) },
  { output: "permissionGroupId", id: "9", expected: 9, make: () => new PermissionGroup("g", { productId: uuid, name: "Editors" }) },
] as const;

/** Whether an output is known, and its value; reads the SDK's own resolution state. */
async function resolved(o: unknown): Promise<{ known: boolean; value: unknown }> {
  const impl = o as { isKnown: Promise<boolean>; promise(): Promise<unknown> };
  return { known: await impl.isKnown, value: await impl.promise() };
}

/**
 * Registers the resource with the engine replaced by mocks that answer with `id` and the inputs, plus `outputs`, as the
 * outputs (in a preview of an update, the engine hands a dynamic resource exactly its inputs).
 */
async function register(make: () => pulumi.CustomResource, output: string, id: string, preview: boolean, outputs: Record<string, unknown> = {}) {
  await pulumi.runtime.setMocks(
    { newResource: (args) => ({ id, state: { ...args.inputs, ...outputs } }), call: () => ({}) },
    "project", "stack", preview,
  );
  const resource = make() as unknown as Record<string, unknown> & pulumi.CustomResource;
  return { id: await resolved(resource.id), output: await resolved(resource[output]) };
}

describe("the id outputs of the ConfigCat resources", () => {
  it.each(cases)("$output is known in a preview of an in-place update, as the resource id is", async ({ make, output, id, expected }) => {
    await expect(register(make, output, id, true)).resolves.toEqual({ id: { known: true, value: id }, output: { known: true, value: expected } });
  });

  it.each(cases)("$output is unknown in a preview of a create or replacement, as the resource id is", async ({ make, output }) => {
    await expect(register(make, output, "", true)).resolves.toEqual({ id: { known: false, value: undefined }, output: { known: false, value: undefined } });
  });

  it.each(cases)("$output is what the provider reported after an up", async ({ make, output, id, expected }) => {
    await expect(register(make, output, id, false, { [output]: expected })).resolves.toEqual({ id: { known: true, value: id }, output: { known: true, value: expected } });
  });
});
