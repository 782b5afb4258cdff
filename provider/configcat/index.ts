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
export { SettingTag, type SettingTagArgs } from "./resources/setting-tag";
export { ProductPreferences, type KeyGenerationMode, type ProductPreferencesArgs, type ProductPreferencesDeletionPolicy } from "./resources/product-preferences";
export {
  SettingValueV1, type PercentageItem, type PercentageItemArgs, type RolloutRule, type RolloutRuleArgs, type RolloutRuleComparator, type SettingValueV1Args,
} from "./resources/setting-value-v1";
export { Webhook, type WebhookArgs } from "./resources/webhook";
export {
  PermissionGroup, type AccessType, type ApprovalPermissionType, type EnvironmentAccessType, type PermissionArgs, type PermissionGroupArgs, type PermissionOutputs,
} from "./resources/permission-group";
export type { CommonArgs, DeletionPolicy } from "./resources/args";
export { settingSources, type ConfigCatSettings } from "./config";
export {
  getConfig, getConfigOutput, getEnvironment, getEnvironmentOutput, getProduct, getProductOutput, getSdkKeys, getSdkKeysOutput, getSetting,
  getSettingOutput, type GetByNameInProductArgs, type GetConfigResult, type GetEnvironmentResult, type GetProductArgs, type GetProductResult,
  type GetSdkKeysArgs, type GetSdkKeysResult, type GetSettingArgs, type GetSettingResult,
} from "./lookups";
export type { LookupInputs } from "../core/lookups";
