import type * as pulumi from "@pulumi/pulumi";
import { isNotFound, type ConfigCatClient, type Setting as LiveSetting, type SettingFormula, type SettingType } from "../api";
import { jsonEquals } from "../../core";
import { checkInputs, engineFailures, withoutUndefined } from "../../core/dynamic/check";
import { containsUnknown } from "../../core/dynamic/unknown";
import { configcatSettings } from "../config";
import { clientFor } from "./client-for";
import { describeFailure } from "./errors";
import { changedFormulaFields, fitsType, formulaFromWire, formulaToWire, type FormulaFields, type TypeContext } from "./formula";
import { cachedList, cachedLookup, cacheWritten, findCached, invalidateCached, readBeforeWrite } from "./live-cache";
import type { Condition, PercentageOption, Served, SettingValueDeletionPolicy, TargetingRule } from "./setting-value";
import { servedValues, settingValueSchema } from "./validation";
import { claimValue } from "./takeover";
import { flagOfType } from "../api/setting-types";

/** A `SettingValue`'s inputs after `check`. @internal */
export interface SettingValueInputs extends FormulaFields {
  environmentId: string;
  settingId: number;
  initOnly: boolean;
  reason?: string;
  bypassApproval?: boolean;
  settingType?: SettingType;
  deletionPolicy: SettingValueDeletionPolicy;
}

/** A `SettingValue` as recorded in state. @internal */
export interface SettingValueOutputs {
  environmentId: string;
  settingId: number;
  configId: string;
  settingType: SettingType;
  value: Served;
  targetingRules: TargetingRule[];
  percentageOptions: PercentageOption[];
  percentageEvaluationAttribute: string | null;
  lastVersionId: string | null;
  updatedAt: string | null;
  settingIdsWherePrerequisite: number[];
  initOnly: boolean;
  deletionPolicy: string;
  reason?: string;
  bypassApproval?: boolean;
}

const servedFields = ["value", "targetingRules", "percentageOptions", "percentageEvaluationAttribute"] as const;

function outputsFrom(f: SettingFormula, configId: string, settingType: SettingType, inputs: SettingValueInputs | SettingValueOutputs): SettingValueOutputs {
  const live = formulaFromWire(f, { settingType, typeOf: () => undefined });
  return withoutUndefined({
    environmentId: inputs.environmentId, settingId: Number(inputs.settingId), configId, settingType, ...live,
    lastVersionId: f.lastVersionId, updatedAt: f.updatedAt, settingIdsWherePrerequisite: f.settingIdsWherePrerequisite,
    initOnly: inputs.initOnly === true, deletionPolicy: inputs.deletionPolicy ?? "retain", reason: inputs.reason, bypassApproval: inputs.bypassApproval,
  });
}

/** A value's flag: its config and type. */
type Flag = { configId: string; settingType: SettingType };

/** The flag's config and type, and that the config is V2 (the V2 value endpoints refuse V1 configs). */
async function resolveFlag(client: ConfigCatClient, settingId: number): Promise<Flag> {
  const setting = await client.settings.get(settingId);
  const config = await client.configs.get(setting.configId);
  if (config.evaluationVersion !== "v2") {
    throw new Error(`config '${config.name}' (${config.configId}) of flag '${setting.key}' is ${config.evaluationVersion}; SettingValue manages V2 configs only`);
  }
  return { configId: setting.configId, settingType: setting.settingType };
}

function hasPrerequisites(rules: TargetingRule[] | undefined): boolean {
  return (rules ?? []).some((r) => r.conditions.some((c: Condition) => "prerequisite" in c));
}

const valuesKey = (configId: string, environmentId: string) => `${configId}|${environmentId}`;

/**
 * The live value and its flag, with as few requests as the run allows: the flag from a flag list this run already
 * holds (the `Setting` create or refresh put it there), the value from the config × environment value list (shared by
 * the writes of a batch); else one GET of the value, whose response names the flag's type and its config. A V2 value
 * endpoint refuses V1 configs, so a value read at all means a V2 config; when the read fails, the flag and config are
 * read to say why (flag gone, or a V1 config).
 * @param known - the flag when state already records it.
 */
