// The dynamic provider of `configcat.Config`, as a module of its own (see core/dynamic/dynamic-provider.ts):
// installed under node_modules, Pulumi stores it in state as one `require` of this file.
import { configProvider } from "../configcat/resources/config-provider";

export { configure } from "./configure";

export const { check, diff, create, read, update } = configProvider;
const remove = configProvider.delete;
export { remove as delete };
