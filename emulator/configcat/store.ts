import type { JsonValue } from "../core/json";
import { randomAlphanumeric, type Random } from "../core/prng";
import { defaultFormula } from "./formulas";
import {
  emptyState,
  type ConfigCatState, type StoredAuditLog, type StoredConfig, type StoredDeletedSetting, type StoredEnvironment,
  type StoredOrganization, type StoredPermissionGroup, type StoredProduct, type StoredSdkKeys, type StoredSegment,
  type StoredSetting, type StoredSigningKeys, type StoredTag, type StoredValue, type StoredWebhook,
} from "./model";

/** Key of a (setting, environment) value or a (config, environment) SDK key pair. */
export const pairKey = (a: string | number, b: string): string => `${a}:${b}`;

/**
 * The in-memory state as insertion-ordered maps (O(1) lookup and delete, list order = creation order),
 * plus the cascades and generators every route needs. Route handlers mutate stored objects in place
 * and then call {@link Store.changed}.
 */
export class Store {
  organizations = new Map<string, StoredOrganization>();
  products = new Map<string, StoredProduct>();
  configs = new Map<string, StoredConfig>();
  environments = new Map<string, StoredEnvironment>();
  settings = new Map<number, StoredSetting>();
  tags = new Map<number, StoredTag>();
  segments = new Map<string, StoredSegment>();
  /** By `configId:environmentId`. */
  sdkKeys = new Map<string, StoredSdkKeys>();
  /** By `settingId:environmentId`. */
  values = new Map<string, StoredValue>();
  webhooks = new Map<number, StoredWebhook>();
  /** By productId. */
  signingKeys = new Map<string, StoredSigningKeys>();
  permissionGroups = new Map<number, StoredPermissionGroup>();
  deletedSettings: StoredDeletedSetting[] = [];
  auditLogs: StoredAuditLog[] = [];
  private counters: ConfigCatState["counters"] = emptyState().counters;
  /**
   * Derived lookups (flags by config, flag by key, SDK keys by value, memoised views), built on first
   * use and dropped on every change, so reads stay O(1)/O(flags of the config) however big the state
   * grows, without every mutation site having to keep an index up to date.
   */
  private derived = new Map<string, unknown>();

  /**
   * @param now - clock in epoch ms
   * @param random - generator for uuids and keys (its own stream, so it does not shift fault dice)
   * @param onChange - called after every mutation (persistence hooks in here)
   */
  constructor(
    private readonly now: () => number,
    private readonly random: Random,
    private readonly onChange: () => void = () => {},
  ) {}

  /** The current time as an ISO-8601 UTC string. */
  timestamp(): string {
    return new Date(this.now()).toISOString();
  }

  /** Tells listeners (the state file) that something changed; drops derived lookups. */
  changed(): void {
    this.derived.clear();
    this.onChange();
  }

  /**
   * A value derived from the state, computed once until the next change.
   * @param key - what it is (unique per derivation and arguments)
   * @param build - computes it from the current state
   */
  memo<T>(key: string, build: () => T): T {
    if (this.derived.has(key)) return this.derived.get(key) as T;
    const value = build();
    this.derived.set(key, value);
    return value;
  }

  /** A deep copy of the whole state. */
  snapshot(): ConfigCatState {
    return structuredClone({
      counters: this.counters,
      organizations: [...this.organizations.values()],
      products: [...this.products.values()],
      configs: [...this.configs.values()],
      environments: [...this.environments.values()],
      settings: [...this.settings.values()],
      deletedSettings: this.deletedSettings,
      tags: [...this.tags.values()],
      segments: [...this.segments.values()],
      sdkKeys: [...this.sdkKeys.values()],
      values: [...this.values.values()],
      webhooks: [...this.webhooks.values()],
      webhookSigningKeys: [...this.signingKeys.values()],
      permissionGroups: [...this.permissionGroups.values()],
      auditLogs: this.auditLogs,
    });
  }

