// The dynamic provider of `configcat.PermissionGroup`, as a module of its own (see core/dynamic/dynamic-provider.ts):
// installed under node_modules, Pulumi stores it in state as one `require` of this file.
import { permissionGroupProvider } from "../configcat/resources/permission-group-provider";

export { configure } from "./configure";

export const { check, diff, create, read, update } = permissionGroupProvider;
const remove = permissionGroupProvider.delete;
export { remove as delete };
