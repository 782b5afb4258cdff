// The dynamic provider of `amplitude.Deployment`, as a module of its own (see
// core/dynamic/dynamic-provider.ts): installed under node_modules, Pulumi stores it in state as one `require`.
import type * as pulumi from "@pulumi/pulumi";
import { configureAmplitude } from "../amplitude/config";
import { deploymentProvider } from "../amplitude/resources/deployment-provider";

/** Takes the stack configuration; synchronous, see the configure race in the Pulumi reference. */
export function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  configureAmplitude(req.config);
  return Promise.resolve();
}

export const { check, diff, create, read, update } = deploymentProvider;
const remove = deploymentProvider.delete;
export { remove as delete };
