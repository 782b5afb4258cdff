import type { PermissionGroup as LivePermissionGroup, PermissionGroupBody } from "../api";
import { PERMISSIONS } from "../api/permission-names";
import { jsonEquals } from "../../core";
import { namedObjectProvider, type CommonInputs } from "./named-object";
import { permissionGroupSchema } from "./validation";

type PermissionGroupInputs = CommonInputs & { productId: string; name: string } & Record<string, unknown>;

/** Members that map an environment id to a value; ConfigCat sends them as lists of `{environmentId, <member>}`. */
const ENVIRONMENT_MAPS = { environmentAccesses: "environmentAccessType", environmentApprovalPermissions: "approvalPermissionType" } as const;
type MapField = keyof typeof ENVIRONMENT_MAPS;
const isMapField = (f: string): f is MapField => f in ENVIRONMENT_MAPS;

const toMap = (list: ReadonlyArray<Record<string, string>>, member: string): Record<string, string> =>
  Object.fromEntries(list.map((e) => [e.environmentId!.toLowerCase(), e[member]!]));

/** The request body with the per-environment maps as the lists ConfigCat takes. */
function toWire(body: Record<string, unknown>): PermissionGroupBody {
  const out: Record<string, unknown> = { ...body };
  for (const [f, member] of Object.entries(ENVIRONMENT_MAPS)) {
    const map = body[f] as Record<string, string> | null | undefined;
    if (map) out[f] = Object.entries(map).map(([environmentId, v]) => ({ environmentId, [member]: v }));
  }
  return out as PermissionGroupBody;
}

/** The permission-group provider, run in the engine's provider process. @internal */
export const permissionGroupProvider = namedObjectProvider<LivePermissionGroup, PermissionGroupInputs>({
  noun: "permission group",
  collection: "permissionGroups",
  schema: permissionGroupSchema as never,
  parentField: "productId",
  parentNoun: "product",
  managed: [
    "name", "accessType", ...PERMISSIONS, "newEnvironmentAccessType", "environmentAccesses", "approvalPermissionType",
    "newEnvironmentApprovalPermissionType", "environmentApprovalPermissions",
  ],
  idOf: (g) => String(g.permissionGroupId),
  nameOf: (g) => g.name,
  list: (client, productId) => client.permissionGroups.list(productId),
  get: (client, id) => client.permissionGroups.get(Number(id)),
  create: (client, productId, body, reconcile) => client.permissionGroups.create(productId, toWire(body), reconcile),
  update: (client, id, body) => client.permissionGroups.update(Number(id), toWire(body)),
  remove: (client, id) => client.permissionGroups.delete(Number(id)),
  createBody: (i) => {
    const { adopt: _a, deletionPolicy: _d, productId: _p, ...fields } = i;
    return fields;
  },
  project: (g) => ({
    ...g,
    environmentAccesses: toMap(g.environmentAccesses, "environmentAccessType"),
    environmentApprovalPermissions: toMap(g.environmentApprovalPermissions, "approvalPermissionType"),
  }),
  // Per-environment maps: only the environments the program lists are managed; the others keep their live value.
  same: (f, desired, live) =>
    isMapField(f)
      ? Object.entries(desired as Record<string, string>).every(([env, v]) => (live as Record<string, string> | undefined)?.[env] === v)
      : jsonEquals(desired, live),
  merge: (f, desired, live) => (isMapField(f) ? { ...(live as object | undefined), ...(desired as object) } : desired),
});
