// The dynamic provider of `configcat.Segment`, as a module of its own (see core/dynamic/dynamic-provider.ts):
// installed under node_modules, Pulumi stores it in state as one `require` of this file.
import { segmentProvider } from "../configcat/resources/segment-provider";

export { configure } from "./configure";

export const { check, diff, create, read, update } = segmentProvider;
const remove = segmentProvider.delete;
export { remove as delete };
