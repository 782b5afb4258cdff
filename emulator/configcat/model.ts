import { z } from "zod";

/*
 * The emulator's state (also the JSON of `/__admin/state` and of the state file). Defined once as zod
 * schemas so the types and the validation of loaded/replaced state cannot drift apart. Ids are stored
 * exactly as the API returns them: uuid strings (lower case) and integer ids as numbers.
 */

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "must be a lower-case uuid");
const int = z.number().int();
const json = z.json();
const envFlags = z.record(z.string(), z.boolean());

/** Product preferences (`PreferencesModel`, environment lists stored as maps envId → flag). */
export const preferencesSchema = z.object({
  reasonRequired: z.boolean().default(false),
  keyGenerationMode: z.enum(["camelCase", "lowerCase", "upperCase", "pascalCase", "kebabCase"]).default("camelCase"),
  showVariationId: z.boolean().default(false),
  mandatorySettingHint: z.boolean().default(false),
  reasonRequiredEnvironments: envFlags.default({}),
  approveRequired: z.boolean().default(false),
  approveRequiredEnvironments: envFlags.default({}),
});

const organizationSchema = z.object({ organizationId: uuid, name: z.string() });

const productSchema = z.object({
  productId: uuid,
  organizationId: uuid,
  name: z.string(),
  description: z.string().nullable().default(null),
  order: int.default(0),
  preferences: preferencesSchema.prefault({}),
});

const configSchema = z.object({
  configId: uuid,
  productId: uuid,
  name: z.string(),
  description: z.string().nullable().default(null),
  order: int.default(0),
  evaluationVersion: z.enum(["v1", "v2"]),
  migratedConfigId: uuid.nullable().default(null),
});

const environmentSchema = z.object({
  environmentId: uuid,
  productId: uuid,
  name: z.string(),
  description: z.string().nullable().default(null),
  color: z.string().nullable().default(null),
  order: int.default(0),
});

const settingSchema = z.object({
  settingId: int,
  configId: uuid,
  key: z.string().min(1),
  name: z.string(),
  hint: z.string().nullable().default(null),
  order: int.default(0),
  settingType: z.enum(["boolean", "string", "int", "double"]),
  isJson: z.boolean().default(false),
  createdAt: z.string(),
  creatorEmail: z.string().nullable().default(null),
  creatorFullName: z.string().nullable().default(null),
  /** Attached tags in attachment order. */
  tags: z.array(z.object({ settingTagId: int, tagId: int })).default([]),
});

const deletedSettingSchema = z.object({
  settingId: int,
  configId: uuid,
  key: z.string(),
  name: z.string(),
  hint: z.string().nullable(),
  settingType: z.enum(["boolean", "string", "int", "double"]),
  deletedAt: z.string(),
});

const tagSchema = z.object({ tagId: int, productId: uuid, name: z.string(), color: z.string().nullable().default(null) });

const segmentSchema = z.object({
  segmentId: uuid,
  productId: uuid,
  name: z.string(),
  description: z.string().nullable().default(null),
  comparisonAttribute: z.string(),
  comparator: z.string(),
  comparisonValue: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  creatorEmail: z.string().nullable().default(null),
  creatorFullName: z.string().nullable().default(null),
  lastUpdaterEmail: z.string().nullable().default(null),
  lastUpdaterFullName: z.string().nullable().default(null),
});

const sdkKeySchema = z.object({ configId: uuid, environmentId: uuid, primary: z.string(), secondary: z.string().nullable().default(null) });

const valueSchema = z.object({
  settingId: int,
  environmentId: uuid,
  /**
   * The served-value formula in its writable representation, normalised (every member present, unused
   * ones null): V1 `{value, rolloutRules, rolloutPercentageItems}` or V2 `{defaultValue, targetingRules,
   * percentageEvaluationAttribute}`, according to the config's evaluation version.
   */
  formula: json,
  lastVersionId: uuid,
  updatedAt: z.string().nullable().default(null),
  lastUpdaterUserEmail: z.string().nullable().default(null),
  lastUpdaterUserFullName: z.string().nullable().default(null),
});

