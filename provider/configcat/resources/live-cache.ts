import { configcatSettings } from "../config";
import { serverKey } from "./client-for";

/**
 * Serves refresh from one unpaginated list per collection and parent (design §1.3) instead of one GET per resource:
 * 1,000 flags of a config refresh with one request. Lists are kept briefly and shared by every concurrent `read` in
 * the provider process (each engine operation has its own process), and dropped whenever this process writes to
 * that collection.
 */
const ttlMs = 30_000;
const registryKey = Symbol.for("pulumi-feature-flags.configcat.live-cache");
type Entry = { at: number; items: Promise<Map<string, unknown>> };
const cache: Map<string, Entry> = ((globalThis as Record<symbol, unknown>)[registryKey] as Map<string, Entry>) ??
  ((globalThis as Record<symbol, unknown>)[registryKey] = new Map());

/**
 * Looks an object up in the cached list of its collection under a parent. Returns `undefined` when it is not in the
 * list (the caller then GETs it by id, which also tells "gone" from "not visible"), or when batched reads are off.
 * @param collection - e.g. `settings`.
 * @param parent - the list's parent id (config, product), or `""` for a top-level list.
 * @param id - the object's id as a string.
 * @param list - fetches the whole list.
 * @param idOf - an item's id as a string.
 */
export async function cachedLookup<T>(collection: string, parent: string, id: string, list: () => Promise<T[]>, idOf: (item: T) => string): Promise<T | undefined> {
  if (!configcatSettings().batchReads) return undefined;
  const key = `${serverKey()}|${collection}|${parent}`;
  let entry = cache.get(key);
  if (!entry || Date.now() - entry.at > ttlMs) {
    const items = list().then((all) => new Map(all.map((item) => [idOf(item), item as unknown])));
    const created: Entry = { at: Date.now(), items };
    entry = created;
    cache.set(key, created);
    items.catch(() => cache.get(key) === created && cache.delete(key));
  }
  return (await entry.items).get(id) as T | undefined;
}

/**
 * Forgets the cached list of a collection after this process changed it.
 * @param collection - e.g. `settings`.
 * @param parent - the list's parent id, or `""`.
 */
export function invalidateCached(collection: string, parent: string): void {
  cache.delete(`${serverKey()}|${collection}|${parent}`);
}
