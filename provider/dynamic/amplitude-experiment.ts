// The dynamic provider of `amplitude.Experiment`, as a module of its own (see
// core/dynamic/dynamic-provider.ts): installed under node_modules, Pulumi stores it in state as one `require`.
import type * as pulumi from "@pulumi/pulumi";
import { configureAmplitude } from "../amplitude/config";
import { configObjectProvider } from "../amplitude/resources/config-object";
import { experimentFields, experimentSchema } from "../amplitude/resources/validation";

const implementation = configObjectProvider({
  collection: "experiments",
  noun: "experiment",
  schema: experimentSchema,
  extraCreateFields: ["experimentType"],
  extraPatchFields: experimentFields,
  readOnlyFields: ["state"],
});

/** Takes the stack configuration; synchronous, see the configure race in the Pulumi reference. */
export function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  configureAmplitude(req.config);
  return Promise.resolve();
}

export const { check, diff, create, read, update } = implementation;
const remove = implementation.delete;
export { remove as delete };
