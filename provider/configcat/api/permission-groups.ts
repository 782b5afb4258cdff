import { z } from "zod";
import { reconciler } from "./reconcile";
import { PERMISSIONS, type Permission } from "./permission-names";
import type { Requester } from "./requester";
import { ROUTES } from "./routes";

export { PERMISSIONS, type Permission } from "./permission-names";

/** `AccessType`. */
export const ACCESS_TYPES = ["readOnly", "full", "custom"] as const;
/** `EnvironmentAccessType`. */
export const ENVIRONMENT_ACCESS_TYPES = ["full", "readOnly", "none"] as const;
/** `ApprovalPermissionType` (2026). */
export const APPROVAL_PERMISSION_TYPES = ["cannotApprove", "canApproveOthers", "canBypassApproval", "custom"] as const;

const permissionFlag = z.boolean().nullable().optional().transform((v) => v ?? false);
const list = <T extends z.ZodType>(item: T) => z.array(item).nullable().optional().transform((v) => v ?? []);

/** `PermissionGroupModel` (members the provider manages). */
export const PermissionGroupSchema = z.object({
  permissionGroupId: z.number().int(),
  name: z.string(),
  ...(Object.fromEntries(PERMISSIONS.map((p) => [p, permissionFlag])) as unknown as Record<Permission, typeof permissionFlag>),
  accessType: z.enum(ACCESS_TYPES).nullable().optional().transform((v) => v ?? null),
  newEnvironmentAccessType: z.enum(ENVIRONMENT_ACCESS_TYPES).nullable().optional().transform((v) => v ?? null),
  environmentAccesses: list(z.object({ environmentId: z.string(), environmentAccessType: z.enum(ENVIRONMENT_ACCESS_TYPES) })),
  approvalPermissionType: z.enum(APPROVAL_PERMISSION_TYPES).nullable().optional().transform((v) => v ?? null),
  newEnvironmentApprovalPermissionType: z.enum(APPROVAL_PERMISSION_TYPES).nullable().optional().transform((v) => v ?? null),
  environmentApprovalPermissions: list(z.object({ environmentId: z.string(), approvalPermissionType: z.enum(APPROVAL_PERMISSION_TYPES) })),
});
/** A permission group. */
export type PermissionGroup = z.output<typeof PermissionGroupSchema>;

/** `CreatePermissionGroupRequest` / `UpdatePermissionGroupRequest`. */
export type PermissionGroupBody = { name: string } & Partial<Omit<PermissionGroup, "permissionGroupId" | "name">>;

/** Operations on permission groups. */
export interface PermissionGroupsApi {
  /** `GET /v1/products/{productId}/permissions`: every group of the product (full models), unpaginated. */
  list(productId: string): Promise<PermissionGroup[]>;
  /** `GET /v1/permissions/{permissionGroupId}`. */
  get(permissionGroupId: number): Promise<PermissionGroup>;
  /** `POST /v1/products/{productId}/permissions`; never replayed, `reconcile` decides after an ambiguous failure. */
  create(productId: string, body: PermissionGroupBody, reconcile?: () => Promise<PermissionGroup | undefined>): Promise<PermissionGroup>;
  /** `PUT /v1/permissions/{permissionGroupId}` (there is no PATCH). */
  update(permissionGroupId: number, body: PermissionGroupBody): Promise<PermissionGroup>;
  /** `DELETE /v1/permissions/{permissionGroupId}`. */
  delete(permissionGroupId: number): Promise<void>;
}

/** @internal */
export function permissionGroupEndpoints(http: Requester): PermissionGroupsApi {
  return {
    list: (productId) => http.json({ what: "list permission groups", method: "GET", route: ROUTES.productPermissions, params: { productId } }, z.array(PermissionGroupSchema)),
    get: (permissionGroupId) => http.json({ what: "get permission group", method: "GET", route: ROUTES.permissionGroup, params: { permissionGroupId } }, PermissionGroupSchema),
    create: (productId, body, find) => http.json({
      what: "create permission group", method: "POST", route: ROUTES.productPermissions, params: { productId }, body, reconcile: reconciler(find),
    }, PermissionGroupSchema),
    update: (permissionGroupId, body) => http.json({ what: "update permission group", method: "PUT", route: ROUTES.permissionGroup, params: { permissionGroupId }, body }, PermissionGroupSchema),
    delete: async (permissionGroupId) => {
      await http.send({ what: "delete permission group", method: "DELETE", route: ROUTES.permissionGroup, params: { permissionGroupId } });
    },
  };
}