  /**
   * Replaces the whole state.
   * @param state - a validated state
   */
  replace(state: ConfigCatState): void {
    const s = structuredClone(state);
    this.counters = s.counters;
    this.organizations = new Map(s.organizations.map((o) => [o.organizationId, o]));
    this.products = new Map(s.products.map((p) => [p.productId, p]));
    this.configs = new Map(s.configs.map((c) => [c.configId, c]));
    this.environments = new Map(s.environments.map((e) => [e.environmentId, e]));
    this.settings = new Map(s.settings.map((x) => [x.settingId, x]));
    this.tags = new Map(s.tags.map((t) => [t.tagId, t]));
    this.segments = new Map(s.segments.map((x) => [x.segmentId, x]));
    this.sdkKeys = new Map(s.sdkKeys.map((k) => [pairKey(k.configId, k.environmentId), k]));
    this.values = new Map(s.values.map((v) => [pairKey(v.settingId, v.environmentId), v]));
    this.webhooks = new Map(s.webhooks.map((w) => [w.webhookId, w]));
    this.signingKeys = new Map(s.webhookSigningKeys.map((k) => [k.productId, k]));
    this.permissionGroups = new Map(s.permissionGroups.map((g) => [g.permissionGroupId, g]));
    this.deletedSettings = s.deletedSettings;
    this.auditLogs = s.auditLogs;
    // Counters must stay ahead of ids already in use, whatever the document says.
    const above = (ids: Iterable<number>, floor: number): number => {
      let next = floor;
      for (const id of ids) if (id >= next) next = id + 1;
      return next;
    };
    this.counters.nextSettingId = above([...this.settings.keys(), ...this.deletedSettings.map((d) => d.settingId)], this.counters.nextSettingId);
    this.counters.nextTagId = above(this.tags.keys(), this.counters.nextTagId);
    this.counters.nextWebhookId = above(this.webhooks.keys(), this.counters.nextWebhookId);
    this.counters.nextPermissionGroupId = above(this.permissionGroups.keys(), this.counters.nextPermissionGroupId);
    this.counters.nextAuditLogId = above(this.auditLogs.map((a) => a.auditLogId), this.counters.nextAuditLogId);
    this.counters.nextSettingTagId = above([...this.settings.values()].flatMap((x) => x.tags.map((t) => t.settingTagId)), this.counters.nextSettingTagId);
    this.changed();
  }

