import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "../../core/dynamic/dynamic-provider";
import { dynamicResourceUrn } from "../../core/dynamic/owner";
import { numericIdOutput } from "../../core/dynamic/id-output";
import { PERMISSIONS } from "../api/permission-names";
import type { CommonArgs } from "./args";

/** A group's access to the product: `readOnly`, `full`, or `custom` (the `can*` switches decide). */
export type AccessType = "readOnly" | "full" | "custom";
/** Access to one environment's values: `full`, `readOnly` or `none`. */
export type EnvironmentAccessType = "full" | "readOnly" | "none";
/** Approval rights (2026): `cannotApprove`, `canApproveOthers`, `canBypassApproval`, or `custom` per environment. */
export type ApprovalPermissionType = "cannotApprove" | "canApproveOthers" | "canBypassApproval" | "custom";

/**
 * The `can*` permissions of a group. Each is optional: unset ones are not managed (their live values are sent back
 * unchanged on every update).
 */
export interface PermissionArgs {
  /** Manage members of the product. */
  canManageMembers?: pulumi.Input<boolean>;
  /** Create and update configs. */
  canCreateOrUpdateConfig?: pulumi.Input<boolean>;
  /** Delete configs (ConfigCat may refuse it without the config and flag permissions it depends on). */
  canDeleteConfig?: pulumi.Input<boolean>;
  /** Create and update environments. */
  canCreateOrUpdateEnvironment?: pulumi.Input<boolean>;
  /** Delete environments. */
  canDeleteEnvironment?: pulumi.Input<boolean>;
  /** Create and update flags. */
  canCreateOrUpdateSetting?: pulumi.Input<boolean>;
  /** Attach and detach tags on flags. */
  canTagSetting?: pulumi.Input<boolean>;
  /** Delete flags. */
  canDeleteSetting?: pulumi.Input<boolean>;
  /** Create and update tags. */
  canCreateOrUpdateTag?: pulumi.Input<boolean>;
  /** Delete tags. */
  canDeleteTag?: pulumi.Input<boolean>;
  /** Manage webhooks. */
  canManageWebhook?: pulumi.Input<boolean>;
  /** Use export and import. */
  canUseExportImport?: pulumi.Input<boolean>;
  /** Change the product's preferences. */
  canManageProductPreferences?: pulumi.Input<boolean>;
  /** Manage integrations. */
  canManageIntegrations?: pulumi.Input<boolean>;
  /** View SDK keys. */
  canViewSdkKey?: pulumi.Input<boolean>;
  /** Rotate SDK keys. */
  canRotateSdkKey?: pulumi.Input<boolean>;
  /** Create and update segments. */
  canCreateOrUpdateSegments?: pulumi.Input<boolean>;
  /** Delete segments. */
  canDeleteSegments?: pulumi.Input<boolean>;
  /** View the product's audit log. */
  canViewProductAuditLog?: pulumi.Input<boolean>;
  /** View the product's statistics. */
  canViewProductStatistics?: pulumi.Input<boolean>;
  /** Turn off two-factor authentication of members (2024). */
  canDisable2FA?: pulumi.Input<boolean>;
}

/** Arguments of a {@link PermissionGroup}. Unset optional fields are not managed: never compared, sent back as they are live. */
export interface PermissionGroupArgs extends CommonArgs, PermissionArgs {
  /** Product id (uuid). Changing it replaces the group. */
  productId: pulumi.Input<string>;
  /** Name, 1–255 characters; the natural key for `adopt`. */
  name: pulumi.Input<string>;
  /** See {@link AccessType}. */
  accessType?: pulumi.Input<AccessType>;
  /** Access to environments created later. */
  newEnvironmentAccessType?: pulumi.Input<EnvironmentAccessType>;
  /** Environment id (uuid) → access there. Only the listed environments are managed. */
  environmentAccesses?: pulumi.Input<Record<string, pulumi.Input<EnvironmentAccessType>>>;
  /** Approval rights (2026). */
  approvalPermissionType?: pulumi.Input<ApprovalPermissionType>;
  /** Approval rights in environments created later (2026). */
  newEnvironmentApprovalPermissionType?: pulumi.Input<ApprovalPermissionType>;
  /** Environment id (uuid) → approval rights there (2026). Only the listed environments are managed. */
  environmentApprovalPermissions?: pulumi.Input<Record<string, pulumi.Input<ApprovalPermissionType>>>;
}

/**
 * A ConfigCat permission group of a product (tier 3): what its members may do.
 *
 * Create refuses (changing nothing) when the product already has a group with the name, unless `adopt: true`; a create
 * cut off mid-flight is settled by looking for the new group. ConfigCat updates groups by `PUT` only; every update
 * carries all members, the unmanaged ones with their live values, so none is reset. Changing `productId` replaces it.
 *
 * @example
 * ```ts
 * new configcat.PermissionGroup("editors", {
 *   productId: product.id, name: "Editors", accessType: "custom", canCreateOrUpdateSetting: true, canTagSetting: true,
 *   newEnvironmentAccessType: "readOnly", environmentAccesses: { [test.id]: "full" },
 * });
 * ```
 * @see https://api.configcat.com/docs/#tag/Permission-Groups
 */
// The live `can*` permissions are outputs too, under the same names (declaration merging with the class below).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface PermissionGroup extends PermissionOutputs {}

/** The live `can*` permissions of a {@link PermissionGroup}. */
export type PermissionOutputs = { readonly [P in keyof PermissionArgs]-?: pulumi.Output<boolean> };

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class PermissionGroup extends pulumi.dynamic.Resource {
  /** The permission group id (int64, as a number); the resource id is its string form. */
  declare readonly permissionGroupId: pulumi.Output<number>;
  /** The product id. */
  declare readonly productId: pulumi.Output<string>;
  /** Live name. */
  declare readonly name: pulumi.Output<string>;
  /** Live access type. */
  declare readonly accessType: pulumi.Output<AccessType | null>;
  /** Live access to environments created later. */
  declare readonly newEnvironmentAccessType: pulumi.Output<EnvironmentAccessType | null>;
  /** Live environment accesses. */
  declare readonly environmentAccesses: pulumi.Output<Record<string, EnvironmentAccessType>>;
  /** Live approval rights. */
  declare readonly approvalPermissionType: pulumi.Output<ApprovalPermissionType | null>;
  /** Live approval rights in environments created later. */
  declare readonly newEnvironmentApprovalPermissionType: pulumi.Output<ApprovalPermissionType | null>;
  /** Live approval rights per environment. */
  declare readonly environmentApprovalPermissions: pulumi.Output<Record<string, ApprovalPermissionType>>;

  /**
   * @param name - the resource's name in the stack.
   * @param args - the group's desired configuration.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: PermissionGroupArgs, opts?: pulumi.CustomResourceOptions) {
    const outs = {
      permissionGroupId: undefined, accessType: undefined, newEnvironmentAccessType: undefined, environmentAccesses: undefined, approvalPermissionType: undefined,
      newEnvironmentApprovalPermissionType: undefined, environmentApprovalPermissions: undefined,
      ...Object.fromEntries(PERMISSIONS.map((p) => [p, undefined])),
    };
    super(dynamicProvider("configcat-permission-group", require.resolve("../../dynamic/configcat-permission-group")), name, { ...outs, ...args, owner: dynamicResourceUrn(name, "configcat", "PermissionGroup", opts) }, opts, "configcat", "PermissionGroup");
    // From the resource id, so it stays known in a preview of an in-place update (see numericIdOutput).
    this.permissionGroupId = numericIdOutput(this);
  }
}
