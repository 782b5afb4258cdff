import { describe, expect, it } from "vitest";
import type { Config, Environment, Product, Setting, SettingFormula } from "../api";
import type { ProductSnapshot } from "./read";
import { renderProgram } from "./render";

const product: Product = {
  organization: { organizationId: "08d00000-0000-4000-8000-00000000c0de", name: "Org" }, productId: "08d00001-0000-4000-8000-000000000001",
  name: "Shop", description: null, order: 0, reasonRequired: false, approveRequired: false,
};
const config = (configId: string, name: string, evaluationVersion: "v1" | "v2" = "v2"): Config => ({
  product: { productId: product.productId, name: "Shop" }, configId, name, description: null, order: 0, migratedConfigId: null, evaluationVersion,
});
const env = (environmentId: string, name: string): Environment => ({
  product: { productId: product.productId, name: "Shop" }, environmentId, name, color: null, description: null, order: 0, reasonRequired: false, approveRequired: false,
});
const flag = (settingId: number, key: string, configId: string): Setting => ({
  settingId, key, name: key, hint: null, order: 0, settingType: "boolean", isJson: false, configId, configName: "", createdAt: null, tags: [],
});
const formula = (settingId: number, rules: SettingFormula["targetingRules"] = []): SettingFormula => ({
  lastVersionId: null, defaultValue: { boolValue: true }, targetingRules: rules, percentageEvaluationAttribute: null, updatedAt: null,
  settingIdsWherePrerequisite: [], setting: { settingId, key: "k", settingType: "boolean" },
});

describe("ConfigCat renderProgram", () => {
  const web = config("08d00002-0000-4000-8000-000000000002", "Web");
  const api = config("08d00003-0000-4000-8000-000000000003", "Api");
  const legacy = config("08d00004-0000-4000-8000-000000000004", "Legacy", "v1");
  const prod = env("08d00005-0000-4000-8000-000000000005", "Production");
  const snapshot: ProductSnapshot = {
    product,
    environments: [prod, env("08d00006-0000-4000-8000-000000000006", "Production")],
    tags: [],
    segments: [],
    configs: [
      {
        config: web, settings: [flag(1, "new", web.configId), flag(2, "shared", web.configId)],
        values: new Map([[prod.environmentId, [formula(1, [{
          conditions: [{ prerequisiteFlagCondition: { prerequisiteSettingId: 99, comparator: "equals", prerequisiteComparisonValue: { boolValue: true } } }],
          percentageOptions: [], value: { boolValue: false },
        }]), formula(2)]]]),
      },
      { config: api, settings: [flag(3, "shared", api.configId)], values: new Map() },
      { config: legacy, settings: [flag(4, "old", legacy.configId)], values: new Map() },
    ],
  };
  const program = renderProgram(snapshot, { deletionPolicy: "retain" });

  it("writes a complete adopting program with the deletion policy on every object resource", () => {
    expect(program).toContain('const common = { adopt: true, deletionPolicy: "retain" } as const;');
    expect(program).toContain("}, { protect: true });");
    expect(program).not.toContain("description:");
  });

  it("keeps variable and resource names unique and valid", () => {
    // A reserved word as a key still makes a valid variable; a key used in two configs gets the config in its name.
    expect(program).toContain('const newFlag = new configcat.Setting("new", {');
    expect(program).toContain('new configcat.Setting("Web/shared", {');
    expect(program).toContain('new configcat.Setting("Api/shared", {');
    expect(program).toContain("const sharedFlag2 = ");
    expect(program).toContain('const productionEnvironment2 = new configcat.Environment("Production-2", {');
  });

  it("says what it cannot adopt as it is", () => {
    expect(program).toContain("several environments are named 'Production' in this product");
    expect(program).toContain("the values of V1 config 'Legacy' are not declared");
    expect(program).toContain("prerequisite flag 99 is not a flag of this product; referred to by id");
    expect(program).toContain("no value of flag 'shared' in environment 'Production' was listed");
  });
});
