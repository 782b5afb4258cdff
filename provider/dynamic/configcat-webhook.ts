// The dynamic provider of `configcat.Webhook`, as a module of its own (see core/dynamic/dynamic-provider.ts):
// installed under node_modules, Pulumi stores it in state as one `require` of this file.
import { webhookProvider } from "../configcat/resources/webhook-provider";

export { configure } from "./configure";

export const { check, diff, create, read, update } = webhookProvider;
const remove = webhookProvider.delete;
export { remove as delete };
