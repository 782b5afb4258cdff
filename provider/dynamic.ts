// The module the serialized provider shims load inside the engine's provider process (see
// core/dynamic/shim.ts). It maps a resource kind to its implementation; nothing here is ever serialized.
import type { DynamicEntry } from "./core/dynamic/shim";
import { configureAmplitude } from "./amplitude/config";
import { deploymentProvider } from "./amplitude/resources/deployment";
import { experimentProvider } from "./amplitude/resources/experiment";
import { flagProvider } from "./amplitude/resources/flag";

const providers: Record<string, ReturnType<DynamicEntry["provider"]>> = {
  "amplitude:Flag": flagProvider as unknown as ReturnType<DynamicEntry["provider"]>,
  "amplitude:Experiment": experimentProvider as unknown as ReturnType<DynamicEntry["provider"]>,
  "amplitude:Deployment": deploymentProvider as unknown as ReturnType<DynamicEntry["provider"]>,
};

/** @internal */
export const configure: DynamicEntry["configure"] = (config) => configureAmplitude(config);

/** @internal */
export const provider: DynamicEntry["provider"] = (kind) => {
  const found = providers[kind];
  if (!found) throw new Error(`this version of pulumi-feature-flags has no resource '${kind}'; upgrade the package`);
  return found;
};
