// The dynamic provider of `amplitude.Experiment`, as a module of its own (see
// core/dynamic/dynamic-provider.ts): installed under node_modules, Pulumi stores it in state as one `require`.
import { configObjectProvider } from "../amplitude/resources/config-object";
import { experimentFields, experimentSchema } from "../amplitude/resources/validation";

const implementation = configObjectProvider({
  collection: "experiments",
  noun: "experiment",
  schema: experimentSchema,
  extraCreateFields: ["experimentType"],
  extraPatchFields: experimentFields,
  readOnlyFields: ["state", "lastModifiedAt"],
});

export { configure } from "./configure";

export const { check, diff, create, read, update } = implementation;
const remove = implementation.delete;
export { remove as delete };
