// The dynamic provider of `configcat.ProductPreferences`, as a module of its own (see core/dynamic/dynamic-provider.ts):
// installed under node_modules, Pulumi stores it in state as one `require` of this file.
import { productPreferencesProvider } from "../configcat/resources/product-preferences-provider";

export { configure } from "./configure";

export const { check, diff, create, read, update } = productPreferencesProvider;
const remove = productPreferencesProvider.delete;
export { remove as delete };
