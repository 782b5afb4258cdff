import type { Product as LiveProduct } from "../api";
import { namedObjectProvider, type CommonInputs } from "./named-object";
import { recordCameWithProduct } from "./takeover";
import { productSchema } from "./validation";

type ProductInputs = CommonInputs & { organizationId: string; name: string; description?: string; order?: number };

/** The product provider, run in the engine's provider process. @internal */
export const productProvider = namedObjectProvider<LiveProduct, ProductInputs>({
  noun: "product",
  collection: "products",
  schema: productSchema,
  parentField: "organizationId",
  parentNoun: "organization",
  maxNameLength: 1000,
  managed: ["name", "description", "order"],
  idOf: (p) => p.productId,
  nameOf: (p) => p.name,
  // `GET /v1/products` lists every product of the user across organizations; filter to the parent.
  list: async (client, organizationId) => (await client.products.list()).filter((p) => p.organization.organizationId === organizationId),
  get: (client, id) => client.products.get(id),
  create: (client, organizationId, body, reconcile) => client.products.create(organizationId, body as never, reconcile),
  // ConfigCat may give a new product a default config and environments (design §2.10): two lists right after the
  // create record them as the stack's own, so a program declaring them by name takes them over instead of failing.
  afterCreate: async (client, product) => {
    const [configs, environments] = await Promise.all([client.configs.list(product.productId), client.environments.list(product.productId)]);
    for (const c of configs) recordCameWithProduct("configs", c.configId);
    for (const e of environments) recordCameWithProduct("environments", e.environmentId);
  },
  update: (client, id, body) => client.products.update(id, body as never),
  remove: (client, id) => client.products.delete(id),
  createBody: (i) => ({ name: i.name, description: i.description, order: i.order }),
  project: (p) => ({
    productId: p.productId, name: p.name, description: p.description, order: p.order, organizationName: p.organization.name,
  }),
});
