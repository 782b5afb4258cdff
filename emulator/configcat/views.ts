import type { JsonObject, JsonValue } from "../core/json";
import { prerequisitesOf } from "./formulas";
import type {
  StoredAuditLog, StoredConfig, StoredEnvironment, StoredPermissionGroup, StoredProduct, StoredSegment, StoredSetting, StoredTag,
  StoredValue, StoredWebhook,
} from "./model";
import type { ResolvedFidelity } from "./options";
import { pairKey, type Store } from "./store";

/*
 * Wire shapes (the models of the 2026 OpenAPI capture). Every property is present; nullable ones are null.
 */

/** Plan limits reported in value responses; reported, not enforced (the real numbers are plan-dependent). */
export const FEATURE_FLAG_LIMITATIONS: JsonObject = {
  maxPercentageOptionCount: 100, maxTargetingRuleCount: 100, maxComparisonValueLength: 65535, maxComparisonValueListLength: 1000,
  maxComparisonValueListItemLength: 65535, maxStringFlagValueLength: 100000, maxConditionPerTargetingRuleCount: 100,
};

/** `OrganizationModel`. */
export function organizationView(store: Store, organizationId: string): JsonObject {
  return { organizationId, name: store.organizations.get(organizationId)?.name ?? "" };
}

/** `ProductModel`. */
export function productView(store: Store, p: StoredProduct): JsonObject {
  return {
    organization: organizationView(store, p.organizationId), productId: p.productId, name: p.name, description: p.description, order: p.order,
    reasonRequired: p.preferences.reasonRequired, approveRequired: p.preferences.approveRequired,
  };
}

/** `ConfigModel`. */
export function configView(store: Store, c: StoredConfig): JsonObject {
  return {
    product: productView(store, store.productOfConfig(c)), configId: c.configId, name: c.name, description: c.description, order: c.order,
    migratedConfigId: c.migratedConfigId, evaluationVersion: c.evaluationVersion,
  };
}

/** Whether value writes in an environment need a reason / an approval. */
export function environmentRequires(p: StoredProduct, environmentId: string): { reason: boolean; approval: boolean } {
  const prefs = p.preferences;
  return {
    reason: prefs.reasonRequired || prefs.reasonRequiredEnvironments[environmentId] === true,
    approval: prefs.approveRequired || prefs.approveRequiredEnvironments[environmentId] === true,
  };
}

/** `EnvironmentModel`. */
export function environmentView(store: Store, e: StoredEnvironment): JsonObject {
  const p = store.products.get(e.productId) as StoredProduct;
  const req = environmentRequires(p, e.environmentId);
  return {
    product: productView(store, p), environmentId: e.environmentId, name: e.name, color: e.color, description: e.description, order: e.order,
    reasonRequired: req.reason, approveRequired: req.approval,
  };
}

/** `TagModel`. */
export function tagView(store: Store, t: StoredTag): JsonObject {
  return { product: productView(store, store.products.get(t.productId) as StoredProduct), tagId: t.tagId, name: t.name, color: t.color };
}

/** `SettingModel`. */
export function settingView(store: Store, s: StoredSetting): JsonObject {
  const tags: JsonValue[] = [];
  for (const link of s.tags) {
    const t = store.tags.get(link.tagId);
    if (t) tags.push(tagView(store, t));
  }
  return {
    settingId: s.settingId, key: s.key, name: s.name, hint: s.hint, order: s.order, settingType: s.settingType, isJson: s.isJson,
    configId: s.configId, configName: store.configs.get(s.configId)?.name ?? "", createdAt: s.createdAt, tags, predefinedVariations: [],
  };
}

/** `SettingDataModel` / `SettingDataV2Model` (flag metadata inside value responses). */
function settingData(s: StoredSetting, v2: boolean): JsonObject {
  const out: JsonObject = {
    settingId: s.settingId, key: s.key, name: s.name, hint: s.hint, settingType: s.settingType, isJson: s.isJson, order: s.order,
    createdAt: s.createdAt, creatorEmail: s.creatorEmail, creatorFullName: s.creatorFullName, isWatching: false,
  };
  if (v2) out.predefinedVariations = [];
  return out;
}

function settingTags(store: Store, s: StoredSetting): JsonValue[] {
  return s.tags.flatMap((link) => {
    const t = store.tags.get(link.tagId);
    return t ? [{ settingTagId: link.settingTagId, tagId: t.tagId, name: t.name, color: t.color }] : [];
  });
}

