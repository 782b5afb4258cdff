import type { Config as LiveConfig } from "../api";
import { namedObjectProvider, type CommonInputs } from "./named-object";
import { configSchema } from "./validation";

type ConfigInputs = CommonInputs & { productId: string; name: string; description?: string; order?: number; evaluationVersion: "v1" | "v2" };

/** The config provider, run in the engine's provider process. @internal */
export const configProvider = namedObjectProvider<LiveConfig, ConfigInputs>({
  noun: "config",
  collection: "configs",
  schema: configSchema,
  parentField: "productId",
  parentNoun: "product",
  managed: ["name", "description", "order"],
  options: ["evaluationVersion"],
  immutable: {
    field: "evaluationVersion",
    message: (olds, news) =>
      `config '${String(olds.name)}' is ${String(olds.evaluationVersion)} and cannot become ${news.evaluationVersion}: ConfigCat has no API for it. ` +
      `Migrate it in the ConfigCat Dashboard (which makes a new config, reported as migratedConfigId) and point the program at the new config ` +
      `(\`adopt: true\`), or give the config a new name to create a separate ${news.evaluationVersion} config. Nothing was changed.`,
  },
  idOf: (c) => c.configId,
  nameOf: (c) => c.name,
  list: (client, productId) => client.configs.list(productId),
  get: (client, id) => client.configs.get(id),
  create: (client, productId, body, reconcile) => client.configs.create(productId, body as never, reconcile),
  update: (client, id, body) => client.configs.update(id, body as never),
  remove: (client, id) => client.configs.delete(id),
  // Always sent: the API's default when omitted is undocumented (the Terraform provider defaults to v1).
  createBody: (i) => ({ name: i.name, description: i.description, order: i.order, evaluationVersion: i.evaluationVersion }),
  project: (c) => ({
    configId: c.configId, name: c.name, description: c.description, order: c.order, evaluationVersion: c.evaluationVersion,
    migratedConfigId: c.migratedConfigId,
  }),
});
