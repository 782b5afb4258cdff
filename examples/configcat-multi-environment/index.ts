/**
 * ConfigCat multi-environment: one product, one config, and the same flags in a Development, a Staging and a
 * Production environment, each environment with its own served values and targeting. In ConfigCat environments live
 * inside one product, so one stack manages all of them; how far each feature is rolled out in each environment is in
 * the stack's config (`Pulumi.main.yaml`), so promoting a feature is a one-number change, reviewed as a diff that
 * touches exactly one environment's value.
 */
import * as pulumi from "@pulumi/pulumi";
import { configcat } from "pulumi-feature-flags";

/** The environments, in promotion order. */
const environments = [
  { name: "Development", color: "#2e7d32" },
  { name: "Staging", color: "#f9a825" },
  { name: "Production", color: "#c62828" },
] as const;
type EnvironmentName = (typeof environments)[number]["name"];

/** Per environment, the share (0–100) of users who get each feature being promoted; from the stack config. */
type Rollout = Record<"newCheckout" | "searchRanking", Record<EnvironmentName, number>>;

/** Fixed per-environment values: part of the program, changed by code review like the rest. */
const maxCartItems: Record<EnvironmentName, number> = { Development: 500, Staging: 100, Production: 50 };
const apiTimeoutSeconds: Record<EnvironmentName, number> = { Development: 30, Staging: 10, Production: 2.5 };

export = async () => {
  const config = new pulumi.Config();
  const organizationId = config.require("organizationId");
  const rollout = config.requireObject<Rollout>("rollout");
  // A typo in the stack file ("Prod") must not silently leave an environment out.
  for (const feature of ["newCheckout", "searchRanking"] as const) {
    for (const { name } of environments) {
      const p = rollout[feature]?.[name];
      if (!Number.isInteger(p) || p < 0 || p > 100) throw new Error(`rollout.${feature}.${name} must be a whole number from 0 to 100 (got ${JSON.stringify(p)})`);
    }
  }

  const product = new configcat.Product("product", { organizationId, name: "Storefront", description: "Managed by Pulumi: examples/configcat-multi-environment" });
  const web = new configcat.Config("web", { productId: product.id, name: "Web", evaluationVersion: "v2" });
  const staff = new configcat.Segment("staff", {
    productId: product.id, name: "Staff", comparisonAttribute: "Email", comparator: "contains", comparisonValue: "@example.com",
  });

  // The same flags in every environment.
  const newCheckout = new configcat.Setting("newCheckout", { configId: web.id, key: "newCheckout", name: "New checkout", order: 0 });
  const searchRanking = new configcat.Setting("searchRanking", { configId: web.id, key: "searchRanking", settingType: "string", name: "Search ranking model", order: 1 });
  const cartLimit = new configcat.Setting("maxCartItems", { configId: web.id, key: "maxCartItems", settingType: "int", name: "Max items in cart", order: 2 });
  const apiTimeout = new configcat.Setting("apiTimeoutSeconds", { configId: web.id, key: "apiTimeoutSeconds", settingType: "double", name: "API timeout (s)", order: 3 });
  const betaDashboard = new configcat.Setting("betaDashboard", { configId: web.id, key: "betaDashboard", name: "Beta dashboard", hint: "Only on in Development until ready", order: 4 });

  /** `share` % get `on`, the rest `off`; a plain value at 0 and 100 (a split would only add noise to the Dashboard). */
  const split = <T extends boolean | string>(share: number, on: T, off: T) =>
    share === 0 || share === 100 ? { value: share === 100 ? on : off } : { value: off, percentageOptions: [{ percentage: share, value: on }, { percentage: 100 - share, value: off }] };

  const sdkKeys: Record<string, pulumi.Output<string>> = {};
  const environmentIds: Record<string, pulumi.Output<string>> = {};
  environments.forEach(({ name, color }, order) => {
    const environment = new configcat.Environment(name, { productId: product.id, name, color, order });
    const value = (resource: string, flag: configcat.Setting, args: Omit<configcat.SettingValueArgs, "environmentId" | "settingId" | "settingType">) =>
      new configcat.SettingValue(`${resource}-${name}`, { environmentId: environment.id, settingId: flag.id, settingType: flag.settingType, ...args });

    // Staff always see the new checkout; everyone else by the environment's rollout.
    value("newCheckout", newCheckout, {
      targetingRules: [{ conditions: [{ segment: { segmentId: staff.id, comparator: "isIn" } }], value: true }],
      ...split(rollout.newCheckout[name], true, false),
    });
    value("searchRanking", searchRanking, split(rollout.searchRanking[name], "ltr-v3", "bm25"));
    value("maxCartItems", cartLimit, {
      value: maxCartItems[name],
      targetingRules: [{ conditions: [{ user: { attribute: "Plan", comparator: "isOneOf", comparisonValue: ["pro", "enterprise"] } }], value: 4 * maxCartItems[name] }],
    });
    value("apiTimeoutSeconds", apiTimeout, { value: apiTimeoutSeconds[name] });
    value("betaDashboard", betaDashboard, { value: name === "Development" });

    environmentIds[name] = environment.id;
    sdkKeys[name] = new configcat.SdkKeys(`web-${name}-keys`, { configId: web.id, environmentId: environment.id }).primary;
  });

  // SDK keys are secret outputs (`pulumi.all` keeps the map secret as a whole): each app gets the key of its
  // environment with `pulumi stack output sdkKeys --show-secrets`.
  return { productId: product.id, configId: web.id, environmentIds, sdkKeys: pulumi.all(sdkKeys) };
};
