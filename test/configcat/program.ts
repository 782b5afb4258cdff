// The stack used by the ConfigCat lifecycle tests: a product, a V2 config, two environments, a tag and three flags,
// built from a plain description so a test can change one field and run `up` again.
import type { configcat as configcatNs } from "../../provider";

// The compiled package, exactly as the engine's provider host loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { configcat } = require("pulumi-feature-flags") as { configcat: typeof configcatNs };

export interface FlagSpec extends Omit<configcatNs.SettingArgs, "configId" | "tags"> {
  tagged?: boolean;
}

export interface ValueSpec extends Omit<configcatNs.SettingValueArgs, "environmentId" | "settingId" | "targetingRules"> {
  environment: "test" | "prod";
  flag: string;
  /** Rules; `{ segment: "staff" }` conditions name the stack's segment. */
  targetingRules?: configcatNs.TargetingRule[];
}

export interface StackSpec {
  organizationId: string;
  flags: Record<string, FlagSpec>;
  values: Record<string, ValueSpec>;
}

/** The segment's id is only known at run time: rules name it with this placeholder. */
export const STAFF = "staff-segment";

export function baseValues(): Record<string, ValueSpec> {
  return {
    checkoutProd: {
      environment: "prod", flag: "checkout", value: false,
      targetingRules: [
        {
          conditions: [
            { user: { attribute: "Email", comparator: "isOneOf", comparisonValue: ["a@example.com", "b@example.com", "c@example.com"] } },
            { segment: { segmentId: STAFF, comparator: "isIn" } },
          ],
          value: true,
        },
        { conditions: [{ user: { attribute: "Country", comparator: "textEquals", comparisonValue: "HU" } }], percentageOptions: [{ percentage: 50, value: true }, { percentage: 50, value: false }] },
      ],
      percentageOptions: [{ percentage: 20, value: true }, { percentage: 80, value: false }],
      reason: "rollout",
    },
    checkoutTest: { environment: "test", flag: "checkout", value: true },
    bannerProd: { environment: "prod", flag: "banner", value: "Welcome" },
  };
}

export function baseFlags(): Record<string, FlagSpec> {
  return {
    checkout: { key: "newCheckout", name: "New checkout", hint: "Checkout v2", tagged: true },
    banner: { key: "bannerText", settingType: "string", name: "Banner text", order: 2 },
    limit: { key: "maxItems", settingType: "int" },
  };
}

/** A Pulumi program for the spec returned by `current()` at each run. */
export function stackProgram(current: () => StackSpec) {
  return async () => {
    const spec = current();
    const product = new configcat.Product("product", { organizationId: spec.organizationId, name: "Shop", description: "Web shop" });
    const config = new configcat.Config("config", { productId: product.id, name: "Web" });
    const environments = {
      test: new configcat.Environment("test", { productId: product.id, name: "Test", color: "#00aa00" }),
      prod: new configcat.Environment("prod", { productId: product.id, name: "Production", order: 1 }),
    };
    const beta = new configcat.Tag("beta", { productId: product.id, name: "beta", color: "koala" });
    const staff = new configcat.Segment("staff", {
      productId: product.id, name: "Staff", comparisonAttribute: "Email", comparator: "contains", comparisonValue: "@example.com",
    });
    const flags: Record<string, InstanceType<typeof configcat.Setting>> = {};
    for (const [name, { tagged, ...flag }] of Object.entries(spec.flags)) {
      flags[name] = new configcat.Setting(name, { ...flag, configId: config.id, ...(tagged ? { tags: [beta.tagId] } : {}) });
    }
    for (const [name, { environment, flag, targetingRules, ...value }] of Object.entries(spec.values)) {
      const rules = targetingRules?.map((r) => ({
        ...r,
        conditions: r.conditions.map((c) => ("segment" in c && c.segment.segmentId === STAFF ? { segment: { ...c.segment, segmentId: staff.id } } : c)),
      }));
      new configcat.SettingValue(name, {
        ...value, environmentId: environments[environment].id, settingId: flags[flag]!.id, settingType: flags[flag]!.settingType,
        ...(rules ? { targetingRules: rules } : {}),
      });
    }
    const keys = new configcat.SdkKeys("prodKeys", { configId: config.id, environmentId: environments.prod.id });
    return { productId: product.id, sdkKey: keys.primary };
  };
}
