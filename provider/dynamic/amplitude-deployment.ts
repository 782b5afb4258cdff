// The dynamic provider of `amplitude.Deployment`, as a module of its own (see
// core/dynamic/dynamic-provider.ts): installed under node_modules, Pulumi stores it in state as one `require`.
import { deploymentProvider } from "../amplitude/resources/deployment-provider";

export { configure } from "./configure";

export const { check, diff, create, read, update } = deploymentProvider;
const remove = deploymentProvider.delete;
export { remove as delete };