const webhookSchema = z.object({
  webhookId: int,
  configId: uuid,
  environmentId: uuid,
  url: z.string(),
  httpMethod: z.enum(["get", "post"]),
  content: z.string().nullable().default(null),
  webHookHeaders: z.array(z.object({ key: z.string(), value: z.string(), isSecure: z.boolean().default(false) })).default([]),
});

const signingKeysSchema = z.object({ productId: uuid, key1: z.string().nullable(), key2: z.string().nullable() });

const permissionGroupSchema = z.object({
  permissionGroupId: int,
  productId: uuid,
  name: z.string(),
  /** Every other member of the permission group model (the `can*` flags, access types, environment accesses). */
  fields: z.record(z.string(), json),
});

const auditLogSchema = z.object({
  auditLogId: int,
  productId: uuid,
  organizationId: uuid,
  configId: uuid.nullable().default(null),
  environmentId: uuid.nullable().default(null),
  auditLogDateTime: z.string(),
  auditLogTypeEnum: z.string(),
  auditLogType: z.string(),
  userEmail: z.string().nullable().default(null),
  userName: z.string(),
  where: z.string(),
  why: z.string().nullable().default(null),
  actionTarget: z.string(),
  details: z.string(),
});

/** The whole state document. */
export const stateSchema = z.object({
  counters: z
    .object({
      nextSettingId: int.default(10_001),
      nextTagId: int.default(101),
      nextSettingTagId: int.default(1),
      nextWebhookId: int.default(1001),
      nextPermissionGroupId: int.default(501),
      nextAuditLogId: int.default(1),
      nextGuid: int.default(1),
    })
    .prefault({}),
  organizations: z.array(organizationSchema).default([]),
  products: z.array(productSchema).default([]),
  configs: z.array(configSchema).default([]),
  environments: z.array(environmentSchema).default([]),
  settings: z.array(settingSchema).default([]),
  deletedSettings: z.array(deletedSettingSchema).default([]),
  tags: z.array(tagSchema).default([]),
  segments: z.array(segmentSchema).default([]),
  sdkKeys: z.array(sdkKeySchema).default([]),
  values: z.array(valueSchema).default([]),
  webhooks: z.array(webhookSchema).default([]),
  webhookSigningKeys: z.array(signingKeysSchema).default([]),
  permissionGroups: z.array(permissionGroupSchema).default([]),
  auditLogs: z.array(auditLogSchema).default([]),
});

export type ConfigCatState = z.infer<typeof stateSchema>;
export type Preferences = z.infer<typeof preferencesSchema>;
export type StoredOrganization = z.infer<typeof organizationSchema>;
export type StoredProduct = z.infer<typeof productSchema>;
export type StoredConfig = z.infer<typeof configSchema>;
export type StoredEnvironment = z.infer<typeof environmentSchema>;
export type StoredSetting = z.infer<typeof settingSchema>;
export type StoredDeletedSetting = z.infer<typeof deletedSettingSchema>;
export type StoredTag = z.infer<typeof tagSchema>;
export type StoredSegment = z.infer<typeof segmentSchema>;
export type StoredSdkKeys = z.infer<typeof sdkKeySchema>;
export type StoredValue = z.infer<typeof valueSchema>;
export type StoredWebhook = z.infer<typeof webhookSchema>;
export type StoredSigningKeys = z.infer<typeof signingKeysSchema>;
export type StoredPermissionGroup = z.infer<typeof permissionGroupSchema>;
export type StoredAuditLog = z.infer<typeof auditLogSchema>;
export type SettingType = StoredSetting["settingType"];

/** An empty state with fresh counters. */
export function emptyState(): ConfigCatState {
  return stateSchema.parse({});
}

/**
 * Validates a state document (from `PUT /__admin/state` or a state file).
 * @param doc - parsed JSON
 */
export function parseConfigCatState(doc: unknown): { ok: true; state: ConfigCatState } | { ok: false; message: string } {
  const r = stateSchema.safeParse(doc);
  if (r.success) return { ok: true, state: r.data };
  const issue = r.error.issues[0];
  return { ok: false, message: `${issue.path.join(".") || "state"}: ${issue.message}` };
}