async function liveValue(client: ConfigCatClient, environmentId: string, settingId: number, known?: Flag): Promise<{ live: SettingFormula; flag: Flag }> {
  const flag = known ?? findCached<LiveSetting>("settings", String(settingId));
  if (flag) {
    const listed = await readBeforeWrite("values", valuesKey(flag.configId, environmentId), String(settingId),
      () => client.values.list(flag.configId, environmentId), (f) => String(f.setting.settingId));
    if (listed) return { live: listed, flag: { configId: flag.configId, settingType: listed.setting.settingType } };
  }
  let live;
  try {
    live = await client.values.get(environmentId, settingId);
  } catch (e) {
    if (!known) await resolveFlag(client, settingId);
    throw e;
  }
  const configId = live.config?.configId ?? flag?.configId;
  if (configId === undefined || live.config?.evaluationVersion === "v1") return { live, flag: await resolveFlag(client, settingId) };
  return { live, flag: { configId, settingType: live.setting.settingType } };
}

/** Each flag's type by id, for prerequisite conditions: from this run's flag list when it has every one, else a fresh list. */
async function flagTypes(client: ConfigCatClient, configId: string, rules: TargetingRule[] | undefined): Promise<Map<number, SettingType>> {
  const ids = (rules ?? []).flatMap((r) => r.conditions.flatMap((c: Condition) => ("prerequisite" in c ? [String(c.prerequisite.settingId)] : [])));
  const list = () => client.settings.list(configId);
  const cached = await cachedList("settings", configId, list, (s) => String(s.settingId));
  const all = cached && ids.every((id) => cached.has(id)) ? [...cached.values()] : await list();
  return new Map(all.map((s) => [s.settingId, s.settingType]));
}

/**
 * Reads the live formula and writes the program's fields when they differ — a full replace (`PUT`) carrying the live
 * values of the unmanaged fields. Nothing is sent when the live formula already matches, so adopting or importing
 * a flag's values sends no write.
 * @param known - the flag when state already records it.
 */
async function converge(client: ConfigCatClient, inputs: SettingValueInputs, known?: Flag, guardVersion?: string | null): Promise<{ formula: SettingFormula; flag: Flag }> {
  const { live, flag } = await liveValue(client, inputs.environmentId, Number(inputs.settingId), known);
  const misfit = servedValues(inputs).find((v) => !fitsType(flag.settingType, v.value));
  if (misfit) throw new Error(`${misfit.path.join(".")} must fit the flag's settingType ${flag.settingType}, got ${JSON.stringify(misfit.value)}`);
  if (inputs.settingType !== undefined && inputs.settingType !== flag.settingType) {
    throw new Error(`settingType is ${inputs.settingType}, but flag ${inputs.settingId} is ${flagOfType(flag.settingType)}`);
  }
  const types = hasPrerequisites(inputs.targetingRules) ? await flagTypes(client, flag.configId, inputs.targetingRules) : new Map<number, SettingType>();
  const ctx: TypeContext = { settingType: flag.settingType, typeOf: (id) => types.get(id) };
  const liveFields = formulaFromWire(live, ctx);
  if (changedFormulaFields(inputs, liveFields).length === 0) return { formula: live, flag };
  const key = valuesKey(flag.configId, inputs.environmentId);
  // A prerequisite added or removed changes other flags' `settingIdsWherePrerequisite` too: drop the list then.
  const prerequisites = hasPrerequisites(inputs.targetingRules) || hasPrerequisites(liveFields.targetingRules);
  if (prerequisites) invalidateCached("values", key);
  const settings = configcatSettings();
  const body = formulaToWire(inputs, liveFields, ctx);
  const options = {
    reason: inputs.reason ?? settings.defaultReason,
    bypassApproval: inputs.bypassApproval,
    latestVersionId: settings.guardConcurrentEdits ? (guardVersion ?? undefined) : undefined,
  };
  // Batched, the write shares one bulk POST with the other values of this config × environment written now (an `up`
  // of many flags); a write with `latestVersionId` is sent alone either way.
  const formula = settings.batchValueWrites
    ? await client.values.replaceBatched(flag.configId, inputs.environmentId, inputs.settingId, body, options)
    : await client.values.replace(inputs.environmentId, inputs.settingId, body, options);
  if (!prerequisites) cacheWritten("values", key, String(inputs.settingId), formula);
  return { formula, flag };
}

