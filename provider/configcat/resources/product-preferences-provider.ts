import type * as pulumi from "@pulumi/pulumi";
import { isNotFound, type ConfigCatClient, type Preferences, type PreferencesBody } from "../api";
import { checkInputs, engineFailures, withoutUndefined } from "../../core/dynamic/check";
import { containsUnknown } from "../../core/dynamic/unknown";
import { clientFor } from "./client-for";
import { describeFailure } from "./errors";
import type { KeyGenerationMode, ProductPreferencesDeletionPolicy } from "./product-preferences";
import { productPreferencesSchema } from "./validation";

/** The preference members in the program's terms (per-environment lists as maps). */
interface PreferenceFields {
  reasonRequired: boolean;
  reasonRequiredEnvironments: Record<string, boolean>;
  keyGenerationMode: KeyGenerationMode;
  showVariationId: boolean;
  mandatorySettingHint: boolean;
  approveRequired: boolean;
  approveRequiredEnvironments: Record<string, boolean>;
}

/** `ProductPreferences` inputs after `check`. @internal */
export type ProductPreferencesInputs = Partial<PreferenceFields> & { productId: string; deletionPolicy: ProductPreferencesDeletionPolicy };
/** `ProductPreferences` as recorded in state. @internal */
export type ProductPreferencesOutputs = PreferenceFields & { productId: string; deletionPolicy: ProductPreferencesDeletionPolicy };

const SCALARS = ["reasonRequired", "keyGenerationMode", "showVariationId", "mandatorySettingHint", "approveRequired"] as const;
const MAPS = [["reasonRequiredEnvironments", "reasonRequired"], ["approveRequiredEnvironments", "approveRequired"]] as const;

/** What a new product shows (design §6.11): what `deletionPolicy: "reset"` writes back. */
const DEFAULTS = { reasonRequired: false, keyGenerationMode: "camelCase", showVariationId: false, mandatorySettingHint: false, approveRequired: false } as const;

function fromLive(p: Preferences): PreferenceFields {
  const map = <K extends "reasonRequired" | "approveRequired">(list: ({ environmentId: string } & Partial<Record<K, boolean | null>>)[], member: K) =>
    Object.fromEntries(list.map((e) => [e.environmentId.toLowerCase(), e[member] === true]));
  return {
    reasonRequired: p.reasonRequired, reasonRequiredEnvironments: map(p.reasonRequiredEnvironments, "reasonRequired"), keyGenerationMode: p.keyGenerationMode,
    showVariationId: p.showVariationId, mandatorySettingHint: p.mandatorySettingHint, approveRequired: p.approveRequired,
    approveRequiredEnvironments: map(p.approveRequiredEnvironments, "approveRequired"),
  };
}

/** The managed members that differ from `live`; a map compares only the environments the program lists. */
function changedFields(desired: Partial<PreferenceFields>, live: PreferenceFields): string[] {
  const out: string[] = SCALARS.filter((f) => desired[f] !== undefined && (containsUnknown(desired[f]) || desired[f] !== live[f]));
  for (const [f] of MAPS) {
    const want = desired[f];
    if (want !== undefined && (containsUnknown(want) || Object.entries(want).some(([env, on]) => (live[f][env] ?? false) !== on))) out.push(f);
  }
  return out;
}

/**
 * The whole `UpdatePreferencesRequest`: managed members from the program, the rest as they are live, so the write
 * means the same whether ConfigCat keeps or clears omitted members (undocumented). A per-environment list is left
 * out while its product-wide switch is on: Terraform's provider refuses both together, so the API may too.
 */
function bodyFor(desired: Partial<PreferenceFields>, live: PreferenceFields): PreferencesBody {
  const merged = { ...live, ...withoutUndefined(desired) } as PreferenceFields;
  const body: PreferencesBody = {
    reasonRequired: merged.reasonRequired, keyGenerationMode: merged.keyGenerationMode, showVariationId: merged.showVariationId,
    mandatorySettingHint: merged.mandatorySettingHint, approveRequired: merged.approveRequired,
  };
  if (!merged.reasonRequired) {
    body.reasonRequiredEnvironments = Object.entries({ ...live.reasonRequiredEnvironments, ...desired.reasonRequiredEnvironments })
      .map(([environmentId, reasonRequired]) => ({ environmentId, reasonRequired }));
  }
  if (!merged.approveRequired) {
    body.approveRequiredEnvironments = Object.entries({ ...live.approveRequiredEnvironments, ...desired.approveRequiredEnvironments })
      .map(([environmentId, approveRequired]) => ({ environmentId, approveRequired }));
  }
  return body;
}

