// The dynamic provider of `amplitude.Flag`, as a module of its own (see core/dynamic/dynamic-provider.ts):
// installed under node_modules, Pulumi stores it in state as one `require` of this file.
import { configObjectProvider } from "../amplitude/resources/config-object";
import { flagSchema } from "../amplitude/resources/validation";

const implementation = configObjectProvider({
  collection: "flags",
  noun: "flag",
  schema: flagSchema,
  extraCreateFields: [],
  extraPatchFields: [],
  readOnlyFields: ["lastModifiedAt"],
});

export { configure } from "./configure";

export const { check, diff, create, read, update } = implementation;
const remove = implementation.delete;
export { remove as delete };
