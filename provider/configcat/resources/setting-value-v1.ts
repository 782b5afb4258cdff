import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "../../core/dynamic/dynamic-provider";
import type { SettingType } from "../api/setting-types";
import type { Served } from "./setting-value";

/**
 * A V1 comparator (`RolloutRuleComparator`). `isOneOf`, `isNotOneOf`, `semVerIsOneOf`, `semVerIsNotOneOf`,
 * `sensitiveIsOneOf` and `sensitiveIsNotOneOf` take a list; `number*` a number; the others one string.
 */
export type RolloutRuleComparator =
  | "isOneOf" | "isNotOneOf" | "contains" | "doesNotContain" | "semVerIsOneOf" | "semVerIsNotOneOf" | "semVerLess" | "semVerLessOrEquals"
  | "semVerGreater" | "semVerGreaterOrEquals" | "numberEquals" | "numberDoesNotEqual" | "numberLess" | "numberLessOrEquals" | "numberGreater"
  | "numberGreaterOrEquals" | "sensitiveIsOneOf" | "sensitiveIsNotOneOf";

/**
 * A V1 rollout rule: one comparison of a user attribute, or a segment, and the value served when it matches.
 * List comparison values are `string[]` (ConfigCat stores them comma-separated; they are compared as a set of trimmed
 * items, so items must not contain commas).
 */
export type RolloutRule =
  | { attribute: string; comparator: RolloutRuleComparator; comparisonValue: string | number | string[]; value: Served }
  | { segmentId: string; segmentComparator: "isIn" | "isNotIn"; value: Served };

/** A V1 percentage item. */
export interface PercentageItem {
  /** Share of the users, 0–100 (whole number); the items add up to 100. */
  percentage: number;
  /** Served to that share, typed by the flag's `settingType`. */
  value: Served;
}

/** A {@link RolloutRule} as an argument: any field may be another resource's output (e.g. `segmentId: staff.id`). */
export type RolloutRuleArgs =
  | {
    /** The user attribute compared (`Identifier`, `Email`, `Country` or a custom one), 1–1000 characters. */
    attribute: pulumi.Input<string>;
    /** The comparator. */
    comparator: pulumi.Input<RolloutRuleComparator>;
    /** A string; a list for the `*IsOneOf`/`*IsNotOneOf` comparators; a number (or numeric string) for `number*`. At most 65535 characters joined. */
    comparisonValue: pulumi.Input<string | number | pulumi.Input<string>[]>;
    /** Served when the rule matches. */
    value: pulumi.Input<Served>;
  }
  | {
    /** A segment of the flag's product (`segment.id`). */
    segmentId: pulumi.Input<string>;
    /** `isIn` or `isNotIn`. */
    segmentComparator: pulumi.Input<"isIn" | "isNotIn">;
    /** Served when the rule matches. */
    value: pulumi.Input<Served>;
  };

/** A {@link PercentageItem} as an argument. */
export interface PercentageItemArgs {
  /** Share of the users, 0–100 (whole number); the items add up to 100. */
  percentage: pulumi.Input<number>;
  /** Served to that share, typed by the flag's `settingType`. */
  value: pulumi.Input<Served>;
}

/** Arguments of a {@link SettingValueV1}. Unset served-value fields are not managed: never sent (live values are sent back), never compared. */
export interface SettingValueV1Args {
  /** Environment id (uuid). Changing it replaces the resource. */
  environmentId: pulumi.Input<string>;
  /** Flag id (`setting.id` or `setting.settingId`) of a flag in a V1 config. Changing it replaces the resource. */
  settingId: pulumi.Input<number | string>;
  /** Served to everyone no rule or percentage item matches, typed by the flag's `settingType` (int: int32; double: finite). */
  value?: pulumi.Input<Served>;
  /** Rollout rules in evaluation order (the first match wins; reordering is a change). */
  rolloutRules?: pulumi.Input<pulumi.Input<RolloutRuleArgs>[]>;
  /** Percentage items for users no rule matches, in order (percentages 0–100 adding up to 100). ConfigCat's `rolloutPercentageItems`. */
  percentageItems?: pulumi.Input<pulumi.Input<PercentageItemArgs>[]>;
  /**
   * Write the served-value fields at creation only; afterwards they are still read (outputs show the live values)
   * but never compared or written.
   * @default false
   */
  initOnly?: pulumi.Input<boolean>;
  /** The note sent with every write (`?reason=`), for products that require one. Not compared. @default configcat:defaultReason */
  reason?: pulumi.Input<string>;
  /** The flag's type, usually `setting.settingType`: when known at preview, every value is checked against it before any request. */
  settingType?: pulumi.Input<SettingType>;
  /**
   * On delete: `retain` (default) sends nothing, users keep being served what they are served; `reset` writes the
   * type's default (`false`, `""`, `0`) with no rules or percentage items.
   * @default "retain"
   */
  deletionPolicy?: pulumi.Input<"retain" | "reset">;
}

/**
 * The served value, rollout rules and percentage items of a flag of a legacy V1 config in one environment (for V2
 * configs use `SettingValue`). It always exists in ConfigCat, so creating it takes over the current value and writes
 * (one full-replace `PUT`) only what differs from the program.
 *
 * Values are typed (not strings as in Terraform). Rules and percentage items are compared in order; list comparison
 * values as sets of trimmed items; numbers numerically.
 *
 * @example
 * ```ts
 * new configcat.SettingValueV1("legacy-prod", {
 *   environmentId: prod.id, settingId: legacyFlag.id, settingType: legacyFlag.settingType, value: false,
 *   rolloutRules: [{ attribute: "Email", comparator: "isOneOf", comparisonValue: ["a@example.com", "b@example.com"], value: true }],
 *   percentageItems: [{ percentage: 10, value: true }, { percentage: 90, value: false }],
 * });
 * ```
 * @see https://api.configcat.com/docs/#tag/Feature-Flag-and-Setting-values
 */
export class SettingValueV1 extends pulumi.dynamic.Resource {
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
  /** Live rollout rules (list comparison values as lists). */
  declare readonly rolloutRules: pulumi.Output<RolloutRule[]>;
  /** Live percentage items. */
  declare readonly percentageItems: pulumi.Output<PercentageItem[]>;
  /** When it was last changed (ISO-8601). */
  declare readonly updatedAt: pulumi.Output<string | null>;

  /**
   * @param name - the resource's name in the stack.
   * @param args - the served value and targeting.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: SettingValueV1Args, opts?: pulumi.CustomResourceOptions) {
    const outs = { configId: undefined, updatedAt: undefined, value: undefined, rolloutRules: undefined, percentageItems: undefined, settingType: undefined };
    super(dynamicProvider("configcat-setting-value-v1", require.resolve("../../dynamic/configcat-setting-value-v1")), name, { ...outs, ...args }, opts, "configcat", "SettingValueV1");
  }
}
