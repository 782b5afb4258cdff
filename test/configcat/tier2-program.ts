// The stack used by the tier 2/3 ConfigCat lifecycle tests: a product with a V2 and a V1 config, two environments,
// tags attached one by one (SettingTag), preferences, a V1 value, a webhook and a permission group, built from a plain
// description so a test can change one part and run `up` again.
import type { configcat as configcatNs } from "../../provider";
import { configcat } from "./program";

export interface Tier2Spec {
  organizationId: string;
  /** Tags attached to the flag `checkout`, one `SettingTag` each (resource name = `tag-<name>`). */
  settingTags: string[];
  /** `undefined`: no ProductPreferences resource. */
  preferences?: Omit<configcatNs.ProductPreferencesArgs, "productId" | "reasonRequiredEnvironments"> & { reasonRequiredInTest?: boolean };
  /** `undefined`: no SettingValueV1 resource. */
  legacyValue?: Omit<configcatNs.SettingValueV1Args, "environmentId" | "settingId">;
  webhook: Omit<configcatNs.WebhookArgs, "configId" | "environmentId">;
  group: Omit<configcatNs.PermissionGroupArgs, "productId" | "environmentAccesses"> & { prodAccess?: "full" | "readOnly" | "none" };
}

export const TAGS = ["beta", "ops", "extra"] as const;
export const SECURE_TOKEN = "Bearer tier2-secure-header-token";

export function baseTier2(organizationId: string): Tier2Spec {
  return {
    organizationId,
    settingTags: ["beta", "ops"],
    preferences: { keyGenerationMode: "kebabCase", mandatorySettingHint: true, reasonRequiredInTest: true, deletionPolicy: "reset" },
    legacyValue: {
      settingType: "int", value: 5, deletionPolicy: "reset",
      rolloutRules: [
        { attribute: "Email", comparator: "isOneOf", comparisonValue: ["a@example.com", "b@example.com"], value: 10 },
        { attribute: "Email", comparator: "contains", comparisonValue: "@example.com", value: 20 },
      ],
      percentageItems: [{ percentage: 30, value: 1 }, { percentage: 70, value: 2 }],
    },
    webhook: {
      url: "https://hooks.example.com/deploy", httpMethod: "post", content: "##ConfigName## changed",
      headers: { "X-Env": "production" }, secureHeaders: { Authorization: SECURE_TOKEN },
    },
    group: { name: "Editors", accessType: "custom", canCreateOrUpdateSetting: true, canTagSetting: true, newEnvironmentAccessType: "readOnly", prodAccess: "readOnly" },
  };
}

/** A Pulumi program for the spec returned by `current()` at each run. */
export function tier2Program(current: () => Tier2Spec) {
  return async () => {
    const spec = current();
    const product = new configcat.Product("product", { organizationId: spec.organizationId, name: "Tier2", description: "tier 2 and 3" });
    const config = new configcat.Config("config", { productId: product.id, name: "Web" });
    const legacy = new configcat.Config("legacy", { productId: product.id, name: "Legacy", evaluationVersion: "v1" });
    const test = new configcat.Environment("test", { productId: product.id, name: "Test" });
    const prod = new configcat.Environment("prod", { productId: product.id, name: "Production" });
    const tags = Object.fromEntries(TAGS.map((t) => [t, new configcat.Tag(t, { productId: product.id, name: t })]));
    // Hints: the preferences make them mandatory, and resources are created in parallel.
    const checkout = new configcat.Setting("checkout", { configId: config.id, key: "newCheckout", hint: "checkout v2" });
    const limit = new configcat.Setting("limit", { configId: legacy.id, key: "maxItems", settingType: "int", hint: "cart size" });
    for (const t of spec.settingTags) new configcat.SettingTag(`tag-${t}`, { settingId: checkout.id, tagId: tags[t]!.tagId });
    if (spec.preferences) {
      const { reasonRequiredInTest, ...prefs } = spec.preferences;
      new configcat.ProductPreferences("preferences", {
        ...prefs, productId: product.id,
        ...(reasonRequiredInTest === undefined ? {} : { reasonRequiredEnvironments: test.id.apply((id) => ({ [id]: reasonRequiredInTest })) }),
      });
    }
    if (spec.legacyValue) {
      new configcat.SettingValueV1("legacyProd", { ...spec.legacyValue, environmentId: prod.id, settingId: limit.id, settingType: limit.settingType });
    }
    const hook = new configcat.Webhook("hook", { ...spec.webhook, configId: config.id, environmentId: prod.id });
    const { prodAccess, ...group } = spec.group;
    new configcat.PermissionGroup("editors", {
      ...group, productId: product.id,
      ...(prodAccess ? { environmentAccesses: prod.id.apply((id) => ({ [id]: prodAccess })) } : {}),
    });
    return { signingKey: hook.signingKey1, webhookId: hook.webhookId, productId: product.id };
  };
}
