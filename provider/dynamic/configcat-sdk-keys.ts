// The dynamic provider of `configcat.SdkKeys`, as a module of its own (see core/dynamic/dynamic-provider.ts):
// installed under node_modules, Pulumi stores it in state as one `require` of this file.
import { sdkKeysProvider } from "../configcat/resources/sdk-keys-provider";

export { configure } from "./configure";

export const { check, diff, create, read, update } = sdkKeysProvider;
const remove = sdkKeysProvider.delete;
export { remove as delete };
