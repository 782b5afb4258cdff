// The dynamic provider of `configcat.Product`, as a module of its own (see core/dynamic/dynamic-provider.ts):
// installed under node_modules, Pulumi stores it in state as one `require` of this file.
import { productProvider } from "../configcat/resources/product-provider";

export { configure } from "./configure";

export const { check, diff, create, read, update } = productProvider;
const remove = productProvider.delete;
export { remove as delete };
