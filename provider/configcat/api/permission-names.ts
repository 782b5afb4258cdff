// Apart from the zod schemas (permission-groups.ts), so that the resources' public declarations can use them without
// reaching zod's (see setting-types.ts).

/** The 21 `can*` permissions of `CreatePermissionGroupRequest` (design §6.7), `canDisable2FA` (2024) included. */
export const PERMISSIONS = [
  "canManageMembers", "canCreateOrUpdateConfig", "canDeleteConfig", "canCreateOrUpdateEnvironment", "canDeleteEnvironment",
  "canCreateOrUpdateSetting", "canTagSetting", "canDeleteSetting", "canCreateOrUpdateTag", "canDeleteTag", "canManageWebhook",
  "canUseExportImport", "canManageProductPreferences", "canManageIntegrations", "canViewSdkKey", "canRotateSdkKey",
  "canCreateOrUpdateSegments", "canDeleteSegments", "canViewProductAuditLog", "canViewProductStatistics", "canDisable2FA",
] as const;
/** A `can*` permission. */
export type Permission = (typeof PERMISSIONS)[number];
