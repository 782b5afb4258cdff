import type * as pulumi from "@pulumi/pulumi";
import { isNotFound, type ConfigCatClient, type SettingFormula, type SettingType } from "../api";
import { jsonEquals } from "../../core";
import { checkInputs, engineFailures, withoutUndefined } from "../../core/dynamic/check";
import { containsUnknown } from "../../core/dynamic/unknown";
import { configcatSettings } from "../config";
import { clientFor } from "./client-for";
import { describeFailure } from "./errors";
import { changedFormulaFields, fitsType, formulaFromWire, formulaToWire, type FormulaFields, type TypeContext } from "./formula";
import { cachedLookup, invalidateCached } from "./live-cache";
import type { Condition, PercentageOption, Served, SettingValueDeletionPolicy, TargetingRule } from "./setting-value";
import { servedValues, settingValueSchema } from "./validation";

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

/** The flag's config and type, and that the config is V2 (the V2 value endpoints refuse V1 configs). */
async function resolveFlag(client: ConfigCatClient, settingId: number): Promise<{ configId: string; settingType: SettingType }> {
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

/**
 * Reads the live formula and writes the program's fields when they differ — a full replace (`PUT`) carrying the live
 * values of the unmanaged fields. Nothing is sent when the live formula already matches, so adopting or importing
 * a flag's values sends no write.
 */
async function converge(client: ConfigCatClient, inputs: SettingValueInputs, flag: { configId: string; settingType: SettingType }, guardVersion?: string | null): Promise<SettingFormula> {
  const misfit = servedValues(inputs).find((v) => !fitsType(flag.settingType, v.value));
  if (misfit) throw new Error(`${misfit.path.join(".")} must fit the flag's settingType ${flag.settingType}, got ${JSON.stringify(misfit.value)}`);
  if (inputs.settingType !== undefined && inputs.settingType !== flag.settingType) {
    throw new Error(`settingType is ${inputs.settingType}, but flag ${inputs.settingId} is a ${flag.settingType} flag`);
  }
  const live = await client.values.get(inputs.environmentId, inputs.settingId);
  let types = new Map<number, SettingType>();
  if (hasPrerequisites(inputs.targetingRules)) types = new Map((await client.settings.list(flag.configId)).map((s) => [s.settingId, s.settingType]));
  const ctx: TypeContext = { settingType: flag.settingType, typeOf: (id) => types.get(id) };
  const liveFields = formulaFromWire(live, ctx);
  if (changedFormulaFields(inputs, liveFields).length === 0) return live;
  invalidateCached("values", `${flag.configId}|${inputs.environmentId}`);
  const settings = configcatSettings();
  return client.values.replace(inputs.environmentId, inputs.settingId, formulaToWire(inputs, liveFields, ctx), {
    reason: inputs.reason ?? settings.defaultReason,
    bypassApproval: inputs.bypassApproval,
    latestVersionId: settings.guardConcurrentEdits ? (guardVersion ?? undefined) : undefined,
  });
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
      const client = clientFor();
      const flag = await resolveFlag(client, inputs.settingId);
      const formula = await converge(client, inputs, flag);
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
        formula = (await cachedLookup("values", `${props.configId}|${props.environmentId}`, String(props.settingId),
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
      const client = clientFor();
      const flag = { configId: olds.configId, settingType: olds.settingType };
      if (news.initOnly) {
        const live = await client.values.get(news.environmentId, news.settingId);
        return { outs: outputsFrom(live, flag.configId, flag.settingType, news) };
      }
      const formula = await converge(client, news, flag, olds.lastVersionId);
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
