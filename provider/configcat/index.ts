// The ConfigCat resources, what stack programs use. The API client (zod schemas, typed endpoints) is for scripts and
// is exported separately, as `pulumi-feature-flags/configcat/api`, for the same reason as Amplitude's (zod's
// declarations do not compile under Pulumi's template tsconfig). For that reason too, each resource file holds only
// the class and its public types; the provider the engine runs is `resources/<resource>-provider.ts`, so no
// declaration exported here reaches the API client's types.
export { Product, type ProductArgs } from "./resources/product";
export { Config, type ConfigArgs } from "./resources/config";
export { Environment, type EnvironmentArgs } from "./resources/environment";
export { Setting, type SettingArgs } from "./resources/setting";
export { Tag, type TagArgs } from "./resources/tag";
export { Segment, type SegmentArgs } from "./resources/segment";
export { SdkKeys, type SdkKeysArgs } from "./resources/sdk-keys";
export {
  SettingValue, type Condition, type ConditionArgs, type ListItem, type PercentageOption, type PercentageOptionArgs, type Served,
  type SettingValueArgs, type SettingValueDeletionPolicy, type TargetingRule, type TargetingRuleArgs,
} from "./resources/setting-value";
export type { CommonArgs, DeletionPolicy } from "./resources/args";
export { settingSources, type ConfigCatSettings } from "./config";
