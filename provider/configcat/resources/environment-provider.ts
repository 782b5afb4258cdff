import type { Environment as LiveEnvironment } from "../api";
import { namedObjectProvider, type CommonInputs } from "./named-object";
import { environmentSchema } from "./validation";

type EnvironmentInputs = CommonInputs & {
  productId: string; name: string; description?: string; color?: string; order?: number; cleanupAuditLogsOnDelete?: boolean;
};

/** The environment provider, run in the engine's provider process. @internal */
export const environmentProvider = namedObjectProvider<LiveEnvironment, EnvironmentInputs>({
  noun: "environment",
  collection: "environments",
  schema: environmentSchema,
  parentField: "productId",
  parentNoun: "product",
  managed: ["name", "description", "color", "order"],
  options: ["cleanupAuditLogsOnDelete"],
  idOf: (e) => e.environmentId,
  nameOf: (e) => e.name,
  list: (client, productId) => client.environments.list(productId),
  get: (client, id) => client.environments.get(id),
  create: (client, productId, body, reconcile) => client.environments.create(productId, body as never, reconcile),
  update: (client, id, body) => client.environments.update(id, body as never),
  remove: (client, id, props) => client.environments.delete(id, { cleanupAuditLogs: props.cleanupAuditLogsOnDelete === true ? true : undefined }),
  createBody: (i) => ({ name: i.name, description: i.description, color: i.color, order: i.order }),
  project: (e) => ({
    environmentId: e.environmentId, name: e.name, description: e.description, color: e.color, order: e.order,
  }),
});