/** Reads the live preferences and writes them only when they differ from `desired` (so adopting them sends no write). */
async function converge(client: ConfigCatClient, productId: string, desired: Partial<PreferenceFields>): Promise<PreferenceFields> {
  const live = fromLive(await client.preferences.get(productId));
  if (changedFields(desired, live).length === 0) return live;
  // A POST is not replayed blindly: after an ambiguous failure, the write took effect if the preferences now read as desired.
  const settled = async () => {
    const now = await client.preferences.get(productId);
    return changedFields(desired, fromLive(now)).length === 0 ? now : undefined;
  };
  return fromLive(await client.preferences.update(productId, bodyFor(desired, live), settled));
}

const outputsFrom = (fields: PreferenceFields, i: { productId: string; deletionPolicy?: ProductPreferencesDeletionPolicy }): ProductPreferencesOutputs =>
  ({ productId: i.productId, deletionPolicy: i.deletionPolicy ?? "retain", ...fields });

const desiredOf = (i: ProductPreferencesInputs): Partial<PreferenceFields> => {
  const { productId: _p, deletionPolicy: _d, ...fields } = i;
  return fields;
};

/** The product-preferences provider, run in the engine's provider process. @internal */
export const productPreferencesProvider = {
  async check(_olds: unknown, news: Record<string, unknown>) {
    const result = checkInputs(productPreferencesSchema, news);
    if (!result.ok) return { failures: engineFailures(result.failures) };
    return { inputs: withoutUndefined({ deletionPolicy: "retain", ...(result.value as object) }) };
  },

  async diff(_id: string, olds: ProductPreferencesOutputs, news: ProductPreferencesInputs): Promise<pulumi.dynamic.DiffResult> {
    const replaces = containsUnknown(news.productId) || news.productId !== olds.productId ? ["productId"] : [];
    const changed = changedFields(desiredOf(news), olds);
    return { changes: replaces.length > 0 || changed.length > 0 || news.deletionPolicy !== olds.deletionPolicy, replaces };
  },

  async create(inputs: ProductPreferencesInputs) {
    try {
      const fields = await converge(clientFor(), inputs.productId, desiredOf(inputs));
      return { id: inputs.productId, outs: outputsFrom(fields, inputs) };
    } catch (e) {
      throw new Error(describeFailure(`writing the preferences of product ${inputs.productId}`, e));
    }
  },

  async read(id: string, props: ProductPreferencesOutputs) {
    try {
      let live: Preferences;
      try {
        live = await clientFor().preferences.get(props.productId);
      } catch (e) {
        if (isNotFound(e)) return { id: "" };
        throw e;
      }
      return { id, props: outputsFrom(fromLive(live), props) };
    } catch (e) {
      throw new Error(describeFailure(`reading the preferences of product ${props.productId}`, e));
    }
  },

  async update(_id: string, _olds: ProductPreferencesOutputs, news: ProductPreferencesInputs) {
    try {
      const fields = await converge(clientFor(), news.productId, desiredOf(news));
      return { outs: outputsFrom(fields, news) };
    } catch (e) {
      throw new Error(describeFailure(`writing the preferences of product ${news.productId}`, e));
    }
  },

  async delete(_id: string, props: ProductPreferencesOutputs) {
    if (props.deletionPolicy !== "reset") return;
    try {
      const client = clientFor();
      const live = fromLive(await client.preferences.get(props.productId));
      const off = (m: Record<string, boolean>) => Object.fromEntries(Object.keys(m).map((env) => [env, false]));
      await converge(client, props.productId, {
        ...DEFAULTS, reasonRequiredEnvironments: off(live.reasonRequiredEnvironments), approveRequiredEnvironments: off(live.approveRequiredEnvironments),
      });
    } catch (e) {
      // The product is gone, and its preferences with it.
      if (isNotFound(e)) return;
      throw new Error(describeFailure(`resetting the preferences of product ${props.productId}`, e));
    }
  },
};
