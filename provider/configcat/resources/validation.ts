import { z } from "zod";
import { comparisonMember, SEGMENT_COMPARATORS, USER_COMPARATORS, V1_LIST_COMPARATORS, V1_NUMBER_COMPARATORS } from "../api/comparators";
import { APPROVAL_PERMISSION_TYPES, ACCESS_TYPES, ENVIRONMENT_ACCESS_TYPES, PERMISSIONS } from "../api/permission-groups";
import { KEY_GENERATION_MODES } from "../api/preferences";
import { SETTING_TYPES } from "../api/setting-types";
import { containsUnknown } from "../../core/dynamic/unknown";
import { fitsType } from "./formula";

/*
 * Input schemas (design §1.2): bounds are the API's documented ones, so bad input fails in `check`, naming the
 * property, before any request is sent.
 */

/** A ConfigCat uuid (organization, product, config, environment, segment). */
export const uuid = (what: string) =>
  z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, `must be a ConfigCat ${what} id (a uuid)`)
    .transform((v) => v.toLowerCase());

// Required text is refused blank too: the API's ASP.NET `[Required]` treats a whitespace-only string as missing.
const text = (min: number, max: number) => {
  const base = z.string().min(min, min === 1 ? "is required" : `must be at least ${min} characters`).max(max, `must be at most ${max} characters`);
  return min > 0 ? base.refine((v) => v.length === 0 || v.trim().length > 0, "must not be blank (only spaces)") : base;
};

/** An int32 display order. */
export const order = z.number().int("must be a whole number").min(-2147483648).max(2147483647);

export const commonShape = {
  adopt: z.boolean().optional(),
  deletionPolicy: z.enum(["delete", "retain"], { error: 'must be "delete" or "retain"' }).optional(),
  owner: z.string().optional(),
};

export const productSchema = z.strictObject({
  ...commonShape,
  organizationId: uuid("organization"),
  name: text(1, 1000),
  description: text(0, 1000).optional(),
  order: order.optional(),
});

export const configSchema = z.strictObject({
  ...commonShape,
  productId: uuid("product"),
  name: text(1, 255),
  description: text(0, 1000).optional(),
  order: order.optional(),
  evaluationVersion: z.enum(["v1", "v2"], { error: 'must be "v1" or "v2"' }).default("v2"),
});

export const environmentSchema = z.strictObject({
  ...commonShape,
  productId: uuid("product"),
  name: text(1, 255),
  description: text(0, 1000).optional(),
  color: text(0, 255).optional(),
  order: order.optional(),
  cleanupAuditLogsOnDelete: z.boolean().optional(),
});

export const tagSchema = z.strictObject({
  ...commonShape,
  productId: uuid("product"),
  name: text(1, 255),
  color: text(0, 255).optional(),
});

/** A flag key: 1..255 characters, unique in its config (the API documents no character set). */
const settingKey = text(1, 255);

export const settingSchema = z.strictObject({
  ...commonShape,
  configId: uuid("config"),
  key: settingKey,
  settingType: z.enum(SETTING_TYPES, { error: `must be one of: ${SETTING_TYPES.join(", ")}` }).default("boolean"),
  name: text(1, 255).optional(),
  hint: text(0, 1000).optional(),
  order: order.optional(),
  isJson: z.boolean().optional(),
  tags: z.array(z.union([z.number().int().positive(), z.string().regex(/^\d+$/, "must be a tag id")]).transform(Number)).optional(),
}).superRefine((v, ctx) => {
  if (v.isJson === true && v.settingType !== "string") ctx.addIssue({ code: "custom", path: ["isJson"], message: 'applies to settingType "string" only' });
});

export const segmentSchema = z.strictObject({
  ...commonShape,
  productId: uuid("product"),
  name: text(1, 255),
  description: text(0, 1000).optional(),
  comparisonAttribute: text(1, 1000),
  comparator: z.enum(SEGMENT_COMPARATORS, { error: `must be one of: ${SEGMENT_COMPARATORS.join(", ")}` }),
  // A list is joined with "," as ConfigCat's comma-separated list comparators expect.
  comparisonValue: z.union([z.string(), z.array(z.string().min(1)).min(1)]).transform((v) => (Array.isArray(v) ? v.join(",") : v)),
});

export const sdkKeysSchema = z.strictObject({
  configId: uuid("config"),
  environmentId: uuid("environment"),
});

const served = z.union([z.boolean(), z.string(), z.number()], { error: "must be a boolean, a string or a number" });
const percentageOption = z.strictObject({
  percentage: z.number().int("must be a whole number").min(0, "must be between 0 and 100").max(100, "must be between 0 and 100"),
  value: served,
});
const percentageOptions = z.array(percentageOption).superRefine((list, ctx) => {
  const sum = list.reduce((a, o) => a + (typeof o.percentage === "number" ? o.percentage : 0), 0);
  if (list.length > 0 && sum !== 100 && !containsUnknown(list)) ctx.addIssue({ code: "custom", message: `percentages must add up to 100 (they add up to ${sum})` });
});
const listItem = z.union([z.string().min(1), z.strictObject({ value: z.string().min(1), hint: z.string().max(1500).optional() })]);

