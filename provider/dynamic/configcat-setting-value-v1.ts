// The dynamic provider of `configcat.SettingValueV1`, as a module of its own (see core/dynamic/dynamic-provider.ts):
// installed under node_modules, Pulumi stores it in state as one `require` of this file.
import { settingValueV1Provider } from "../configcat/resources/setting-value-v1-provider";

export { configure } from "./configure";

export const { check, diff, create, read, update } = settingValueV1Provider;
const remove = settingValueV1Provider.delete;
export { remove as delete };
