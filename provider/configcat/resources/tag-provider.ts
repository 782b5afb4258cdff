import type { Tag as LiveTag } from "../api";
import { namedObjectProvider, type CommonInputs } from "./named-object";
import { tagSchema } from "./validation";

type TagInputs = CommonInputs & { productId: string; name: string; color?: string };

/** The tag provider, run in the engine's provider process. @internal */
export const tagProvider = namedObjectProvider<LiveTag & { productId?: string }, TagInputs>({
  noun: "tag",
  collection: "tags",
  schema: tagSchema,
  parentField: "productId",
  parentNoun: "product",
  managed: ["name", "color"],
  idOf: (t) => String(t.tagId),
  nameOf: (t) => t.name,
  list: (client, productId) => client.tags.list(productId),
  get: (client, id) => client.tags.get(Number(id)),
  create: (client, productId, body, reconcile) => client.tags.create(productId, body as never, reconcile),
  update: (client, id, body) => client.tags.update(Number(id), body as never),
  remove: (client, id) => client.tags.delete(Number(id)),
  createBody: (i) => ({ name: i.name, color: i.color }),
  project: (t) => ({ tagId: t.tagId, name: t.name, color: t.color }),
});