const userCondition = z.strictObject({
  attribute: text(1, 1000),
  comparator: z.enum(USER_COMPARATORS, { error: `must be one of: ${USER_COMPARATORS.join(", ")}` }),
  comparisonValue: z.union([z.string(), z.number(), z.array(listItem)]),
}).superRefine((c, ctx) => {
  if (containsUnknown(c.comparisonValue)) return;
  const member = comparisonMember(c.comparator);
  const v = c.comparisonValue;
  if (member === "listValue" && (!Array.isArray(v) || v.length === 0)) ctx.addIssue({ code: "custom", path: ["comparisonValue"], message: `comparator ${c.comparator} takes a non-empty list of strings` });
  if (member === "stringValue" && typeof v !== "string") ctx.addIssue({ code: "custom", path: ["comparisonValue"], message: `comparator ${c.comparator} takes a string` });
  if (member === "doubleValue" && (typeof v !== "number" || !Number.isFinite(v))) {
    ctx.addIssue({ code: "custom", path: ["comparisonValue"], message: `comparator ${c.comparator} takes a number${c.comparator.startsWith("dateTime") ? " (Unix seconds)" : ""}` });
  }
});

const condition = z.strictObject({
  user: userCondition.optional(),
  segment: z.strictObject({ segmentId: uuid("segment"), comparator: z.enum(["isIn", "isNotIn"], { error: 'must be "isIn" or "isNotIn"' }) }).optional(),
  prerequisite: z.strictObject({
    settingId: z.union([z.number().int().positive(), z.string().regex(/^\d+$/, "must be a flag id")]).transform(Number),
    comparator: z.enum(["equals", "doesNotEqual"], { error: 'must be "equals" or "doesNotEqual"' }),
    value: served,
  }).optional(),
}).superRefine((c, ctx) => {
  const kinds = ["user", "segment", "prerequisite"].filter((k) => c[k as keyof typeof c] !== undefined);
  if (kinds.length !== 1) ctx.addIssue({ code: "custom", message: `must have exactly one of user, segment or prerequisite (has ${kinds.length === 0 ? "none" : kinds.join(" and ")})` });
});

const targetingRule = z.strictObject({
  conditions: z.array(condition).min(1, "needs at least one condition (flag-level percentage options go in percentageOptions)"),
  value: served.optional(),
  percentageOptions: percentageOptions.optional(),
}).superRefine((r, ctx) => {
  const hasOptions = (r.percentageOptions ?? []).length > 0;
  if ((r.value !== undefined) === hasOptions) ctx.addIssue({ code: "custom", message: "must serve either a value or percentageOptions, not both and not neither" });
});

export const settingValueSchema = z.strictObject({
  environmentId: uuid("environment"),
  settingId: z.union([z.number().int().positive(), z.string().regex(/^\d+$/, "must be a flag id")]).transform(Number),
  value: served.optional(),
  targetingRules: z.array(targetingRule).optional(),
  percentageOptions: percentageOptions.optional(),
  percentageEvaluationAttribute: text(1, 1000).optional(),
  initOnly: z.boolean().optional(),
  reason: z.string().optional(),
  bypassApproval: z.boolean().optional(),
  settingType: z.enum(SETTING_TYPES, { error: `must be one of: ${SETTING_TYPES.join(", ")}` }).optional(),
  deletionPolicy: z.enum(["retain", "reset"], { error: 'must be "retain" or "reset"' }).optional(),
}).superRefine((v, ctx) => {
  if (v.settingType === undefined) return;
  for (const { path, value } of servedValues(v)) {
    if (!containsUnknown(value) && !fitsType(v.settingType, value)) ctx.addIssue({ code: "custom", path, message: `must be ${typeWords[v.settingType]} (settingType is ${v.settingType})` });
  }
});

const typeWords: Record<string, string> = { boolean: "a boolean", string: "a string", int: "a whole number in int32 range", double: "a finite number" };

/** Every served value of a `SettingValue`'s inputs with its property path (prerequisite values are another flag's type). */
export function servedValues(v: { value?: unknown; targetingRules?: { value?: unknown; percentageOptions?: { value: unknown }[] }[]; percentageOptions?: { value: unknown }[] }) {
  const out: { path: (string | number)[]; value: unknown }[] = [];
  if (v.value !== undefined) out.push({ path: ["value"], value: v.value });
  (v.targetingRules ?? []).forEach((r, i) => {
    if (r.value !== undefined) out.push({ path: ["targetingRules", i, "value"], value: r.value });
    (r.percentageOptions ?? []).forEach((o, j) => out.push({ path: ["targetingRules", i, "percentageOptions", j, "value"], value: o.value }));
  });
  (v.percentageOptions ?? []).forEach((o, j) => out.push({ path: ["percentageOptions", j, "value"], value: o.value }));
  return out;
}

