import type { JsonObject, JsonValue } from "../../core/json";
import type { Router } from "../../core/router";
import { requirePermissionGroup, requireProduct, type Handler, type RequestContext } from "../context";
import { invalid, MESSAGES } from "../errors";
import { at, bodyObject, objectAt, optArray, optBool, optEnum, optString, reqEnum, reqUuid } from "../fields";
import type { StoredPermissionGroup } from "../model";
import { permissionGroupView } from "../views";
import { NO_CONTENT, ok } from "./shared";

/*
 * Permission groups (product-scoped). Stored as name + a field map; create fills defaults (every
 * permission false, `accessType: custom`, `newEnvironmentAccessType: none`, as the TF test reads back),
 * PUT changes the members given (null/absent keep their value).
 */

/** The 21 `can*` permissions of `CreatePermissionGroupRequest`. */
export const PERMISSIONS = [
  "canManageMembers", "canCreateOrUpdateConfig", "canDeleteConfig", "canCreateOrUpdateEnvironment", "canDeleteEnvironment",
  "canCreateOrUpdateSetting", "canTagSetting", "canDeleteSetting", "canCreateOrUpdateTag", "canDeleteTag", "canManageWebhook",
  "canUseExportImport", "canManageProductPreferences", "canManageIntegrations", "canViewSdkKey", "canRotateSdkKey",
  "canCreateOrUpdateSegments", "canDeleteSegments", "canViewProductAuditLog", "canViewProductStatistics", "canDisable2FA",
] as const;

const ACCESS = ["readOnly", "full", "custom"] as const;
const ENV_ACCESS = ["full", "readOnly", "none"] as const;
const APPROVAL = ["cannotApprove", "canApproveOthers", "canBypassApproval", "custom"] as const;

function defaults(): JsonObject {
  const f: JsonObject = {};
  for (const p of PERMISSIONS) f[p] = false;
  Object.assign(f, {
    accessType: "custom", newEnvironmentAccessType: "none", environmentAccesses: [],
    approvalPermissionType: "cannotApprove", newEnvironmentApprovalPermissionType: "cannotApprove", environmentApprovalPermissions: [],
  });
  return f;
}

/**
 * Reads the members a body gives into `fields`, then checks the cross-field rules. On an update (`PUT`, an `Update*`
 * model) null/absent members keep their value, or reset to a new group's with `updateNulls: "clear"`.
 */
function apply(ctx: RequestContext, g: { name: string; fields: JsonObject }, b: JsonObject, productId: string, nameRequired: boolean): void {
  const name = optString(b, "name", { min: 1, max: 255 });
  if (name) g.name = name;
  else if (nameRequired) throw invalid("name", "The Name field is required.");
  const f = !nameRequired && ctx.fidelity.updateNulls === "clear" ? defaults() : { ...g.fields };
  for (const p of PERMISSIONS) {
    const v = optBool(b, p);
    if (v !== undefined && v !== null) f[p] = v;
  }
  const setEnum = (key: string, values: readonly string[]): void => {
    const v = optEnum(b, key, values);
    if (v !== undefined && v !== null) f[key] = v;
  };
  setEnum("accessType", ACCESS);
  setEnum("newEnvironmentAccessType", ENV_ACCESS);
  setEnum("approvalPermissionType", APPROVAL);
  setEnum("newEnvironmentApprovalPermissionType", APPROVAL);
  const envList = (member: string, valueKey: string, values: readonly string[]): void => {
    const list = optArray(b, member);
    if (list === undefined || list === null) return;
    f[member] = list.map((item, i): JsonValue => {
      const path = at(member, i);
      const o = objectAt(item, path);
      const environmentId = reqUuid(o, "environmentId", path);
      const e = ctx.store.environments.get(environmentId);
      if (!e || e.productId !== productId) throw invalid(at(path, "environmentId"), "Environment not found.");
      return { environmentId, [valueKey]: reqEnum(o, valueKey, values, path) };
    });
  };
  envList("environmentAccesses", "environmentAccessType", ENV_ACCESS);
  envList("environmentApprovalPermissions", "approvalPermissionType", APPROVAL);
  if (f.canDeleteConfig === true && !(f.canCreateOrUpdateConfig === true && f.canDeleteSetting === true)) throw invalid("canDeleteConfig", MESSAGES.canDeleteConfig);
  g.fields = f;
}

const listGroups: Handler = (ctx) => {
  const p = requireProduct(ctx);
  return ok([...ctx.store.permissionGroups.values()].filter((g) => g.productId === p.productId).map((g) => permissionGroupView(ctx.store, g)));
};

const createGroup: Handler = (ctx) => {
  const p = requireProduct(ctx);
  const g: StoredPermissionGroup = { permissionGroupId: 0, productId: p.productId, name: "", fields: defaults() };
  apply(ctx, g, bodyObject(ctx.body), p.productId, true);
  g.permissionGroupId = ctx.store.nextId("permissionGroup");
  ctx.store.permissionGroups.set(g.permissionGroupId, g);
  ctx.store.changed();
  return ok(permissionGroupView(ctx.store, g), 201);
};

const getGroup: Handler = (ctx) => ok(permissionGroupView(ctx.store, requirePermissionGroup(ctx)));

const updateGroup: Handler = (ctx) => {
  const g = requirePermissionGroup(ctx);
  const draft = { name: g.name, fields: g.fields };
  apply(ctx, draft, bodyObject(ctx.body), g.productId, false);
  g.name = draft.name;
  g.fields = draft.fields;
  ctx.store.changed();
  return ok(permissionGroupView(ctx.store, g));
};

const deleteGroup: Handler = (ctx) => {
  ctx.store.permissionGroups.delete(requirePermissionGroup(ctx).permissionGroupId);
  ctx.store.changed();
  return NO_CONTENT;
};

/**
 * Registers the routes of this module.
 * @param router - route table
 */
export function registerPermissionRoutes(router: Router<Handler>): void {
  router
    .add("GET", "/v1/products/:productId/permissions", listGroups)
    .add("POST", "/v1/products/:productId/permissions", createGroup)
    .add("GET", "/v1/permissions/:permissionGroupId", getGroup)
    .add("PUT", "/v1/permissions/:permissionGroupId", updateGroup)
    .add("DELETE", "/v1/permissions/:permissionGroupId", deleteGroup);
}
