// The dynamic provider of `configcat.SettingValue`, as a module of its own (see core/dynamic/dynamic-provider.ts):
// installed under node_modules, Pulumi stores it in state as one `require` of this file.
import { settingValueProvider } from "../configcat/resources/setting-value-provider";

export { configure } from "./configure";

export const { check, diff, create, read, update } = settingValueProvider;
const remove = settingValueProvider.delete;
export { remove as delete };
