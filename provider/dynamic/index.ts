// What a serialized DynamicShim loads in the engine's provider process (the fallback of
// core/dynamic/dynamic-provider.ts): the provider module of each resource kind. Nothing here is serialized.
import type * as pulumi from "@pulumi/pulumi";
import type { DynamicEntry } from "../core/dynamic/shim";
import { configureAmplitude } from "../amplitude/config";
import { configureConfigCat } from "../configcat/config";
import * as amplitudeDeployment from "./amplitude-deployment";
import * as amplitudeExperiment from "./amplitude-experiment";
import * as amplitudeFlag from "./amplitude-flag";
import * as configcatConfig from "./configcat-config";
import * as configcatEnvironment from "./configcat-environment";
import * as configcatProduct from "./configcat-product";
import * as configcatSdkKeys from "./configcat-sdk-keys";
import * as configcatSegment from "./configcat-segment";
import * as configcatSetting from "./configcat-setting";
import * as configcatSettingValue from "./configcat-setting-value";
import * as configcatTag from "./configcat-tag";
import * as configcatSettingTag from "./configcat-setting-tag";
import * as configcatProductPreferences from "./configcat-product-preferences";
import * as configcatSettingValueV1 from "./configcat-setting-value-v1";
import * as configcatWebhook from "./configcat-webhook";
import * as configcatPermissionGroup from "./configcat-permission-group";

const modules: Record<string, pulumi.dynamic.ResourceProvider> = {
  "amplitude-flag": amplitudeFlag,
  "amplitude-experiment": amplitudeExperiment,
  "amplitude-deployment": amplitudeDeployment,
  "configcat-product": configcatProduct,
  "configcat-config": configcatConfig,
  "configcat-environment": configcatEnvironment,
  "configcat-setting": configcatSetting,
  "configcat-tag": configcatTag,
  "configcat-segment": configcatSegment,
  "configcat-setting-value": configcatSettingValue,
  "configcat-sdk-keys": configcatSdkKeys,
  "configcat-setting-tag": configcatSettingTag,
  "configcat-product-preferences": configcatProductPreferences,
  "configcat-setting-value-v1": configcatSettingValueV1,
  "configcat-webhook": configcatWebhook,
  "configcat-permission-group": configcatPermissionGroup,
  // Names used by 0.1.0 pre-releases; resources in state keep the shim they were created with.
  "amplitude:Flag": amplitudeFlag,
  "amplitude:Experiment": amplitudeExperiment,
  "amplitude:Deployment": amplitudeDeployment,
};

/** @internal */
export const configure: DynamicEntry["configure"] = (config) => {
  configureAmplitude(config);
  configureConfigCat(config);
};

/** @internal */
export const provider: DynamicEntry["provider"] = (kind) => {
  const found = modules[kind];
  if (!found) throw new Error(`this version of pulumi-feature-flags has no resource '${kind}'; upgrade the package`);
  return found as ReturnType<DynamicEntry["provider"]>;
};
