// The dynamic provider of `configcat.SettingTag`, as a module of its own (see core/dynamic/dynamic-provider.ts):
// installed under node_modules, Pulumi stores it in state as one `require` of this file.
import { settingTagProvider } from "../configcat/resources/setting-tag-provider";

export { configure } from "./configure";

export const { check, diff, create, read, update } = settingTagProvider;
const remove = settingTagProvider.delete;
export { remove as delete };