/* --- tier 2 and 3 (SettingTag, ProductPreferences, SettingValueV1, Webhook, PermissionGroup) --------------------- */

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A numeric ConfigCat id given as a number or its string form (`flag.id`). */
const numericId = (what: string) =>
  z.union([z.number().int("must be a whole number").positive(`must be a ${what} id`), z.string().regex(/^\d+$/, `must be a ${what} id`)]).transform(Number);

/** A map keyed by environment id (uuid, lower-cased). */
const environmentMap = <T extends z.ZodType>(value: T) =>
  z.record(z.string(), value).superRefine((m, ctx) => {
    for (const k of Object.keys(m)) if (!UUID.test(k) && !containsUnknown(k)) ctx.addIssue({ code: "custom", path: [k], message: "must be keyed by ConfigCat environment ids (uuids)" });
  }).transform((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k.toLowerCase(), v])) as Record<string, z.output<T>>);

export const settingTagSchema = z.strictObject({ ...commonShape, settingId: numericId("flag"), tagId: numericId("tag") });

export const productPreferencesSchema = z.strictObject({
  productId: uuid("product"),
  reasonRequired: z.boolean().optional(),
  reasonRequiredEnvironments: environmentMap(z.boolean()).optional(),
  keyGenerationMode: z.enum(KEY_GENERATION_MODES, { error: `must be one of: ${KEY_GENERATION_MODES.join(", ")}` }).optional(),
  showVariationId: z.boolean().optional(),
  mandatorySettingHint: z.boolean().optional(),
  approveRequired: z.boolean().optional(),
  approveRequiredEnvironments: environmentMap(z.boolean()).optional(),
  deletionPolicy: z.enum(["retain", "reset"], { error: 'must be "retain" or "reset"' }).optional(),
}).superRefine((v, ctx) => {
  // Terraform's rule: the product-wide switch and the per-environment map must not both be given.
  for (const [all, perEnv] of [["reasonRequired", "reasonRequiredEnvironments"], ["approveRequired", "approveRequiredEnvironments"]] as const) {
    if (v[all] === true && v[perEnv] !== undefined && !containsUnknown(v[perEnv])) {
      ctx.addIssue({ code: "custom", path: [perEnv], message: `cannot be combined with ${all}: true (which already covers every environment); give one of them` });
    }
  }
});

const v1ComparisonValue = z.union([z.string().min(1, "is required"), z.number().finite(), z.array(z.string().min(1, "must not be empty")).min(1, "needs at least one item")]);

const rolloutRule = z.strictObject({
  attribute: text(1, 1000).optional(),
  comparator: z.enum(SEGMENT_COMPARATORS, { error: `must be one of: ${SEGMENT_COMPARATORS.join(", ")}` }).optional(),
  comparisonValue: v1ComparisonValue.optional(),
  segmentId: uuid("segment").optional(),
  segmentComparator: z.enum(["isIn", "isNotIn"], { error: 'must be "isIn" or "isNotIn"' }).optional(),
  value: served,
}).superRefine((r, ctx) => {
  const user = r.attribute !== undefined || r.comparator !== undefined || r.comparisonValue !== undefined;
  const segment = r.segmentId !== undefined || r.segmentComparator !== undefined;
  if (user === segment) {
    ctx.addIssue({ code: "custom", message: "must compare a user attribute (attribute, comparator, comparisonValue) or a segment (segmentId, segmentComparator): exactly one of the two" });
    return;
  }
  const required = user ? (["attribute", "comparator", "comparisonValue"] as const) : (["segmentId", "segmentComparator"] as const);
  for (const f of required) if (r[f] === undefined) ctx.addIssue({ code: "custom", path: [f], message: "is required" });
  const v = r.comparisonValue;
  if (r.comparator === undefined || v === undefined || containsUnknown(v) || containsUnknown(r.comparator)) return;
  const isList = (V1_LIST_COMPARATORS as readonly string[]).includes(r.comparator);
  const isNumber = (V1_NUMBER_COMPARATORS as readonly string[]).includes(r.comparator);
  if (Array.isArray(v) && !isList) ctx.addIssue({ code: "custom", path: ["comparisonValue"], message: `comparator ${r.comparator} takes a single value; lists are for ${V1_LIST_COMPARATORS.join(", ")}` });
  if (typeof v === "number" && !isNumber) ctx.addIssue({ code: "custom", path: ["comparisonValue"], message: `comparator ${r.comparator} takes a string` });
  if (isList && Array.isArray(v)) {
    v.forEach((item, i) => {
      if (item.includes(",")) ctx.addIssue({ code: "custom", path: ["comparisonValue", i], message: "must not contain a comma (ConfigCat joins the list with commas)" });
    });
  }
  const joined = Array.isArray(v) ? v.join(",") : String(v);
  if (joined.length > 65535) ctx.addIssue({ code: "custom", path: ["comparisonValue"], message: "must be at most 65535 characters (joined with commas)" });
});

