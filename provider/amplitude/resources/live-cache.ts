import { amplitudeSettings } from "../config";
import { serverKey } from "./client-for";

/**
 * Serves refresh from one paginated list per project and collection instead of one GET per resource: 1,000
 * flags refresh in one or two requests. Lists are kept briefly and shared by every concurrent `read` in the
 * provider process (each engine operation has its own process, so nothing leaks across runs), and dropped
 * whenever this process writes to that collection.
 */
const ttlMs = 30_000;
const registryKey = Symbol.for("pulumi-feature-flags.amplitude.live-cache");
type Entry = { at: number; items: Promise<Map<string, unknown>> };
const cache: Map<string, Entry> = ((globalThis as Record<symbol, unknown>)[registryKey] as Map<string, Entry>) ??
  ((globalThis as Record<symbol, unknown>)[registryKey] = new Map());

/**
 * Looks an object up in the cached list of its collection. Returns `undefined` when it is not in the list
 * (the caller then falls back to a GET by id), or when batched reads are turned off.
 */
export async function cachedLookup<T extends { id: string }>(
  projectId: string,
  collection: string,
  id: string,
  list: () => Promise<T[]>,
): Promise<T | undefined> {
  if (!amplitudeSettings().batchReads) return undefined;
  const key = `${serverKey(projectId)}|${collection}`;
  let entry = cache.get(key);
  if (!entry || Date.now() - entry.at > ttlMs) {
    const items = list().then((all) => new Map(all.map((item) => [item.id, item as unknown])));
    entry = { at: Date.now(), items };
    cache.set(key, entry);
    items.catch(() => cache.get(key) === entry && cache.delete(key));
  }
  return (await entry.items).get(id) as T | undefined;
}

/** Forgets the cached list of a collection after this process changed it. */
export function invalidateCached(projectId: string, collection: string): void {
  cache.delete(`${serverKey(projectId)}|${collection}`);
}