/** The per-flag part shared by single and list value responses (V1 `ConfigSettingValueModel`). */
export function v1ValueItem(store: Store, s: StoredSetting, v: StoredValue): JsonObject {
  const f = v.formula as JsonObject;
  return {
    setting: settingData(s, false), updatedAt: v.updatedAt, lastUpdaterUserEmail: v.lastUpdaterUserEmail, lastUpdaterUserFullName: v.lastUpdaterUserFullName,
    integrationLinks: [], settingTags: settingTags(store, s), rolloutRules: f.rolloutRules, rolloutPercentageItems: f.rolloutPercentageItems, value: f.value,
  };
}

/**
 * For one config × environment: flag id → the flags that use it as a prerequisite. One pass over the
 * config's flags, memoised until the next change, so neither a list nor repeated single reads rescan.
 */
function dependentsIndex(store: Store, configId: string, environmentId: string): Map<number, number[]> {
  return store.memo(`dependents:${configId}:${environmentId}`, () => buildDependents(store, configId, environmentId));
}

function buildDependents(store: Store, configId: string, environmentId: string): Map<number, number[]> {
  const index = new Map<number, number[]>();
  for (const other of store.settingsOf(configId)) {
    const f = store.values.get(pairKey(other.settingId, environmentId))?.formula;
    if (f === undefined) continue;
    for (const pre of new Set(prerequisitesOf(f))) {
      if (pre === other.settingId) continue;
      const list = index.get(pre);
      if (list) list.push(other.settingId);
      else index.set(pre, [other.settingId]);
    }
  }
  return index;
}

/**
 * The per-flag part shared by single and list V2 value responses (`ConfigSettingFormulaModel`).
 * @param store - the store
 * @param s - the flag
 * @param v - its value in one environment
 * @param dependents - flag id → flags using it as a prerequisite in that environment
 */
export function v2ValueItem(store: Store, s: StoredSetting, v: StoredValue, dependents = dependentsIndex(store, s.configId, v.environmentId)): JsonObject {
  const f = v.formula as JsonObject;
  return {
    lastVersionId: v.lastVersionId, defaultValue: f.defaultValue, targetingRules: f.targetingRules, setting: settingData(s, true), updatedAt: v.updatedAt,
    percentageEvaluationAttribute: f.percentageEvaluationAttribute, lastUpdaterUserEmail: v.lastUpdaterUserEmail,
    lastUpdaterUserFullName: v.lastUpdaterUserFullName, integrationLinks: [], settingTags: settingTags(store, s),
    settingIdsWherePrerequisite: dependents.get(s.settingId) ?? [], changeRequestCount: 0,
  };
}

/**
 * A single-value response (`SettingValueModel` or `SettingFormulaModel`).
 * @param store - the store
 * @param s - the flag
 * @param v - its value in one environment
 * @param canBypassApproval - whether the caller may bypass approvals
 */
export function valueView(store: Store, s: StoredSetting, v: StoredValue, canBypassApproval = true): JsonObject {
  const c = store.configs.get(s.configId) as StoredConfig;
  const e = store.environments.get(v.environmentId) as StoredEnvironment;
  const common = { config: configView(store, c), environment: environmentView(store, e), readOnly: false, featureFlagLimitations: FEATURE_FLAG_LIMITATIONS };
  if (c.evaluationVersion === "v1") return { ...v1ValueItem(store, s, v), ...common };
  const req = environmentRequires(store.productOfConfig(c), e.environmentId);
  return { ...v2ValueItem(store, s, v), ...common, approveRequired: req.approval, canBypassApproval, reasonRequired: req.reason };
}

/**
 * A config × environment values response (`ConfigSettingValuesModel` / `ConfigSettingFormulasModel`).
 * @param store - the store
 * @param c - the config
 * @param e - the environment
 * @param only - limit to these flags (bulk response with `bulkResponse: "listed"`)
 * @param canBypassApproval - whether the caller may bypass approvals
 */
