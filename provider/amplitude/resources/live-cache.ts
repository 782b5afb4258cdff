import { processRegistry } from "../../core/dynamic/process-registry";
import { amplitudeSettings } from "../config";
import { serverKey } from "./client-for";

/**
 * Serves refresh from one paginated list per project and collection instead of one GET per resource: 1,000
 * flags refresh in one or two requests. Lists are kept briefly and shared by every concurrent `read` in the
 * provider process (each engine operation has its own process, so nothing leaks across runs), and dropped
 * whenever this process writes to that collection.
 */
const ttlMs = 30_000;
type Entry = { at: number; items: Promise<Map<string, unknown>> };
const cache: Map<string, Entry> = processRegistry("pulumi-feature-flags.amplitude.live-cache", () => new Map());

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

/**
 * How long a read-back waits for others to join its list request. Creates and updates finish at the rate limit's
 * pace (≤ 100/s), so a short window already gathers several of them.
 */
const batchWindowMs = 50;
/** Objects one list page carries (the client asks for the documented maximum). */
const pageSize = 1000;
type Batch = { ids: Set<string>; result: Promise<Map<string, unknown> | undefined> };
const batches: Map<string, Batch> = processRegistry("pulumi-feature-flags.amplitude.read-back", () => new Map());
const knownSizes = new Map<string, number>();

/**
 * Reads an object back right after this process wrote it. Read-backs that start within a few milliseconds of
 * each other share one list request (one per 1,000 objects in the project), issued after every one of their
 * writes completed, so the list shows them all: creating 1,000 flags costs a few dozen list requests instead of
 * 1,000 GETs. Returns `undefined` (the caller then GETs the object) when batched reads are off, when the object
 * is not in the list, or when the batch is too small to beat one GET per object.
 */
export async function readAfterWrite<T extends { id: string }>(
  projectId: string,
  collection: string,
  id: string,
  list: () => Promise<T[]>,
): Promise<T | undefined> {
  if (!amplitudeSettings().batchReads) return undefined;
  const key = `${serverKey(projectId)}|${collection}`;
  let batch = batches.get(key);
  if (!batch) {
    const ids = new Set<string>();
    const result = new Promise<void>((resolve) => setTimeout(resolve, batchWindowMs)).then(async () => {
      if (batches.get(key)?.ids === ids) batches.delete(key);
      // A list costs one request per page; below that many objects, one GET each is cheaper.
      const pages = Math.max(1, Math.ceil((knownSizes.get(key) ?? pageSize) / pageSize));
      if (ids.size <= pages) return undefined;
      const all = await list();
      knownSizes.set(key, all.length);
      return new Map(all.map((item) => [item.id, item as unknown]));
    });
    batch = { ids, result };
    batches.set(key, batch);
  }
  batch.ids.add(id);
  try {
    return ((await batch.result)?.get(id) as T | undefined) ?? undefined;
  } catch {
    return undefined; // the GET fallback reports the error, with this object's context
  }
}
