import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "../../core/dynamic/dynamic-provider";
import type { SettingType } from "../api/setting-types";

/** A served value: typed by the flag's `settingType`. */
export type Served = boolean | string | number;

/** One item of a list comparison value: a plain string, or with a hint shown in the Dashboard. */
export type ListItem = string | { value: string; hint?: string | null };

/** A condition, exactly one kind. */
export type Condition =
  | { user: { attribute: string; comparator: string; comparisonValue: string | number | ListItem[] } }
  | { segment: { segmentId: string; comparator: "isIn" | "isNotIn" } }
  | { prerequisite: { settingId: number; comparator: "equals" | "doesNotEqual"; value: Served } };

/** A percentage option. */
export interface PercentageOption {
  percentage: number;
  value: Served;
}

/** A targeting rule: AND-ed conditions, then a value or percentage options. */
export interface TargetingRule {
  conditions: Condition[];
  value?: Served;
  percentageOptions?: PercentageOption[];
}

/**
 * A {@link Condition} as an argument: any field may be another resource's output (e.g. `segmentId: staff.id`,
 * `settingId: flag.settingId`), resolved before the provider sees it.
 */
export type ConditionArgs =
  | { user: pulumi.Input<{ attribute: pulumi.Input<string>; comparator: pulumi.Input<string>; comparisonValue: pulumi.Input<string | number | pulumi.Input<ListItem>[]> }> }
  | { segment: pulumi.Input<{ segmentId: pulumi.Input<string>; comparator: pulumi.Input<"isIn" | "isNotIn"> }> }
  | { prerequisite: pulumi.Input<{ settingId: pulumi.Input<number>; comparator: pulumi.Input<"equals" | "doesNotEqual">; value: pulumi.Input<Served> }> };

/** A {@link PercentageOption} as an argument. */
export interface PercentageOptionArgs {
  /** Share of the users, 0–100; the options of one split add up to 100. */
  percentage: pulumi.Input<number>;
  /** Served to that share, typed by the flag's `settingType`. */
  value: pulumi.Input<Served>;
}

/** A {@link TargetingRule} as an argument. */
export interface TargetingRuleArgs {
  /** At least one condition; AND-ed, their order does not matter. */
  conditions: pulumi.Input<pulumi.Input<ConditionArgs>[]>;
  /** Served when every condition holds (or give `percentageOptions`). */
  value?: pulumi.Input<Served>;
  /** Split served when every condition holds (or give `value`). */
  percentageOptions?: pulumi.Input<pulumi.Input<PercentageOptionArgs>[]>;
}

/**
 * What happens to the served value when a `SettingValue` is deleted from the program.
 * - `retain` (default): nothing is sent; users keep being served what they are served now (deleting targeting from a
 *   program must not flip production traffic).
 * - `reset`: the flag's type default (`false`, `""`, `0`) with no targeting rules is written.
 */
export type SettingValueDeletionPolicy = "retain" | "reset";

