// The dynamic provider of `configcat.Environment`, as a module of its own (see core/dynamic/dynamic-provider.ts):
// installed under node_modules, Pulumi stores it in state as one `require` of this file.
import { environmentProvider } from "../configcat/resources/environment-provider";

export { configure } from "./configure";

export const { check, diff, create, read, update } = environmentProvider;
const remove = environmentProvider.delete;
export { remove as delete };
