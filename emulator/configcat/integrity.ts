import { ConfigCatError, summary } from "./errors";
import { reparseStored } from "./formulas";
import type { ConfigCatState } from "./model";
import type { Random } from "../core/prng";
import type { ResolvedFidelity } from "./options";
import { Store } from "./store";

/*
 * A state document (from `PUT /__admin/state` or a state file) is checked for dangling references and
 * every value formula is re-parsed with the API's own rules, so a hand-edited state is either accepted
 * in normalised form (compact `{"boolValue": true}` is fine) or refused with the first problem named,
 * never left to fail later as a 500.
 */

/**
 * Checks and normalises a state.
 * @param state - a schema-valid state
 * @param fidelity - switches (the placement rules a switch decides are not applied: see `storedRules`)
 * @param now - clock for timestamps
 * @param random - the emulator's generator, so keys filled in for missing pairs stay reproducible per seed
 * @returns the normalised state
 * @throws Error naming the first inconsistent object
 */
export function normaliseState(state: ConfigCatState, fidelity: ResolvedFidelity, now: () => number, random: Random): ConfigCatState {
  const store = new Store(now, random);
  store.replace(state);
  const fail = (where: string, message: string): never => {
    throw new Error(`${where}: ${message}`);
  };
  for (const p of store.products.values()) if (!store.organizations.has(p.organizationId)) fail(`product ${p.productId}`, "unknown organizationId");
  for (const c of store.configs.values()) if (!store.products.has(c.productId)) fail(`config ${c.configId}`, "unknown productId");
  for (const e of store.environments.values()) if (!store.products.has(e.productId)) fail(`environment ${e.environmentId}`, "unknown productId");
  for (const x of [...store.tags.values(), ...store.segments.values(), ...store.permissionGroups.values()]) {
    if (!store.products.has(x.productId)) fail(`${"tagId" in x ? `tag ${x.tagId}` : "segmentId" in x ? `segment ${x.segmentId}` : `permission group ${x.permissionGroupId}`}`, "unknown productId");
  }
  for (const s of store.settings.values()) {
    const c = store.configs.get(s.configId);
    if (!c) fail(`setting ${s.settingId}`, "unknown configId");
    for (const t of s.tags) if (store.tags.get(t.tagId)?.productId !== c?.productId) fail(`setting ${s.settingId}`, `unknown tag ${t.tagId}`);
  }
  for (const k of store.sdkKeys.values()) {
    if (!store.configs.has(k.configId) || !store.environments.has(k.environmentId)) fail(`sdkKeys ${k.configId}/${k.environmentId}`, "unknown config or environment");
  }
  for (const w of store.webhooks.values()) {
    if (!store.configs.has(w.configId) || !store.environments.has(w.environmentId)) fail(`webhook ${w.webhookId}`, "unknown config or environment");
  }
  for (const v of store.values.values()) {
    const where = `value of setting ${v.settingId} in environment ${v.environmentId}`;
    const setting = store.settings.get(v.settingId);
    const env = store.environments.get(v.environmentId);
    if (!setting || !env) fail(where, "unknown setting or environment");
    const config = store.configs.get(setting!.configId)!;
    if (config.productId !== env!.productId) fail(where, "setting and environment are in different products");
    const ctx = { setting: setting!, environmentId: env!.environmentId, productId: env!.productId, store, fidelity };
    try {
      // Read like stored formulas, not like writes: what any switch let through must load back.
      v.formula = reparseStored(config.evaluationVersion, ctx, v.formula);
    } catch (err) {
      if (err instanceof ConfigCatError) fail(where, summary(err.errors));
      throw err;
    }
  }
  // Every config × environment pair has its SDK keys and every flag a value, as the API guarantees.
  for (const p of store.products.values()) store.fillPairs(p.productId);
  return store.snapshot();
}
