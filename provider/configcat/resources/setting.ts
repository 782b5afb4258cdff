import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "../../core/dynamic/dynamic-provider";
import { dynamicResourceUrn } from "../../core/dynamic/owner";
import { numericIdOutput } from "../../core/dynamic/id-output";
import type { SettingType } from "../api/setting-types";
import type { CommonArgs } from "./args";

/** Arguments of a {@link Setting}. Unset optional fields are not managed: never sent, never compared. */
export interface SettingArgs extends CommonArgs {
  /** Config id (uuid). Changing it replaces the flag. */
  configId: pulumi.Input<string>;
  /** Key SDKs use, 1–255 characters, unique in the config. Changing it replaces the flag. */
  key: pulumi.Input<string>;
  /**
   * `boolean`, `string`, `int` (int32) or `double`. Changing it replaces the flag; when the key stays, the old flag is
   * deleted first (ConfigCat refuses a second flag with the same key), so its values are gone until the new ones are written.
   * @default "boolean"
   */
  settingType?: pulumi.Input<SettingType>;
  /** Display name, 1–255 characters. The key is used at creation when unset. */
  name?: pulumi.Input<string>;
  /** Hint shown in the Dashboard, at most 1000 characters (required by products with "mandatory hint"). */
  hint?: pulumi.Input<string>;
  /** Display order (int32). */
  order?: pulumi.Input<number>;
  /** Whether string values must be JSON (`settingType: "string"` only). */
  isJson?: pulumi.Input<boolean>;
  /** Tag ids (`tag.tagId`), compared as a set; the flag carries exactly these. Not managed when unset. */
  tags?: pulumi.Input<pulumi.Input<number>[]>;
}

/**
 * A ConfigCat feature flag or setting. Its served value and targeting per environment are `SettingValue`s.
 *
 * Changing `configId`, `key` or `settingType` replaces it (a type change with the same key deletes the old flag
 * first). Other fields are updated by JSON Patch of the changed paths only, so fields the program leaves unset keep
 * what the Dashboard gives them. Deleting it deletes its values in every environment and frees the key.
 *
 * @example
 * ```ts
 * const flag = new configcat.Setting("checkout", { configId: config.id, key: "newCheckout", name: "New checkout", tags: [beta.tagId] });
 * ```
 * @see https://api.configcat.com/docs/#tag/Feature-Flags-and-Settings
 */
export class Setting extends pulumi.dynamic.Resource {
  /** The flag id (int32); the resource id is its string form. */
  declare readonly settingId: pulumi.Output<number>;
  /** The config id. */
  declare readonly configId: pulumi.Output<string>;
  /** The key SDKs use. */
  declare readonly key: pulumi.Output<string>;
  /** The flag's type. */
  declare readonly settingType: pulumi.Output<SettingType>;
  /** Live name. */
  declare readonly name: pulumi.Output<string>;
  /** Live hint (`null` when none). */
  declare readonly hint: pulumi.Output<string | null>;
  /** Live display order. */
  declare readonly order: pulumi.Output<number>;
  /** Whether string values must be JSON. */
  declare readonly isJson: pulumi.Output<boolean>;
  /**
   * Live tag ids, in attachment order, when this resource manages the flag's tags (`tags` set); otherwise
   * `undefined`: tags attached with {@link SettingTag} are reported by those resources, so that attaching one never
   * shows up as an output change of the flag on the next refresh.
   */
  declare readonly tags: pulumi.Output<number[] | undefined>;
  /** The config's name. */
  declare readonly configName: pulumi.Output<string>;
  /** When the flag was created (ISO-8601). */
  declare readonly createdAt: pulumi.Output<string | null>;

  /**
   * @param name - the resource's name in the stack.
   * @param args - the flag's desired configuration.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: SettingArgs, opts?: pulumi.CustomResourceOptions) {
    const outs = { settingId: undefined, configName: undefined, createdAt: undefined, name: undefined, hint: undefined, order: undefined, isJson: undefined, tags: undefined };
    super(dynamicProvider("configcat-setting", require.resolve("../../dynamic/configcat-setting")), name, { ...outs, ...args, owner: dynamicResourceUrn(name, "configcat", "Setting", opts) }, opts, "configcat", "Setting");
    // From the resource id, so it stays known in a preview of an in-place update (see numericIdOutput).
    this.settingId = numericIdOutput(this);
  }
}
