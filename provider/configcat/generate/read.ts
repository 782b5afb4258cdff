/**
 * Reads everything the generator needs from one ConfigCat product: the product, its configs, environments, tags
 * and segments (segments in full: the list lacks the comparison fields), every flag of every config, and the
 * served value of every flag of a V2 config in every environment. Only GET requests are sent: one per collection
 * and parent, one per segment, one per (V2 config, environment).
 */
import type { Config, ConfigCatClient, Environment, Product, Segment, Setting, SettingFormula, Tag } from "../api";

/** A config with its flags and, for V2 configs, their values per environment id. */
export interface ConfigSnapshot {
  config: Config;
  /** Flags ordered by (order, key). */
  settings: Setting[];
  /** Environment id → every flag's value in it (V2 configs only; empty for V1). */
  values: Map<string, SettingFormula[]>;
}

/** Everything the generator renders for one product. */
export interface ProductSnapshot {
  product: Product;
  /** Ordered by (order, name). */
  configs: ConfigSnapshot[];
  /** Ordered by (order, name). */
  environments: Environment[];
  /** Ordered by name. */
  tags: Tag[];
  /** Full segments, ordered by name. */
  segments: Segment[];
}

const byOrderThen = <T extends { order: number }>(name: (t: T) => string) => (a: T, b: T) => a.order - b.order || name(a).localeCompare(name(b));

/**
 * Reads one product through the API client.
 * @param client - a client for the credential (only GET requests are sent).
 * @param productId - the product's id (uuid).
 * @returns a snapshot with stable ordering, so generating twice from the same state gives the same file.
 * @throws the client's errors (404 when the product is unknown or not visible to the credential).
 */
export async function readProduct(client: ConfigCatClient, productId: string): Promise<ProductSnapshot> {
  const product = await client.products.get(productId);
  const environments = (await client.environments.list(productId)).sort(byOrderThen((e) => e.name));
  const tags = (await client.tags.list(productId)).sort((a, b) => a.name.localeCompare(b.name));
  const segments: Segment[] = [];
  for (const s of await client.segments.list(productId)) segments.push(await client.segments.get(s.segmentId));
  segments.sort((a, b) => a.name.localeCompare(b.name));
  const configs: ConfigSnapshot[] = [];
  for (const config of (await client.configs.list(productId)).sort(byOrderThen((c) => c.name))) {
    const settings = (await client.settings.list(config.configId)).sort(byOrderThen((s) => s.key));
    const values = new Map<string, SettingFormula[]>();
    if (config.evaluationVersion === "v2" && settings.length > 0) {
      for (const e of environments) values.set(e.environmentId, await client.values.list(config.configId, e.environmentId));
    }
    configs.push({ config, settings, values });
  }
  return { product, configs, environments, tags, segments };
}
