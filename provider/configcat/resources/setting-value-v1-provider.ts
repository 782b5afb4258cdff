import type * as pulumi from "@pulumi/pulumi";
import { isNotFound, type ConfigCatClient, type RolloutRuleModel, type SettingType, type SettingValueV1Body, type SettingValueV1Model } from "../api";
import { V1_LIST_COMPARATORS } from "../api/comparators";
import { jsonEquals } from "../../core";
import { checkInputs, engineFailures, withoutUndefined } from "../../core/dynamic/check";
import { containsUnknown } from "../../core/dynamic/unknown";
import { configcatSettings } from "../config";
import { clientFor } from "./client-for";
import { describeFailure } from "./errors";
import { fitsType } from "./formula";
import { cachedLookup, invalidateCached } from "./live-cache";
import type { Served } from "./setting-value";
import type { PercentageItem, RolloutRule } from "./setting-value-v1";
import { servedValuesV1, settingValueV1Schema } from "./validation";
import { claimValue } from "./takeover";
import { flagOfType } from "../api/setting-types";

/** The served-value fields of a `SettingValueV1`. */
interface V1Fields {
  value?: Served;
  rolloutRules?: RolloutRule[];
  percentageItems?: PercentageItem[];
}

/** A `SettingValueV1`'s inputs after `check`. @internal */
export interface SettingValueV1Inputs extends V1Fields {
  environmentId: string;
  settingId: number;
  initOnly: boolean;
  reason?: string;
  settingType?: SettingType;
  deletionPolicy: "retain" | "reset";
}

/** A `SettingValueV1` as recorded in state. @internal */
export interface SettingValueV1Outputs extends Required<V1Fields> {
  environmentId: string;
  settingId: number;
  configId: string;
  settingType: SettingType;
  updatedAt: string | null;
  initOnly: boolean;
  deletionPolicy: "retain" | "reset";
  reason?: string;
}

const SERVED = ["value", "rolloutRules", "percentageItems"] as const;
const isList = (comparator: string) => (V1_LIST_COMPARATORS as readonly string[]).includes(comparator);
const splitList = (s: string) => s.split(",").map((x) => x.trim()).filter((x) => x !== "");

/** The live V1 value in the program's terms; list comparison values become lists. */
function fromWire(v: Pick<SettingValueV1Model, "value" | "rolloutRules" | "rolloutPercentageItems">): Required<V1Fields> {
  return {
    value: v.value,
    rolloutRules: v.rolloutRules.map((r: RolloutRuleModel): RolloutRule =>
      r.segmentId !== null
        ? { segmentId: r.segmentId, segmentComparator: r.segmentComparator as "isIn", value: r.value }
        : {
          attribute: r.comparisonAttribute ?? "", comparator: (r.comparator ?? "isOneOf") as "isOneOf",
          comparisonValue: isList(r.comparator ?? "") ? splitList(r.comparisonValue ?? "") : (r.comparisonValue ?? ""), value: r.value,
        }),
    percentageItems: v.rolloutPercentageItems.map((i) => ({ percentage: i.percentage, value: i.value })),
  };
}

/** The full `UpdateSettingValueModel`: the program's fields, unset ones as they are live (a V1 `PUT` clears what it omits). */
function toWire(desired: V1Fields, live: Required<V1Fields>): SettingValueV1Body {
  return {
    value: desired.value ?? live.value,
    rolloutRules: (desired.rolloutRules ?? live.rolloutRules).map((r) =>
      "segmentId" in r
        ? { comparisonAttribute: null, comparator: null, comparisonValue: null, segmentId: r.segmentId, segmentComparator: r.segmentComparator, value: r.value }
        : {
          comparisonAttribute: r.attribute, comparator: r.comparator, segmentId: null, segmentComparator: null, value: r.value,
          comparisonValue: Array.isArray(r.comparisonValue) ? r.comparisonValue.map((x) => x.trim()).join(",") : String(r.comparisonValue),
        }),
    rolloutPercentageItems: (desired.percentageItems ?? live.percentageItems).map((i) => ({ percentage: i.percentage, value: i.value })),
  };
}

/** A rule in a form where rules that evaluate alike print alike: list items trimmed and sorted, numbers as text. */
function canonicalRule(r: RolloutRule): string {
  if ("segmentId" in r) return JSON.stringify([r.segmentId.toLowerCase(), r.segmentComparator, r.value]);
  const v = r.comparisonValue;
  const cv = isList(r.comparator) ? (Array.isArray(v) ? v.map((x) => x.trim()) : splitList(String(v))).sort() : String(v).trim();
  return JSON.stringify([r.attribute, r.comparator, cv, r.value]);
}

/** The served-value fields the program sets that differ from `live` (empty: nothing to write). */
function changedFields(desired: V1Fields, live: Required<V1Fields>): string[] {
  const out: string[] = [];
  if (desired.value !== undefined && !jsonEquals(desired.value, live.value)) out.push("value");
  if (desired.rolloutRules !== undefined && !jsonEquals(desired.rolloutRules.map(canonicalRule), (live.rolloutRules ?? []).map(canonicalRule))) out.push("rolloutRules");
  if (desired.percentageItems !== undefined && !jsonEquals(desired.percentageItems.map((i) => [i.percentage, i.value]), (live.percentageItems ?? []).map((i) => [i.percentage, i.value]))) {
    out.push("percentageItems");
  }
  return out;
}