const label = (i: { environmentId: string; settingId: number | string }) => `the value of flag ${i.settingId} in environment ${i.environmentId}`;

/** The setting-value provider, run in the engine's provider process. @internal */
export const settingValueProvider = {
  async check(_olds: unknown, news: Record<string, unknown>) {
    const result = checkInputs(settingValueSchema, news);
    if (!result.ok) return { failures: engineFailures(result.failures) };
    return { inputs: withoutUndefined({ initOnly: false, deletionPolicy: "retain", ...(result.value as object) }) };
  },

  async diff(_id: string, olds: SettingValueOutputs, news: SettingValueInputs): Promise<pulumi.dynamic.DiffResult> {
    const replaces = (["environmentId", "settingId"] as const).filter((f) => containsUnknown(news[f]) || String(news[f]) !== String(olds[f]));
    const served = news.initOnly
      ? []
      : servedFields.some((f) => containsUnknown(news[f])) ? ["value"] : changedFormulaFields(news, olds);
    const options = (["initOnly", "deletionPolicy", "bypassApproval"] as const).some((f) => !jsonEquals(news[f], olds[f]));
    return { changes: replaces.length > 0 || served.length > 0 || options, replaces: [...replaces] };
  },

  async create(inputs: SettingValueInputs) {
    try {
      claimValue("SettingValue", inputs.environmentId, inputs.settingId);
      const { formula, flag } = await converge(clientFor(), inputs);
      return { id: `${inputs.environmentId}:${inputs.settingId}`, outs: outputsFrom(formula, flag.configId, flag.settingType, inputs) };
    } catch (e) {
      throw new Error(describeFailure(`writing ${label(inputs)}`, e));
    }
  },

  async read(id: string, props: SettingValueOutputs) {
    try {
      const client = clientFor();
      let formula: SettingFormula;
      try {
        formula = (await cachedLookup("values", valuesKey(props.configId, props.environmentId), String(props.settingId),
          () => client.values.list(props.configId, props.environmentId), (f) => String(f.setting.settingId)))
          ?? (await client.values.get(props.environmentId, props.settingId));
      } catch (e) {
        // The flag, the environment or the config is gone.
        if (isNotFound(e)) return { id: "" };
        throw e;
      }
      return { id, props: outputsFrom(formula, props.configId, props.settingType, props) };
    } catch (e) {
      throw new Error(describeFailure(`reading ${label(props)}`, e));
    }
  },

  async update(_id: string, olds: SettingValueOutputs, news: SettingValueInputs) {
    try {
      claimValue("SettingValue", news.environmentId, news.settingId);
      const client = clientFor();
      const known = { configId: olds.configId, settingType: olds.settingType };
      if (news.initOnly) {
        const { live, flag } = await liveValue(client, news.environmentId, Number(news.settingId), known);
        return { outs: outputsFrom(live, flag.configId, flag.settingType, news) };
      }
      const { formula, flag } = await converge(client, news, known, olds.lastVersionId);
      return { outs: outputsFrom(formula, flag.configId, flag.settingType, news) };
    } catch (e) {
      throw new Error(describeFailure(`writing ${label(olds)}`, e));
    }
  },

  async delete(_id: string, props: SettingValueOutputs) {
    if (props.deletionPolicy !== "reset") return;
    try {
      const client = clientFor();
      const reset: SettingValueInputs = {
        environmentId: props.environmentId, settingId: props.settingId, initOnly: false, deletionPolicy: "reset", reason: props.reason,
        bypassApproval: props.bypassApproval, value: props.settingType === "boolean" ? false : props.settingType === "string" ? "" : 0,
        targetingRules: [], percentageOptions: [],
      };
      await converge(client, reset, { configId: props.configId, settingType: props.settingType });
    } catch (e) {
      if (isNotFound(e)) return;
      throw new Error(describeFailure(`resetting ${label(props)}`, e));
    }
  },
};
