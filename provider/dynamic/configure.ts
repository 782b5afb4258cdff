import type * as pulumi from "@pulumi/pulumi";
import { configureAmplitude } from "../amplitude/config";
import { configureConfigCat } from "../configcat/config";

/**
 * Takes the stack configuration the engine hands every provider module. Synchronous on purpose: the
 * provider host may call other methods before a returned promise settles (the configure race).
 */
export function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  configureAmplitude(req.config);
  configureConfigCat(req.config);
  return Promise.resolve();
}
