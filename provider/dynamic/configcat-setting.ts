// The dynamic provider of `configcat.Setting`, as a module of its own (see core/dynamic/dynamic-provider.ts):
// installed under node_modules, Pulumi stores it in state as one `require` of this file.
import { settingProvider } from "../configcat/resources/setting-provider";

export { configure } from "./configure";

export const { check, diff, create, read, update } = settingProvider;
const remove = settingProvider.delete;
export { remove as delete };
