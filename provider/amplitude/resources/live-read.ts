import { isNotFound, type AmplitudeClient, type ConfigObjectsApi } from "../api";
import { withoutUndefined } from "../../core/dynamic/check";
import type { JsonValue } from "./args";
import { cachedLookup, readAfterWrite } from "./live-cache";
import type { LiveConfigObject, LiveVariant } from "./live-state";

/** A flag or experiment as the API returns it (list item or detail). */
export type ApiObject = Record<string, unknown> & {
  id: string;
  deleted?: boolean;
  lastModifiedAt?: string | null;
  variants?: Record<string, unknown>[];
};

/** What the reader needs to know about the resource type. */
export interface LiveReaderSpec {
  /** API collection. */
  collection: "flags" | "experiments";
  /** Fields written through PATCH (recorded in the outputs). */
  patchFields: readonly string[];
  /** Read-only fields copied from the API into the outputs. */
  readOnlyFields: readonly string[];
}

/** How {@link LiveReader.fetchLive} reads. */
export interface FetchOptions {
  /**
   * Look the object up in the project's cached list first (refresh), or in a list shared with other read-backs
   * (`"after-write"`); otherwise (`false`) GET it by id.
   */
  useList: boolean | "after-write";
  /**
   * Read the inclusion lists of the variants whose inclusions `previous` manages.
   * @default true
   */
  inclusions?: boolean;
}

/** The outputs' resource options, as the inputs set them (absent: the default). */
export interface OutputOptions {
  adopt?: boolean;
  deletionPolicy?: string;
}

/** Whether a listed variant carries its details (lists may carry variant keys only, as every docs example does). */
export const hasDetails = (v: object) => "rolloutWeight" in v || "payload" in v || "name" in v;

/**
 * `items` in the order `previous` had them; new ones after, in the server's order. The API promises no order for
 * variants, deployments or tags (sets), so without this a server that reorders them (or a list and a detail
 * body that disagree) would show as changed outputs on every refresh.
 */
function inPreviousOrder<T>(items: readonly T[], previous: readonly T[] | undefined, key: (item: T) => string): T[] {
  if (!previous || previous.length === 0) return [...items];
  const rank = new Map(previous.map((p, i) => [key(p), i]));
  return [...items].sort((a, b) => (rank.get(key(a)) ?? previous.length) - (rank.get(key(b)) ?? previous.length));
}

