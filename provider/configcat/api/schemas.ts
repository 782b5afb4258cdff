/**
 * Zod schemas of the ConfigCat Public Management API models the provider reads (2026 OpenAPI capture; design §1.2).
 * Members the provider does not use are not listed (and are dropped by parsing); nullable members are nullable
 * here too, so a server that sends `null` for an unset description never fails a read.
 * @see https://api.configcat.com/docs
 */
import { z } from "zod";
import { SETTING_TYPES } from "./setting-types";

const nullableString = z.string().nullable().optional().transform((v) => v ?? null);
const nullableNumber = z.number().nullable().optional().transform((v) => v ?? null);

/** `OrganizationModel`. */
export const OrganizationSchema = z.object({ organizationId: z.string(), name: z.string() });
/** An organization. */
export type Organization = z.output<typeof OrganizationSchema>;

/** `ProductModel`. */
export const ProductSchema = z.object({
  organization: OrganizationSchema,
  productId: z.string(),
  name: z.string(),
  description: nullableString,
  order: z.number(),
  reasonRequired: z.boolean().optional().default(false),
  approveRequired: z.boolean().optional().default(false),
});
/** A product. */
export type Product = z.output<typeof ProductSchema>;

const ProductRefSchema = z.object({ productId: z.string(), name: z.string() });

/** `ConfigModel`. */
export const ConfigSchema = z.object({
  product: ProductRefSchema,
  configId: z.string(),
  name: z.string(),
  description: nullableString,
  order: z.number(),
  migratedConfigId: nullableString,
  evaluationVersion: z.enum(["v1", "v2"]),
});
/** A config. */
export type Config = z.output<typeof ConfigSchema>;

/** `EnvironmentModel`. */
export const EnvironmentSchema = z.object({
  product: ProductRefSchema,
  environmentId: z.string(),
  name: z.string(),
  color: nullableString,
  description: nullableString,
  order: z.number(),
  reasonRequired: z.boolean().optional().default(false),
  approveRequired: z.boolean().optional().default(false),
});
/** An environment. */
export type Environment = z.output<typeof EnvironmentSchema>;

/** `TagModel`. */
export const TagSchema = z.object({ tagId: z.number(), name: z.string(), color: nullableString });
/** A tag. */
export type Tag = z.output<typeof TagSchema>;


/** `SettingModel`. */
export const SettingSchema = z.object({
  settingId: z.number().int(),
  key: z.string(),
  name: z.string(),
  hint: nullableString,
  order: z.number(),
  settingType: z.enum(SETTING_TYPES),
  isJson: z.boolean().optional().default(false),
  configId: z.string(),
  configName: z.string().optional().default(""),
  createdAt: nullableString,
  tags: z.array(TagSchema).optional().default([]),
});
/** A flag (feature flag or setting). */
export type Setting = z.output<typeof SettingSchema>;

/** `SegmentModel` (one object). */
export const SegmentSchema = z.object({
  segmentId: z.string(),
  name: z.string(),
  description: nullableString,
  updatedAt: nullableString,
  comparisonAttribute: z.string(),
  comparator: z.string(),
  comparisonValue: z.string(),
});
/** A segment. */
export type Segment = z.output<typeof SegmentSchema>;

/** `SegmentListModel`: the list has no comparison members. */
export const SegmentListItemSchema = z.object({
  segmentId: z.string(),
  name: z.string(),
  description: nullableString,
  updatedAt: nullableString,
});
/** A segment as the list returns it. */
export type SegmentListItem = z.output<typeof SegmentListItemSchema>;

/** `SdkKeysModel`. */
export const SdkKeysSchema = z.object({ primary: z.string(), secondary: nullableString });
/** The SDK keys of one config × environment. */
export type SdkKeys = z.output<typeof SdkKeysSchema>;

/** `ValueModel` (V2): exactly one member is set, by the flag's type. */
export const ValueModelSchema = z.object({
  boolValue: z.boolean().nullable().optional(),
  stringValue: z.string().nullable().optional(),
  intValue: z.number().nullable().optional(),
  doubleValue: z.number().nullable().optional(),
  predefinedVariationId: z.string().nullable().optional(),
});
/** A V2 served value. */
export type ValueModel = z.output<typeof ValueModelSchema>;

/** `ComparisonValueModel` (V2 user condition). */
export const ComparisonValueSchema = z.object({
  stringValue: z.string().nullable().optional(),
  doubleValue: z.number().nullable().optional(),
  listValue: z.array(z.object({ value: z.string(), hint: z.string().nullable().optional() })).nullable().optional(),
});

/** `ConditionModel` (V2): exactly one kind is set. */
export const ConditionSchema = z.object({
  userCondition: z.object({ comparisonAttribute: z.string(), comparator: z.string(), comparisonValue: ComparisonValueSchema }).nullable().optional(),
  segmentCondition: z.object({ segmentId: z.string(), comparator: z.string() }).nullable().optional(),
  prerequisiteFlagCondition: z.object({
    prerequisiteSettingId: z.number(), comparator: z.string(), prerequisiteComparisonValue: ValueModelSchema,
  }).nullable().optional(),
});
/** A V2 condition. */
export type ConditionModel = z.output<typeof ConditionSchema>;

/** `TargetingRuleModel` (V2). */
export const TargetingRuleSchema = z.object({
  conditions: z.array(ConditionSchema).nullable().optional().transform((v) => v ?? []),
  percentageOptions: z.array(z.object({ percentage: z.number(), value: ValueModelSchema })).nullable().optional().transform((v) => v ?? []),
  value: ValueModelSchema.nullable().optional().transform((v) => v ?? null),
});
/** A V2 targeting rule. */
export type TargetingRuleModel = z.output<typeof TargetingRuleSchema>;

const FormulaFields = {
  lastVersionId: nullableString,
  defaultValue: ValueModelSchema,
  targetingRules: z.array(TargetingRuleSchema).nullable().optional().transform((v) => v ?? []),
  percentageEvaluationAttribute: nullableString,
  updatedAt: nullableString,
  settingIdsWherePrerequisite: z.array(z.number()).nullable().optional().transform((v) => v ?? []),
  setting: z.object({ settingId: z.number(), key: z.string(), settingType: z.enum(SETTING_TYPES) }),
};

/** `SettingFormulaModel` / `ConfigSettingFormulaModel` (V2 value of one flag in one environment). */
export const SettingFormulaSchema = z.object(FormulaFields);
/** A V2 value of one flag in one environment. */
export type SettingFormula = z.output<typeof SettingFormulaSchema>;

/** The `config` member of value responses (`ConfigModel`), as far as a value write needs it. */
const ValueConfigSchema = z.object({ configId: z.string(), evaluationVersion: z.enum(["v1", "v2"]).optional() });

/** `SettingFormulaModel` of a single-value response, which also names the flag's config (absent from list items). */
export const SingleSettingFormulaSchema = SettingFormulaSchema.extend({ config: ValueConfigSchema.optional() });
/** A V2 value of one flag in one environment, with its config when the response names it. */
export type SingleSettingFormula = z.output<typeof SingleSettingFormulaSchema>;

/** `ConfigSettingFormulasModel` (every V2 value of a config in one environment). */
export const ConfigSettingFormulasSchema = z.object({
  config: ValueConfigSchema.optional(),
  environment: z.object({ environmentId: z.string() }).optional(),
  settingFormulas: z.array(SettingFormulaSchema),
});

/** `MeModel`. */
export const MeSchema = z.object({ email: z.string(), fullName: z.string() });