function outputsFrom(v: SettingValueV1Model, flag: { configId: string; settingType: SettingType }, i: SettingValueV1Inputs | SettingValueV1Outputs): SettingValueV1Outputs {
  return withoutUndefined({
    environmentId: i.environmentId, settingId: Number(i.settingId), configId: flag.configId, settingType: flag.settingType, ...fromWire(v),
    updatedAt: v.updatedAt, initOnly: i.initOnly === true, deletionPolicy: i.deletionPolicy ?? "retain", reason: i.reason,
  });
}

/** The flag's config and type, and that the config is V1 (V1 value endpoints are for V1 configs). */
async function resolveFlag(client: ConfigCatClient, settingId: number): Promise<{ configId: string; settingType: SettingType }> {
  const setting = await client.settings.get(settingId);
  const config = await client.configs.get(setting.configId);
  if (config.evaluationVersion !== "v1") {
    throw new Error(`config '${config.name}' (${config.configId}) of flag '${setting.key}' is ${config.evaluationVersion}; SettingValueV1 manages V1 configs only, use configcat.SettingValue`);
  }
  return { configId: setting.configId, settingType: setting.settingType };
}

/** Reads the live value and writes the program's fields (one full-replace `PUT`) only when they differ. */
async function converge(client: ConfigCatClient, inputs: SettingValueV1Inputs, flag: { configId: string; settingType: SettingType }): Promise<SettingValueV1Model> {
  if (inputs.settingType !== undefined && inputs.settingType !== flag.settingType) {
    throw new Error(`settingType is ${inputs.settingType}, but flag ${inputs.settingId} is ${flagOfType(flag.settingType)}`);
  }
  const misfit = servedValuesV1(inputs).find((v) => !fitsType(flag.settingType, v.value));
  if (misfit) throw new Error(`${misfit.path.join(".")} must fit the flag's settingType ${flag.settingType}, got ${JSON.stringify(misfit.value)}`);
  const live = await client.valuesV1.get(inputs.environmentId, inputs.settingId);
  const liveFields = fromWire(live);
  if (changedFields(inputs, liveFields).length === 0) return live;
  invalidateCached("valuesV1", `${flag.configId}|${inputs.environmentId}`);
  return client.valuesV1.replace(inputs.environmentId, inputs.settingId, toWire(inputs, liveFields), { reason: inputs.reason ?? configcatSettings().defaultReason });
}

const label = (i: { environmentId: string; settingId: number | string }) => `the V1 value of flag ${i.settingId} in environment ${i.environmentId}`;

/** The V1 setting-value provider, run in the engine's provider process. @internal */
export const settingValueV1Provider = {
  async check(_olds: unknown, news: Record<string, unknown>) {
    const result = checkInputs(settingValueV1Schema, news);
    if (!result.ok) return { failures: engineFailures(result.failures) };
    return { inputs: withoutUndefined({ initOnly: false, deletionPolicy: "retain", ...(result.value as object) }) };
  },

  async diff(_id: string, olds: SettingValueV1Outputs, news: SettingValueV1Inputs): Promise<pulumi.dynamic.DiffResult> {
    const replaces = (["environmentId", "settingId"] as const).filter((f) => containsUnknown(news[f]) || String(news[f]) !== String(olds[f]));
    const served = news.initOnly ? [] : SERVED.some((f) => containsUnknown(news[f])) ? ["value"] : changedFields(news, olds);
    const options = (["initOnly", "deletionPolicy"] as const).some((f) => news[f] !== olds[f]);
    return { changes: replaces.length > 0 || served.length > 0 || options, replaces: [...replaces] };
  },

  async create(inputs: SettingValueV1Inputs) {
    try {
      claimValue("SettingValueV1", inputs.environmentId, inputs.settingId);
      const client = clientFor();
      const flag = await resolveFlag(client, inputs.settingId);
      const v = await converge(client, inputs, flag);
      return { id: `${inputs.environmentId}:${inputs.settingId}`, outs: outputsFrom(v, flag, inputs) };
    } catch (e) {
      throw new Error(describeFailure(`writing ${label(inputs)}`, e));
    }
  },

  async read(id: string, props: SettingValueV1Outputs) {
    try {
      const client = clientFor();
      let v: SettingValueV1Model;
      try {
        v = (await cachedLookup("valuesV1", `${props.configId}|${props.environmentId}`, String(props.settingId),
          () => client.valuesV1.list(props.configId, props.environmentId), (x) => String(x.setting.settingId)))
          ?? (await client.valuesV1.get(props.environmentId, props.settingId));
      } catch (e) {
        // The flag, the environment or the config is gone.
        if (isNotFound(e)) return { id: "" };
        throw e;
      }
      return { id, props: outputsFrom(v, props, props) };
    } catch (e) {
      throw new Error(describeFailure(`reading ${label(props)}`, e));
    }
  },

  async update(_id: string, olds: SettingValueV1Outputs, news: SettingValueV1Inputs) {
    try {
      claimValue("SettingValueV1", news.environmentId, news.settingId);
      const client = clientFor();
      const flag = { configId: olds.configId, settingType: olds.settingType };
      const v = news.initOnly ? await client.valuesV1.get(news.environmentId, news.settingId) : await converge(client, news, flag);
      return { outs: outputsFrom(v, flag, news) };
    } catch (e) {
      throw new Error(describeFailure(`writing ${label(olds)}`, e));
    }
  },

  async delete(_id: string, props: SettingValueV1Outputs) {
    if (props.deletionPolicy !== "reset") return;
    try {
      const value = props.settingType === "boolean" ? false : props.settingType === "string" ? "" : 0;
      await converge(clientFor(), { ...props, initOnly: false, value, rolloutRules: [], percentageItems: [] }, props);
    } catch (e) {
      if (isNotFound(e)) return;
      throw new Error(describeFailure(`resetting ${label(props)}`, e));
    }
  },
};