/** Reads flags or experiments the way every provider method records them in state. */
export function liveReader(spec: LiveReaderSpec) {
  const api = (client: AmplitudeClient) => client[spec.collection] as unknown as ConfigObjectsApi<ApiObject>;

  /**
   * The object with full variants (and the inclusions `previous` manages), `undefined` when it does not exist.
   * Archived objects come back as listed, without variant details.
   *
   * Lists may carry variant keys only (every docs example does); the variants then need one GET per object.
   * During a refresh that GET is skipped when the list's `lastModifiedAt` equals the one recorded in state:
   * nothing about the object changed since, so the recorded variants are still what is live. Without
   * `lastModifiedAt` in the list every object is read, as before.
   */
  async function fetchLive(client: AmplitudeClient, id: string, previous: LiveConfigObject | undefined, options: FetchOptions) {
    const objects = api(client);
    let obj: ApiObject | undefined;
    const listAll = () => objects.listAll({ includeArchived: true });
    if (options.useList === "after-write" && previous) obj = await readAfterWrite(previous.projectId, spec.collection, id, listAll);
    else if (options.useList && previous) obj = await cachedLookup(previous.projectId, spec.collection, id, listAll);
    if (!obj) {
      try {
        obj = await objects.get(id);
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    }
    if (obj === undefined || obj.deleted) return obj;
    const listed = obj.variants ?? [];
    let variants: Record<string, unknown>[] = listed;
    if (!listed.every(hasDetails)) {
      variants = unchangedSince(obj, previous, options.useList === true)
        ? (previous!.variants as unknown as Record<string, unknown>[])
        : ((await objects.variants.list(id)) as unknown as Record<string, unknown>[]);
    }
    const managed = (key: string, kind: "users" | "cohorts") =>
      options.inclusions !== false && previous?.variants.find((v) => v.key === key)?.[kind] != null;
    const live: LiveVariant[] = [];
    for (const v of variants) {
      const key = String(v.key);
      live.push({
        key,
        name: (v.name as string | undefined) ?? null,
        description: (v.description as string | undefined) ?? null,
        payload: (v.payload as JsonValue | undefined) ?? null,
        rolloutWeight: (v.rolloutWeight as number | undefined) ?? null,
        users: managed(key, "users") ? await objects.users.list(id, key) : null,
        cohorts: managed(key, "cohorts") ? await objects.cohorts.list(id, key) : null,
      });
    }
    return { ...obj, variants: live };
  }

  /**
   * The outputs for an object as read. With `previous` (the outputs recorded before), set-like arrays keep the
   * recorded order, and a field the body leaves out keeps its recorded value: the API may accept a field without
   * echoing it (`exposureEvent`, reference §3.8), and some bodies leave out audit fields. Such a field never
   * turns into `null` on refresh.
   */
  function outputsFrom(obj: Record<string, unknown>, options: OutputOptions, previous?: LiveConfigObject): LiveConfigObject {
    const out: Record<string, unknown> = {
      projectId: String(obj.projectId ?? previous?.projectId),
      key: obj.key,
      url: obj.url ?? previous?.url ?? null,
      variants: inPreviousOrder((obj.variants ?? []) as LiveVariant[], previous?.variants, (v) => v.key),
      targetSegments: obj.targetSegments ?? [],
      deployments: inPreviousOrder(((obj.deployments as unknown[]) ?? []).map(String), previous?.deployments, String),
      tags: inPreviousOrder((obj.tags ?? []) as string[], previous?.tags, String),
      deleted: obj.deleted === true,
      ...options,
    };
    for (const f of [...spec.patchFields, ...spec.readOnlyFields]) {
      if (out[f] !== undefined) continue;
      out[f] = obj[f] !== undefined ? obj[f] : (previous?.[f] ?? null);
    }
    for (const f of ["startDate", "endDate"]) if (typeof out[f] === "string") out[f] = (out[f] as string).slice(0, 10);
    return withoutUndefined(out) as LiveConfigObject;
  }

  /**
   * Reads back what was just written, so the outputs hold what the server made of it (generated salt, derived
   * `state`, defaults, its own order) and the next refresh finds nothing new. Inclusions are not read again:
   * the write left them as `written` says. Falls back to `written` if the object cannot be read yet, and says
   * `deleted: true` if it turns out archived (a write to its variants alone is accepted on an archived object).
   */
  async function readBack(client: AmplitudeClient, id: string, written: LiveConfigObject): Promise<LiveConfigObject> {
    const obj = await fetchLive(client, id, written, { useList: "after-write", inclusions: false });
    if (!obj) return written;
    if (obj.deleted) return { ...written, deleted: true };
    const outs = outputsFrom(obj, { adopt: written.adopt, deletionPolicy: written.deletionPolicy }, written);
    outs.variants = outs.variants.map((v) => {
      const w = written.variants.find((x) => x.key === v.key);
      return { ...v, users: w?.users ?? null, cohorts: w?.cohorts ?? null };
    });
    outs.url = written.url ?? outs.url;
    return outs;
  }

  return { fetchLive, outputsFrom, readBack };
}

// Only during a refresh, and only with a list timestamp to compare: a GET by id or a list without
// `lastModifiedAt` always reads the variants.
function unchangedSince(obj: ApiObject, previous: LiveConfigObject | undefined, useList: boolean): boolean {
  if (!useList || !previous || typeof obj.lastModifiedAt !== "string" || obj.lastModifiedAt !== previous.lastModifiedAt) return false;
  const keys = (obj.variants ?? []).map((v) => String(v.key)).sort();
  const recorded = previous.variants.map((v) => v.key).sort();
  return keys.length === recorded.length && keys.every((k, i) => k === recorded[i]);
}
