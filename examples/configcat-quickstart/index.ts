/**
 * ConfigCat quickstart: one product with a V2 config, a Test and a Production environment, a tag, a segment and
 * four flags (one of each type) whose served values and targeting differ per environment: a rule with a user
 * condition, a rule with a segment condition, percentage options inside a rule and for everyone else.
 *
 * The Pulumi Node.js runtime calls the default-exported function; its return value becomes the stack outputs.
 * Exporting a function (rather than top-level statements) also lets tests and `npm run demo` run this file as
 * an inline Automation API program.
 */
import * as pulumi from "@pulumi/pulumi";
import { configcat } from "pulumi-feature-flags";

export = async () => {
  // Read inside the function: with the Automation API the configuration only exists once the program runs.
  const config = new pulumi.Config();
  const organizationId = config.require("organizationId");

  // A product's delete takes everything in it: in a real organization add `{ protect: true }` as the third argument.
  const product = new configcat.Product("shop", { organizationId, name: "Shop", description: "Web shop (managed by Pulumi)" });
  const web = new configcat.Config("web", { productId: product.id, name: "Web", evaluationVersion: "v2" });
  const test = new configcat.Environment("test", { productId: product.id, name: "Test", color: "#2e7d32", order: 0 });
  const production = new configcat.Environment("production", { productId: product.id, name: "Production", color: "#c62828", order: 1 });

  const checkoutTag = new configcat.Tag("checkout", { productId: product.id, name: "checkout", color: "koala" });
  // A segment is a named user condition that rules of any flag in the product can refer to.
  const betaTesters = new configcat.Segment("beta-testers", {
    productId: product.id,
    name: "Beta testers",
    description: "Staff and invited customers",
    comparisonAttribute: "Email",
    comparator: "isOneOf",
    comparisonValue: ["ana@example.com", "ben@example.com", "qa@example.com"],
  });

  // The flags: one per type. `settingType` defaults to boolean; values below are checked against it at preview.
  const newCheckout = new configcat.Setting("new-checkout", {
    configId: web.id,
    key: "newCheckout",
    name: "New checkout",
    hint: "The redesigned two-step checkout",
    tags: [checkoutTag.tagId],
    order: 0,
  });
  const bannerText = new configcat.Setting("banner-text", { configId: web.id, key: "bannerText", settingType: "string", name: "Banner text", order: 1 });
  const maxCartItems = new configcat.Setting("max-cart-items", { configId: web.id, key: "maxCartItems", settingType: "int", name: "Max items in cart", order: 2 });
  const discountRate = new configcat.Setting("discount-rate", {
    configId: web.id, key: "discountRate", settingType: "double", name: "Discount rate", tags: [checkoutTag.tagId], order: 3,
  });

  // What each environment serves. `settingId: flag.id` (not flag.settingId) keeps the id known during previews of
  // flag edits; `settingType: flag.settingType` lets `pulumi preview` type-check every value before any request.
  const served = (name: string, flag: configcat.Setting, environment: configcat.Environment, args: Omit<configcat.SettingValueArgs, "environmentId" | "settingId" | "settingType">) =>
    new configcat.SettingValue(name, { environmentId: environment.id, settingId: flag.id, settingType: flag.settingType, ...args });

  // Test: everything on, no targeting.
  served("new-checkout-test", newCheckout, test, { value: true });
  served("banner-text-test", bannerText, test, { value: "You are on the Test environment" });
  served("max-cart-items-test", maxCartItems, test, { value: 500 });
  served("discount-rate-test", discountRate, test, { value: 0.5 });

  // Production: rules are evaluated top to bottom, the first match wins; everyone no rule matches gets the
  // flag-level percentage options (or `value` when there are none).
  served("new-checkout-production", newCheckout, production, {
    value: false,
    targetingRules: [
      { conditions: [{ segment: { segmentId: betaTesters.id, comparator: "isIn" } }], value: true },
      {
        // Conditions of one rule are AND-ed.
        conditions: [
          { user: { attribute: "Country", comparator: "isOneOf", comparisonValue: ["HU", "AT"] } },
          { user: { attribute: "AppVersion", comparator: "semVerGreaterOrEquals", comparisonValue: "2.0.0" } },
        ],
        percentageOptions: [{ percentage: 50, value: true }, { percentage: 50, value: false }],
      },
    ],
    percentageOptions: [{ percentage: 10, value: true }, { percentage: 90, value: false }],
    reason: "Gradual rollout of the new checkout",
  });
  served("banner-text-production", bannerText, production, {
    value: "Free shipping over 50 EUR",
    targetingRules: [{ conditions: [{ user: { attribute: "Email", comparator: "textEndsWithAnyOf", comparisonValue: ["@example.com"] } }], value: "Hello, colleague!" }],
  });
  served("max-cart-items-production", maxCartItems, production, {
    value: 50,
    targetingRules: [{ conditions: [{ user: { attribute: "Plan", comparator: "isOneOf", comparisonValue: ["pro", "enterprise"] } }], value: 200 }],
  });
  served("discount-rate-production", discountRate, production, {
    value: 0,
    targetingRules: [{ conditions: [{ user: { attribute: "OrderCount", comparator: "numberGreaterOrEquals", comparisonValue: 10 } }], value: 0.15 }],
  });

  // SDK keys are secret outputs: Pulumi prints them as [secret] unless `--show-secrets` is given.
  const testKeys = new configcat.SdkKeys("web-test-keys", { configId: web.id, environmentId: test.id });
  const productionKeys = new configcat.SdkKeys("web-production-keys", { configId: web.id, environmentId: production.id });

  return {
    productId: product.id,
    configId: web.id,
    environmentIds: { test: test.id, production: production.id },
    flagIds: { newCheckout: newCheckout.settingId, bannerText: bannerText.settingId, maxCartItems: maxCartItems.settingId, discountRate: discountRate.settingId },
    testSdkKey: testKeys.primary,
    productionSdkKey: productionKeys.primary,
  };
};