export const settingValueV1Schema = z.strictObject({
  environmentId: uuid("environment"),
  settingId: numericId("flag"),
  value: served.optional(),
  rolloutRules: z.array(rolloutRule).optional(),
  percentageItems: percentageOptions.optional(),
  initOnly: z.boolean().optional(),
  reason: z.string().optional(),
  settingType: z.enum(SETTING_TYPES, { error: `must be one of: ${SETTING_TYPES.join(", ")}` }).optional(),
  deletionPolicy: z.enum(["retain", "reset"], { error: 'must be "retain" or "reset"' }).optional(),
}).superRefine((v, ctx) => {
  if (v.settingType === undefined || containsUnknown(v.settingType)) return;
  for (const { path, value } of servedValuesV1(v)) {
    if (!containsUnknown(value) && !fitsType(v.settingType, value)) ctx.addIssue({ code: "custom", path, message: `must be ${typeWords[v.settingType]} (settingType is ${v.settingType})` });
  }
});

/** Every served value of a `SettingValueV1`'s inputs with its property path. */
export function servedValuesV1(v: { value?: unknown; rolloutRules?: { value?: unknown }[]; percentageItems?: { value: unknown }[] }) {
  const out: { path: (string | number)[]; value: unknown }[] = [];
  if (v.value !== undefined) out.push({ path: ["value"], value: v.value });
  (v.rolloutRules ?? []).forEach((r, i) => out.push({ path: ["rolloutRules", i, "value"], value: r.value }));
  (v.percentageItems ?? []).forEach((o, j) => out.push({ path: ["percentageItems", j, "value"], value: o.value }));
  return out;
}

const headerMap = z.record(z.string(), text(1, 1000)).superRefine((m, ctx) => {
  for (const k of Object.keys(m)) if (k.length < 1 || k.length > 255) ctx.addIssue({ code: "custom", path: [k], message: "header names must be 1–255 characters" });
});

const httpUrl = text(7, 1000).refine((s) => {
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}, "must be an absolute http:// or https:// URL");

export const webhookSchema = z.strictObject({
  ...commonShape,
  configId: uuid("config"),
  environmentId: uuid("environment"),
  url: httpUrl,
  httpMethod: z.enum(["get", "post"], { error: 'must be "get" or "post"' }).default("get"),
  content: text(0, 15000).optional(),
  headers: headerMap.optional(),
  secureHeaders: headerMap.optional(),
}).superRefine((v, ctx) => {
  if (!v.headers || !v.secureHeaders || containsUnknown(v.headers) || containsUnknown(v.secureHeaders)) return;
  for (const k of Object.keys(v.secureHeaders)) {
    if (k in v.headers) ctx.addIssue({ code: "custom", path: ["secureHeaders", k], message: "is also in headers; a header is either plain or secure" });
  }
});

export const permissionGroupSchema = z.strictObject({
  ...commonShape,
  productId: uuid("product"),
  name: text(1, 255),
  accessType: z.enum(ACCESS_TYPES, { error: `must be one of: ${ACCESS_TYPES.join(", ")}` }).optional(),
  ...(Object.fromEntries(PERMISSIONS.map((p) => [p, z.boolean().optional()])) as unknown as Record<(typeof PERMISSIONS)[number], z.ZodOptional<z.ZodBoolean>>),
  newEnvironmentAccessType: z.enum(ENVIRONMENT_ACCESS_TYPES, { error: `must be one of: ${ENVIRONMENT_ACCESS_TYPES.join(", ")}` }).optional(),
  environmentAccesses: environmentMap(z.enum(ENVIRONMENT_ACCESS_TYPES, { error: `must be one of: ${ENVIRONMENT_ACCESS_TYPES.join(", ")}` })).optional(),
  approvalPermissionType: z.enum(APPROVAL_PERMISSION_TYPES, { error: `must be one of: ${APPROVAL_PERMISSION_TYPES.join(", ")}` }).optional(),
  newEnvironmentApprovalPermissionType: z.enum(APPROVAL_PERMISSION_TYPES, { error: `must be one of: ${APPROVAL_PERMISSION_TYPES.join(", ")}` }).optional(),
  environmentApprovalPermissions: environmentMap(z.enum(APPROVAL_PERMISSION_TYPES, { error: `must be one of: ${APPROVAL_PERMISSION_TYPES.join(", ")}` })).optional(),
});
