// The dynamic provider of `configcat.Tag`, as a module of its own (see core/dynamic/dynamic-provider.ts):
// installed under node_modules, Pulumi stores it in state as one `require` of this file.
import { tagProvider } from "../configcat/resources/tag-provider";

export { configure } from "./configure";

export const { check, diff, create, read, update } = tagProvider;
const remove = tagProvider.delete;
export { remove as delete };