  /**
   * A new sequential ("COMB"-style, like the GUIDs ConfigCat hands out) lower-case uuid.
   */
  newGuid(): string {
    const seq = (this.counters.nextGuid++ % 0xfffff).toString(16).padStart(5, "0");
    const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(this.random() * 16).toString(16)).join("");
    return `08d${seq}-${hex(4)}-4${hex(3)}-${"89ab"[Math.floor(this.random() * 4)]}${hex(3)}-${hex(12)}`;
  }

  /** A new SDK key in the current format (`configcat-sdk-1/<22>/<22>`). */
  newSdkKey(): string {
    return `configcat-sdk-1/${randomAlphanumeric(this.random, 22)}/${randomAlphanumeric(this.random, 22)}`;
  }

  /** A new webhook signing key. */
  newSigningKey(): string {
    return `configcat_whsk_${randomAlphanumeric(this.random, 40)}`;
  }

  /** Hands out the next int ids. */
  nextId(kind: "setting" | "tag" | "settingTag" | "webhook" | "permissionGroup" | "auditLog"): number {
    const c = this.counters;
    switch (kind) {
      case "setting": return c.nextSettingId++;
      case "tag": return c.nextTagId++;
      case "settingTag": return c.nextSettingTagId++;
      case "webhook": return c.nextWebhookId++;
      case "permissionGroup": return c.nextPermissionGroupId++;
      default: return c.nextAuditLogId++;
    }
  }

  // --- relations -------------------------------------------------------------------------------------

  /** Configs of a product. */
  configsOf(productId: string): StoredConfig[] {
    return [...this.configs.values()].filter((c) => c.productId === productId);
  }

  /** Environments of a product. */
  environmentsOf(productId: string): StoredEnvironment[] {
    return [...this.environments.values()].filter((e) => e.productId === productId);
  }

  /** Settings of a config, in creation order (a fresh array). */
  settingsOf(configId: string): StoredSetting[] {
    const byConfig = this.memo("settingsByConfig", () => {
      const index = new Map<string, StoredSetting[]>();
      for (const s of this.settings.values()) {
        const list = index.get(s.configId);
        if (list) list.push(s);
        else index.set(s.configId, [s]);
      }
      return index;
    });
    return [...(byConfig.get(configId) ?? [])];
  }

  /** The product a config belongs to (always present for stored configs). */
  productOfConfig(config: StoredConfig): StoredProduct {
    return this.products.get(config.productId) as StoredProduct;
  }

  /** The setting with a given key in a config. */
  settingByKey(configId: string, key: string): StoredSetting | undefined {
    const byKey = this.memo("settingByKey", () => new Map([...this.settings.values()].map((s) => [pairKey(s.configId, s.key), s])));
    return byKey.get(pairKey(configId, key));
  }

  /** The (config, environment) pair an SDK key (primary or secondary) belongs to. */
  sdkKeyPair(sdkKey: string): StoredSdkKeys | undefined {
    const byKey = this.memo("sdkKeys", () => {
      const index = new Map<string, StoredSdkKeys>();
      for (const k of this.sdkKeys.values()) {
        index.set(k.primary, k);
        if (k.secondary) index.set(k.secondary, k);
      }
      return index;
    });
    return byKey.get(sdkKey);
  }

  // --- creation side effects ------------------------------------------------------------------------

  /**
   * Makes sure the value of a (setting, environment) exists, creating the type's default.
   * @param setting - the flag
   * @param environmentId - the environment
   * @param formula - initial formula, default when omitted
   */
  ensureValue(setting: StoredSetting, environmentId: string, formula?: JsonValue): StoredValue {
    const key = pairKey(setting.settingId, environmentId);
    let v = this.values.get(key);
    if (!v) {
      const config = this.configs.get(setting.configId) as StoredConfig;
      v = {
        settingId: setting.settingId, environmentId, formula: formula ?? defaultFormula(config.evaluationVersion, setting),
        lastVersionId: this.newGuid(), updatedAt: null, lastUpdaterUserEmail: null, lastUpdaterUserFullName: null,
      };
      this.values.set(key, v);
      this.derived.clear();
    }
    return v;
  }

  /** Makes sure the SDK keys of a (config, environment) exist. */
  ensureSdkKeys(configId: string, environmentId: string): StoredSdkKeys {
    const key = pairKey(configId, environmentId);
    let k = this.sdkKeys.get(key);
    if (!k) {
      k = { configId, environmentId, primary: this.newSdkKey(), secondary: null };
      this.sdkKeys.set(key, k);
      this.derived.clear();
    }
    return k;
  }

  /** After a config or environment is created: SDK keys and default values for every pair. */
  fillPairs(productId: string): void {
    for (const c of this.configsOf(productId)) {
      for (const e of this.environmentsOf(productId)) {
        this.ensureSdkKeys(c.configId, e.environmentId);
        for (const s of this.settingsOf(c.configId)) this.ensureValue(s, e.environmentId);
      }
    }
  }

  // --- cascades ---------------------------------------------------------------------------------------

  /** Deletes a flag with its values; records it in the config's deleted settings (its key is free again). */
  deleteSetting(s: StoredSetting): void {
    this.derived.clear();
    this.settings.delete(s.settingId);
    for (const [k, v] of this.values) if (v.settingId === s.settingId) this.values.delete(k);
    this.deletedSettings.push({ settingId: s.settingId, configId: s.configId, key: s.key, name: s.name, hint: s.hint, settingType: s.settingType, deletedAt: this.timestamp() });
  }

  /** Deletes a config with its flags, values, SDK keys and webhooks. */
  deleteConfig(c: StoredConfig): void {
    for (const s of this.settingsOf(c.configId)) this.deleteSetting(s);
    this.deletedSettings = this.deletedSettings.filter((d) => d.configId !== c.configId);
    for (const [k, v] of this.sdkKeys) if (v.configId === c.configId) this.sdkKeys.delete(k);
    for (const [k, w] of this.webhooks) if (w.configId === c.configId) this.webhooks.delete(k);
    this.configs.delete(c.configId);
  }

  /** Deletes an environment with its values, SDK keys, webhooks and preference entries. */
  deleteEnvironment(e: StoredEnvironment, cleanupAuditLogs: boolean): void {
    for (const [k, v] of this.values) if (v.environmentId === e.environmentId) this.values.delete(k);
    for (const [k, v] of this.sdkKeys) if (v.environmentId === e.environmentId) this.sdkKeys.delete(k);
    for (const [k, w] of this.webhooks) if (w.environmentId === e.environmentId) this.webhooks.delete(k);
    const p = this.products.get(e.productId);
    if (p) {
      delete p.preferences.reasonRequiredEnvironments[e.environmentId];
      delete p.preferences.approveRequiredEnvironments[e.environmentId];
    }
    for (const g of this.permissionGroups.values()) {
      const acc = g.fields.environmentAccesses;
      if (Array.isArray(acc)) g.fields.environmentAccesses = acc.filter((a) => !(a && typeof a === "object" && !Array.isArray(a) && a.environmentId === e.environmentId));
    }
    if (cleanupAuditLogs) this.auditLogs = this.auditLogs.filter((a) => a.environmentId !== e.environmentId);
    this.environments.delete(e.environmentId);
  }

  /** Deletes a tag and detaches it from every flag. */
  deleteTag(t: StoredTag): void {
    for (const s of this.settings.values()) s.tags = s.tags.filter((x) => x.tagId !== t.tagId);
    this.tags.delete(t.tagId);
  }

  /** Deletes a product and everything below it. */
  deleteProduct(p: StoredProduct): void {
    for (const c of this.configsOf(p.productId)) this.deleteConfig(c);
    for (const e of this.environmentsOf(p.productId)) this.deleteEnvironment(e, true);
    for (const [id, t] of this.tags) if (t.productId === p.productId) this.tags.delete(id);
    for (const [id, s] of this.segments) if (s.productId === p.productId) this.segments.delete(id);
    for (const [id, g] of this.permissionGroups) if (g.productId === p.productId) this.permissionGroups.delete(id);
    this.signingKeys.delete(p.productId);
    this.auditLogs = this.auditLogs.filter((a) => a.productId !== p.productId);
    this.products.delete(p.productId);
  }
}
