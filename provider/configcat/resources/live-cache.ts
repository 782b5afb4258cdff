import { processRegistry } from "../../core/dynamic/process-registry";
import { configcatSettings } from "../config";
import { serverKey } from "./client-for";

/*
 * Serves reads from one unpaginated list per collection and parent (design §1.3) instead of one GET per resource:
 * 1,000 flags of a config refresh with one request, and the reads before an `up`'s writes share lists too. Lists are
 * shared by every resource in the provider process (each engine operation has its own process), kept while in use,
 * and kept current by this process's own writes (`cacheWritten`, `cacheRemoved`) or dropped (`invalidateCached`).
 */

/**
 * A list is dropped after this long without a lookup: a refresh phase, however slow the machine, keeps using its lists
 * and fetches each once, while a list nobody asked for in a while is not trusted again.
 */
const idleMs = 30_000;
type Entry = { usedAt: number; items: Promise<Map<string, unknown>> };
const cache: Map<string, Entry> = processRegistry("pulumi-feature-flags.configcat.live-cache", () => new Map());

const keyOf = (collection: string, parent: string) => `${serverKey()}|${collection}|${parent}`;

/** The live entry of a list, `undefined` when there is none or it went unused too long. */
function current(key: string): Entry | undefined {
  const entry = cache.get(key);
  if (entry && Date.now() - entry.usedAt > idleMs) {
    cache.delete(key);
    return undefined;
  }
  return entry;
}

/** Fetches a list into the cache; a failed fetch leaves no entry behind. */
function fetchInto<T>(key: string, list: () => Promise<T[]>, idOf: (item: T) => string): Entry {
  const items = list().then((all) => new Map(all.map((item) => [idOf(item), item as unknown])));
  const created: Entry = { usedAt: Date.now(), items };
  cache.set(key, created);
  items.catch(() => cache.get(key) === created && cache.delete(key));
  void track(created);
  return created;
}

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
  return (await cachedList(collection, parent, list, idOf))?.get(id);
}

/**
 * The whole cached list of a collection under a parent, by id, fetched once and shared; `undefined` when batched reads
 * are off. Read-only for callers.
 * @param collection - e.g. `settings`.
 * @param parent - the list's parent id.
 * @param list - fetches the whole list.
 * @param idOf - an item's id as a string.
 */
export async function cachedList<T>(collection: string, parent: string, list: () => Promise<T[]>, idOf: (item: T) => string): Promise<ReadonlyMap<string, T> | undefined> {
  if (!configcatSettings().batchReads) return undefined;
  const key = keyOf(collection, parent);
  const entry = current(key) ?? fetchInto(key, list, idOf);
  entry.usedAt = Date.now();
  return (await entry.items) as Map<string, T>;
}

/**
 * Finds an object in whichever cached list of a collection holds it (any parent), without fetching: how a value
 * learns its flag's config and type from the flag lists this run already holds. Lists still being fetched are skipped.
 * @param collection - e.g. `settings`.
 * @param id - the object's id as a string.
 */
export function findCached<T>(collection: string, id: string): T | undefined {
  if (!configcatSettings().batchReads) return undefined;
  const prefix = `${serverKey()}|${collection}|`;
  for (const [key, entry] of cache) {
    if (!key.startsWith(prefix) || Date.now() - entry.usedAt > idleMs) continue;
    const settled = settledItems.get(entry.items);
    const found = settled?.get(id);
    if (found !== undefined) {
      entry.usedAt = Date.now();
      return found as T;
    }
  }
  return undefined;
}

/** Lists whose fetch completed, for synchronous lookups. */
const settledItems = new WeakMap<Promise<Map<string, unknown>>, Map<string, unknown>>();
const track = (entry: Entry) => entry.items.then((m) => settledItems.set(entry.items, m), () => undefined);

/**
 * Records this process's own write in the cached list (when there is one), so later lookups in this run see it
 * without a new list: a created or updated object as the server returned it. A list still being fetched gets it once
 * it arrives.
 * @param collection - e.g. `settings`.
 * @param parent - the list's parent id.
 * @param id - the object's id as a string.
 * @param item - the object as the write's response returned it.
 */
export function cacheWritten(collection: string, parent: string, id: string, item: unknown): void {
  edit(collection, parent, (m) => m.set(id, item));
}

/**
 * Removes an object this process deleted from the cached list (when there is one).
 * @param collection - e.g. `settings`.
 * @param parent - the list's parent id.
 * @param id - the object's id as a string.
 */
export function cacheRemoved(collection: string, parent: string, id: string): void {
  edit(collection, parent, (m) => m.delete(id));
}

function edit(collection: string, parent: string, change: (m: Map<string, unknown>) => void): void {
  const key = keyOf(collection, parent);
  const entry = current(key);
  if (!entry) return;
  entry.items = entry.items.then((m) => {
    change(m);
    return m;
  });
  void track(entry);
}

/**
 * Forgets the cached list of a collection after this process changed it.
 * @param collection - e.g. `settings`.
 * @param parent - the list's parent id, or `""`.
 */
export function invalidateCached(collection: string, parent: string): void {
  cache.delete(keyOf(collection, parent));
}

/**
 * How long a read before a write waits for others to share its list request. Creates arrive at the pace of the
 * rate limit (a few to 15 per second and endpoint), so a few hundred milliseconds gather several.
 */
const batchWindowMs = 250;
type Batch = { ids: Set<string>; result: Promise<ReadonlyMap<string, unknown> | undefined> };
const batches: Map<string, Batch> = processRegistry("pulumi-feature-flags.configcat.read-before-write", () => new Map());

/**
 * Reads an object before writing it. Served from the cached list when the list holds it; otherwise (a list fetched
 * before the object existed, or none) reads that arrive within a short window share one fresh list request, which
 * replaces the cached list: an `up` of 1,000 new flags reads their values with a few dozen list requests instead of one
 * GET each. Returns `undefined` (the caller then GETs the object) when batched reads are off, when the object is not in
 * the fresh list, when the list request failed (the GET then reports the error with this object's context), or when
 * the window gathered a single read (one GET is lighter than a list).
 * @param collection - e.g. `values`.
 * @param parent - the list's parent id.
 * @param id - the object's id as a string.
 * @param list - fetches the whole list.
 * @param idOf - an item's id as a string.
 */
export async function readBeforeWrite<T>(collection: string, parent: string, id: string, list: () => Promise<T[]>, idOf: (item: T) => string): Promise<T | undefined> {
  if (!configcatSettings().batchReads) return undefined;
  const key = keyOf(collection, parent);
  const entry = current(key);
  if (entry) {
    entry.usedAt = Date.now();
    const listed = (await entry.items.catch(() => undefined))?.get(id);
    if (listed !== undefined) return listed as T;
  }
  let batch = batches.get(key);
  if (!batch) {
    const ids = new Set<string>();
    const result = new Promise<void>((resolve) => setTimeout(resolve, batchWindowMs)).then(async () => {
      if (batches.get(key)?.ids === ids) batches.delete(key);
      if (ids.size < 2) return undefined;
      return fetchInto(key, list, idOf).items;
    });
    batch = { ids, result };
    batches.set(key, batch);
  }
  batch.ids.add(id);
  try {
    return (await batch.result)?.get(id) as T | undefined;
  } catch {
    return undefined;
  }
}