/** Arguments of a {@link SettingValue}. Unset served-value fields are not managed: never sent, never compared. */
export interface SettingValueArgs {
  /** Environment id (uuid). Changing it replaces the resource. */
  environmentId: pulumi.Input<string>;
  /**
   * Flag id: `setting.settingId` or `setting.id` (its string form). Both stay known while the flag is updated in place,
   * so a preview of a flag edit does not show its values being replaced. Changing it replaces the resource.
   */
  settingId: pulumi.Input<number | string>;
  /** Served to everyone no rule matches, typed by the flag's `settingType` (int: int32; double: finite). */
  value?: pulumi.Input<Served>;
  /**
   * Targeting rules in evaluation order (the first match wins; reordering is a change). Each has ≥ 1 condition,
   * AND-ed (their order does not matter), and serves a `value` or `percentageOptions`.
   */
  targetingRules?: pulumi.Input<pulumi.Input<TargetingRuleArgs>[]>;
  /** Percentage options for everyone no rule matches (percentages 0–100 adding up to 100), in order. */
  percentageOptions?: pulumi.Input<pulumi.Input<PercentageOptionArgs>[]>;
  /** The user attribute percentage options split by. ConfigCat uses `Identifier` when unset. */
  percentageEvaluationAttribute?: pulumi.Input<string>;
  /**
   * Write the served-value fields at creation only; afterwards they are still read (outputs show the live values)
   * but never compared or written, so the Dashboard owns them.
   * @default false
   */
  initOnly?: pulumi.Input<boolean>;
  /** The note sent with every write (`?reason=`), for products that require one. Not compared. @default configcat:defaultReason */
  reason?: pulumi.Input<string>;
  /** Bypass approval where the product or environment requires it (`?bypassApproval=true`). @default false */
  bypassApproval?: pulumi.Input<boolean>;
  /** The flag's type, usually `setting.settingType`: when known at preview, every value is checked against it before any request. */
  settingType?: pulumi.Input<SettingType>;
  /** See {@link SettingValueDeletionPolicy}. @default "retain" */
  deletionPolicy?: pulumi.Input<SettingValueDeletionPolicy>;
}

/**
 * The served value and targeting of a flag in one environment (V2 configs). It always exists in ConfigCat, so
 * creating it takes over the current value and writes only what differs from the program.
 *
 * Rules are compared in order; conditions within a rule, and list comparison values, as sets; numbers numerically.
 * Deleting it leaves what users are served untouched unless `deletionPolicy: "reset"`.
 *
 * @example
 * ```ts
 * new configcat.SettingValue("checkout-prod", {
 *   environmentId: prod.id, settingId: flag.id, settingType: flag.settingType, value: false,
 *   targetingRules: [{ conditions: [{ user: { attribute: "Email", comparator: "containsAnyOf", comparisonValue: ["@example.com"] } }], value: true }],
 *   percentageOptions: [{ percentage: 10, value: true }, { percentage: 90, value: false }],
 * });
 * ```
 * @see https://api.configcat.com/docs/#tag/Feature-Flag-and-Setting-values-V2
 */
export class SettingValue extends pulumi.dynamic.Resource {
  /** The environment id. */
  declare readonly environmentId: pulumi.Output<string>;
  /** The flag id. */
  declare readonly settingId: pulumi.Output<number>;
  /** The flag's config. */
  declare readonly configId: pulumi.Output<string>;
  /** The flag's type. */
  declare readonly settingType: pulumi.Output<SettingType>;
  /** Live default value. */
  declare readonly value: pulumi.Output<Served>;
  /** Live targeting rules, in the program's terms. */
  declare readonly targetingRules: pulumi.Output<TargetingRule[]>;
  /** Live flag-level percentage options. */
  declare readonly percentageOptions: pulumi.Output<PercentageOption[]>;
  /** Live attribute percentage options split by (`null`: `Identifier`). */
  declare readonly percentageEvaluationAttribute: pulumi.Output<string | null>;
  /** The live version id (what `configcat:guardConcurrentEdits` sends as `latestVersionId`). */
  declare readonly lastVersionId: pulumi.Output<string | null>;
  /** When it was last changed (ISO-8601). */
  declare readonly updatedAt: pulumi.Output<string | null>;
  /** Flags that use this one as a prerequisite in this environment. */
  declare readonly settingIdsWherePrerequisite: pulumi.Output<number[]>;

  /**
   * @param name - the resource's name in the stack.
   * @param args - the served value and targeting.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: SettingValueArgs, opts?: pulumi.CustomResourceOptions) {
    const outs = {
      configId: undefined, lastVersionId: undefined, updatedAt: undefined, settingIdsWherePrerequisite: undefined, value: undefined,
      targetingRules: undefined, percentageOptions: undefined, percentageEvaluationAttribute: undefined, settingType: undefined,
    };
    super(dynamicProvider("configcat-setting-value", require.resolve("../../dynamic/configcat-setting-value")), name, { ...outs, ...args }, opts, "configcat", "SettingValue");
  }
}
