import { z } from "zod";
import type { ValueWriteOptions } from "./client";
import type { Requester } from "./requester";
import { ROUTES } from "./routes";
import { SETTING_TYPES } from "./setting-types";

const served = z.union([z.boolean(), z.string(), z.number()]);

/** `RolloutRuleModel` (V1): a user comparison or a segment; unused members are `null`. */
export const RolloutRuleSchema = z.object({
  comparisonAttribute: z.string().nullable().optional().transform((v) => v ?? null),
  comparator: z.string().nullable().optional().transform((v) => v ?? null),
  comparisonValue: z.string().nullable().optional().transform((v) => v ?? null),
  segmentId: z.string().nullable().optional().transform((v) => v ?? null),
  segmentComparator: z.string().nullable().optional().transform((v) => v ?? null),
  value: served,
});
/** A V1 rollout rule. */
export type RolloutRuleModel = z.output<typeof RolloutRuleSchema>;

/** `SettingValueModel` / `ConfigSettingValueModel` (V1 value of one flag in one environment). */
export const SettingValueV1Schema = z.object({
  setting: z.object({ settingId: z.number(), key: z.string(), settingType: z.enum(SETTING_TYPES) }),
  updatedAt: z.string().nullable().optional().transform((v) => v ?? null),
  value: served,
  rolloutRules: z.array(RolloutRuleSchema).nullable().optional().transform((v) => v ?? []),
  rolloutPercentageItems: z.array(z.object({ percentage: z.number(), value: served })).nullable().optional().transform((v) => v ?? []),
});
/** A V1 value. */
export type SettingValueV1Model = z.output<typeof SettingValueV1Schema>;

/** `ConfigSettingValuesModel` (every V1 value of a config in one environment). */
export const ConfigSettingValuesV1Schema = z.object({ settingValues: z.array(SettingValueV1Schema) });

/** `UpdateSettingValueModel` (V1, a full replace: omitted rules and items are cleared). */
export interface SettingValueV1Body {
  value: boolean | string | number;
  rolloutRules: {
    comparisonAttribute: string | null; comparator: string | null; comparisonValue: string | null;
    segmentId: string | null; segmentComparator: string | null; value: boolean | string | number;
  }[];
  rolloutPercentageItems: { percentage: number; value: boolean | string | number }[];
}

/** Operations on V1 values. */
export interface ValuesV1Api {
  /** `GET /v1/environments/{environmentId}/settings/{settingId}/value`. */
  get(environmentId: string, settingId: number): Promise<SettingValueV1Model>;
  /** `PUT` the same path: a full replace (replayable). V1 value writes take only `reason` (no approval, no version guard). */
  replace(environmentId: string, settingId: number, body: SettingValueV1Body, options?: Pick<ValueWriteOptions, "reason">): Promise<SettingValueV1Model>;
  /** `GET /v1/configs/{configId}/environments/{environmentId}/values`: every flag's value in that environment. */
  list(configId: string, environmentId: string): Promise<SettingValueV1Model[]>;
}

/** @internal */
export function valuesV1Endpoints(http: Requester): ValuesV1Api {
  return {
    get: (environmentId, settingId) => http.json({ what: "get flag value (V1)", method: "GET", route: ROUTES.valueV1, params: { environmentId, settingId } }, SettingValueV1Schema),
    replace: (environmentId, settingId, body, o = {}) => http.json({
      what: "replace flag value (V1)", method: "PUT", route: ROUTES.valueV1, params: { environmentId, settingId }, body, query: { reason: o.reason || undefined },
    }, SettingValueV1Schema),
    list: async (configId, environmentId) =>
      (await http.json({ what: "list flag values (V1)", method: "GET", route: ROUTES.valuesV1, params: { configId, environmentId } }, ConfigSettingValuesV1Schema)).settingValues,
  };
}