export function configValuesView(store: Store, c: StoredConfig, e: StoredEnvironment, only?: ReadonlySet<number>, canBypassApproval = true): JsonObject {
  const items: JsonValue[] = [];
  const dependents = c.evaluationVersion === "v2" ? dependentsIndex(store, c.configId, e.environmentId) : new Map<number, number[]>();
  for (const s of store.settingsOf(c.configId)) {
    if (only && !only.has(s.settingId)) continue;
    const v = store.ensureValue(s, e.environmentId);
    items.push(c.evaluationVersion === "v1" ? v1ValueItem(store, s, v) : v2ValueItem(store, s, v, dependents));
  }
  const common = { config: configView(store, c), environment: environmentView(store, e), readOnly: false, featureFlagLimitations: FEATURE_FLAG_LIMITATIONS };
  if (c.evaluationVersion === "v1") return { ...common, settingValues: items };
  const req = environmentRequires(store.productOfConfig(c), e.environmentId);
  return { ...common, settingFormulas: items, approveRequired: req.approval, canBypassApproval, reasonRequired: req.reason };
}

/** `SegmentModel`. */
export function segmentView(store: Store, s: StoredSegment): JsonObject {
  return {
    product: productView(store, store.products.get(s.productId) as StoredProduct), segmentId: s.segmentId, name: s.name, description: s.description,
    creatorEmail: s.creatorEmail, creatorFullName: s.creatorFullName, createdAt: s.createdAt, lastUpdaterEmail: s.lastUpdaterEmail,
    lastUpdaterFullName: s.lastUpdaterFullName, updatedAt: s.updatedAt, comparisonAttribute: s.comparisonAttribute, comparator: s.comparator,
    comparisonValue: s.comparisonValue,
  };
}

/** `SegmentListModel`: no comparison fields, plus `usage` (flags using it). */
export function segmentListView(store: Store, s: StoredSegment, usage: number): JsonObject {
  const { comparisonAttribute: _a, comparator: _c, comparisonValue: _v, ...rest } = segmentView(store, s);
  return { ...rest, usage };
}

/** `WebhookResponseModel`; secure header values are never returned in clear (null). */
export function webhookView(store: Store, w: StoredWebhook): JsonObject {
  return {
    webhookId: w.webhookId, url: w.url, httpMethod: w.httpMethod, content: w.content,
    webHookHeaders: w.webHookHeaders.map((h) => ({ key: h.key, value: h.isSecure ? null : h.value, isSecure: h.isSecure })),
    config: { configId: w.configId, name: store.configs.get(w.configId)?.name ?? "" },
    environment: { environmentId: w.environmentId, name: store.environments.get(w.environmentId)?.name ?? "" },
  };
}

/** `PermissionGroupModel`. */
export function permissionGroupView(store: Store, g: StoredPermissionGroup): JsonObject {
  return { permissionGroupId: g.permissionGroupId, name: g.name, ...g.fields, product: productView(store, store.products.get(g.productId) as StoredProduct) };
}

/** `PreferencesModel`. */
export function preferencesView(store: Store, p: StoredProduct): JsonObject {
  const prefs = p.preferences;
  const envList = (map: Record<string, boolean>, member: string): JsonValue[] =>
    store.environmentsOf(p.productId).map((e) => ({ environmentId: e.environmentId, [member]: map[e.environmentId] === true, environmentName: e.name }));
  return {
    reasonRequired: prefs.reasonRequired, keyGenerationMode: prefs.keyGenerationMode, showVariationId: prefs.showVariationId,
    mandatorySettingHint: prefs.mandatorySettingHint, reasonRequiredEnvironments: envList(prefs.reasonRequiredEnvironments, "reasonRequired"),
    approveRequired: prefs.approveRequired, approveRequiredEnvironments: envList(prefs.approveRequiredEnvironments, "approveRequired"),
  };
}

/** `AuditLogItemModel`. */
export function auditLogView(a: StoredAuditLog): JsonObject {
  return {
    auditLogId: a.auditLogId, auditLogDateTime: a.auditLogDateTime, auditLogTypeEnum: a.auditLogTypeEnum, auditLogType: a.auditLogType,
    truncated: false, modelVersion: 1, userEmail: a.userEmail, userName: a.userName, where: a.where, why: a.why, actionTarget: a.actionTarget,
    details: a.details,
  };
}

/**
 * Orders a list per the `listOrder` switch (insertion order, or by `order` then `name`).
 * @param items - stored objects
 * @param fidelity - switches
 */
export function ordered<T extends { order?: number; name?: string }>(items: T[], fidelity: ResolvedFidelity): T[] {
  if (fidelity.listOrder === "insertion") return items;
  return [...items].sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || (a.name ?? "").localeCompare(b.name ?? ""));
}
