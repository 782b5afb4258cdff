import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "../../core/dynamic/dynamic-provider";
import { dynamicResourceUrn } from "../../core/dynamic/owner";
import type { CommonArgs } from "./args";

/** Arguments of a {@link SettingTag}. */
export interface SettingTagArgs extends CommonArgs {
  /**
   * Flag id (int32): `setting.settingId`, or `setting.id` (its string form). Changing it replaces the resource.
   * Must not be a flag whose `Setting` manages `tags` (that set is authoritative and would undo this resource).
   */
  settingId: pulumi.Input<number | string>;
  /** Tag id (int64): `tag.tagId`, or `tag.id`; a tag of the flag's product. Changing it replaces the resource. */
  tagId: pulumi.Input<number | string>;
}

/**
 * One tag on one flag, for programs that tag flags one by one (several `SettingTag`s on a flag are fine; they do not
 * race). The resource id is `settingId:tagId`, as Terraform's `configcat_setting_tag` import id.
 *
 * Create reads the flag and adds the tag (`add /tags/-`) only when it is absent; a tag that is already on the flag is
 * taken over only with `adopt: true` (otherwise the create fails and changes nothing). A write cut off mid-flight is
 * settled by reading the flag again, never replayed blindly, so a flag is never tagged twice. Delete removes this
 * tag only (found by id in a fresh read, guarded by a JSON Patch `test`); `deletionPolicy: "retain"` leaves it on.
 * Refresh drops the resource when the tag, the flag or the tag's attachment is gone.
 *
 * @example
 * ```ts
 * new configcat.SettingTag("checkout-beta", { settingId: flag.settingId, tagId: beta.tagId });
 * ```
 * @see https://api.configcat.com/docs/#tag/Feature-Flags-and-Settings/operation/update-setting
 */
export class SettingTag extends pulumi.dynamic.Resource {
  /** The flag id. */
  declare readonly settingId: pulumi.Output<number>;
  /** The tag id. */
  declare readonly tagId: pulumi.Output<number>;
  /** The flag's config (kept so refresh reads the config's flag list once for every tag of it). */
  declare readonly configId: pulumi.Output<string>;
  /** The flag's key. */
  declare readonly settingKey: pulumi.Output<string>;
  /** The tag's live name. */
  declare readonly tagName: pulumi.Output<string>;

  /**
   * @param name - the resource's name in the stack.
   * @param args - which tag on which flag.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: SettingTagArgs, opts?: pulumi.CustomResourceOptions) {
    super(dynamicProvider("configcat-setting-tag", require.resolve("../../dynamic/configcat-setting-tag")), name, { configId: undefined, settingKey: undefined, tagName: undefined, ...args, owner: dynamicResourceUrn(name, "configcat", "SettingTag", opts) }, opts, "configcat", "SettingTag");
  }
}
