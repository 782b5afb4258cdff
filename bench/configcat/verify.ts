/*
 * Checks the ConfigCat emulator's state against the program's intent: the product, config and environments
 * exactly once, every flag with its key and type, and every value in every environment, so a scenario that
 * "succeeds" while leaving the API different from the program is reported, not hidden.
 */
import type { ConfigCatState } from "../../emulator";
import type { StateCheck } from "../amplitude/verify";
import { configName, environmentNames, flagKey, productName, type ConfigCatBenchSpec } from "./program";

/** The served default of a stored V2 formula (a flag without a stored value serves its type's default, `false`). */
function servedBool(formula: unknown): boolean | undefined {
  if (formula === undefined) return false;
  const v = (formula as { defaultValue?: { boolValue?: unknown } }).defaultValue?.boolValue;
  return typeof v === "boolean" ? v : undefined;
}

/** `present`: everything exists as declared. `destroyed`: the bench's product and flags are gone. */
export function checkConfigCatState(state: ConfigCatState, spec: ConfigCatBenchSpec, expect: "present" | "destroyed"): StateCheck {
  const products = state.products.filter((p) => p.name === productName && p.organizationId === spec.organizationId);
  const productIds = new Set(products.map((p) => p.productId));
  const configs = state.configs.filter((c) => productIds.has(c.productId));
  const configIds = new Set(configs.map((c) => c.configId));
  const settings = state.settings.filter((s) => configIds.has(s.configId));
  const mismatches: string[] = [];
  if (expect === "destroyed") {
    for (const p of products) mismatches.push(`product ${p.productId}: still there`);
    for (const s of state.settings.filter((s) => s.key.startsWith("benchFlag"))) mismatches.push(`${s.key}: still there`);
  } else {
    if (products.length !== 1) mismatches.push(`${products.length} products named ${productName}`);
    if (configs.length !== 1 || configs[0]?.name !== configName || configs[0]?.evaluationVersion !== "v2") {
      mismatches.push(`configs ${JSON.stringify(configs.map((c) => [c.name, c.evaluationVersion]))}`);
    }
    const environments = state.environments.filter((e) => productIds.has(e.productId));
    const envId = new Map(environments.map((e) => [e.name, e.environmentId]));
    if (environments.length !== environmentNames.length || environmentNames.some((n) => !envId.has(n))) {
      mismatches.push(`environments ${JSON.stringify(environments.map((e) => e.name))}`);
    }
    const values = new Map(state.values.map((v) => [`${v.settingId}|${v.environmentId}`, v.formula]));
    const byKey = new Map(settings.map((s) => [s.key, s]));
    for (let i = 0; i < spec.flags; i++) {
      const s = byKey.get(flagKey(i));
      if (!s) {
        mismatches.push(`${flagKey(i)}: missing`);
        continue;
      }
      if (s.settingType !== "boolean") mismatches.push(`${flagKey(i)}: settingType ${s.settingType}`);
      environmentNames.forEach((name, e) => {
        const formula = values.get(`${s.settingId}|${envId.get(name)}`);
        const served = servedBool(formula);
        const rules = (formula as { targetingRules?: unknown[] } | undefined)?.targetingRules ?? [];
        if (served !== spec.value(i, e) || rules.length > 0) mismatches.push(`${flagKey(i)} in ${name}: serves ${served}, ${rules.length} rules; want ${spec.value(i, e)}`);
      });
    }
    if (settings.length !== spec.flags) mismatches.push(`${settings.length} flags, ${spec.flags} declared`);
  }
  const ok = mismatches.length === 0;
  const what = expect === "present"
    ? `${settings.length}/${spec.flags} flags × ${environmentNames.length} environments match`
    : `${products.length} bench products, ${settings.length} bench flags left`;
  return { ok, liveFlags: settings.length, mismatches, summary: ok ? `ok (${what})` : `${mismatches.length} mismatches: ${mismatches.slice(0, 3).join("; ")}` };
}
