import { z } from "zod";
import { isNotFound, paginate, syntheticResponse, type HttpResponse, type Page } from "../../core";
import { BULK_DELETE_CHUNK, configRoutes, PAGE_LIMIT, type ConfigResource } from "./paths";
import type { Requester } from "./requester";
import { CreatedSchema, StringListSchema } from "./schemas/common";
import { DeploymentArraySchema, type DeploymentObject } from "./schemas/deployment";
import type { SegmentObject } from "./schemas/segment";
import { VariantSchema, type VariantBody, type VariantObject } from "./schemas/variant";
import { VersionArraySchema, type VersionEntry } from "./schemas/version";

/** Filters of a flag/experiment list. */
export interface ListParams {
  /** Only objects with this key (the client also filters exactly, in case the server matches loosely). */
  key?: string;
  /**
   * Include archived (`deleted: true`) objects.
   * @default false
   */
  includeArchived?: boolean;
}

/** Body of `POST /api/1/flags` and `POST /api/1/experiments`; `projectId` is added from the client options. */
export interface CreateConfigObjectBody {
  /** Key, unique in the project across flags and experiments. */
  key: string;
  /** Display name. @default the key (server side) */
  name?: string;
  /** Description. */
  description?: string;
  /** Initial variants. */
  variants?: VariantBody[];
  /** Bucketing user property. */
  bucketingKey?: string;
  /** Weights for non-targeted users, by variant key. */
  rolloutWeights?: Record<string, number>;
  /** Target segments. */
  targetSegments?: Array<Partial<SegmentObject>>;
  /** Deployment ids. */
  deployments?: string[];
  /** `remote` or `local` evaluation. */
  evaluationMode?: "remote" | "local";
  /** Experiments only: `a-b-test` or `multi-arm-bandit`. */
  experimentType?: string;
  /** Other documented or future fields, sent as given. */
  [field: string]: unknown;
}

/** Variant endpoints of one flag or experiment. */
export interface VariantsApi {
  /** Lists the variants (full objects). */
  list(id: string): Promise<VariantObject[]>;
  /** Gets one variant. @throws ApiError `FF_ERR_NOT_FOUND` */
  get(id: string, key: string): Promise<VariantObject>;
  /** Creates a variant; after an ambiguous failure, checks whether it exists before replaying. */
  create(id: string, variant: VariantBody): Promise<void>;
  /** Edits a variant (`payload` replaces; `key` renames). */
  update(id: string, key: string, patch: Partial<VariantBody>): Promise<void>;
  /** Deletes a variant; an ambiguous failure followed by "gone" counts as success. */
  delete(id: string, key: string): Promise<void>;
}

/** Individual-user inclusions of a variant. */
export interface UsersApi {
  /** Lists included user/device ids, in insertion order. */
  list(id: string, variantKey: string): Promise<string[]>;
  /** Adds ids (additive); after an ambiguous failure, replays only if they are not all present. */
  add(id: string, variantKey: string, ids: string[]): Promise<void>;
  /** Removes every inclusion. */
  clear(id: string, variantKey: string): Promise<void>;
  /** Removes the listed ids via `bulk-delete-users`, 100 per request. */
  remove(id: string, variantKey: string, ids: string[]): Promise<void>;
}

/** Cohort inclusions of a variant. */
export interface CohortsApi {
  /** Lists included cohort ids. */
  list(id: string, variantKey: string): Promise<string[]>;
  /** Adds cohort ids; after an ambiguous failure, replays only if they are not all present. */
  add(id: string, variantKey: string, ids: string[]): Promise<void>;
  /** Removes the listed cohort ids via `bulk-delete-cohorts`, 100 per request. */
  remove(id: string, variantKey: string, ids: string[]): Promise<void>;
}

/** Deployment links of one flag or experiment. */
export interface LinksApi {
  /** Lists the deployments the object is on. */
  list(id: string): Promise<DeploymentObject[]>;
  /** Adds the object to deployments; after an ambiguous failure, replays only if not all linked. */
  add(id: string, deploymentIds: string[]): Promise<void>;
  /** Removes the object from one deployment. */
  remove(id: string, deploymentId: string): Promise<void>;
}

/** The endpoints of flags or experiments, which share one layout. */
export interface ConfigObjectsApi<T> {
  /** Iterates over the project's objects, 1,000 per page. */
  list(params?: ListParams): AsyncIterable<T>;
  /** Collects {@link ConfigObjectsApi.list} into an array. */
  listAll(params?: ListParams): Promise<T[]>;
  /** Finds the object with exactly this key, or `undefined`. Prefers a live object over an archived one. */
  findByKey(key: string, opts?: { includeArchived?: boolean }): Promise<T | undefined>;
  /** Gets one object by id. @throws ApiError `FF_ERR_NOT_FOUND` when it does not exist. */
  get(id: string): Promise<T>;
  /**
   * Creates an object. Never replayed blindly: after a timeout, reset or 5xx the client looks the key up
   * (archived included) and returns the existing object's id if the first attempt took effect.
   */
  create(body: CreateConfigObjectBody): Promise<{ id: string; url?: string }>;
  /** Edits fields (PATCH; `targetSegments` and `tags` replace the whole list). */
  update(id: string, patch: Record<string, unknown>): Promise<void>;
  /** Archives the object (`PATCH {archive: true}`, sent alone as the API requires); Amplitude has no delete. */
  archive(id: string): Promise<void>;
  /** Lists the object's versions, newest first. */
  versions(id: string): Promise<VersionEntry[]>;
  /** Variant endpoints. */
  variants: VariantsApi;
  /** User inclusion endpoints. */
  users: UsersApi;
  /** Cohort inclusion endpoints. */
  cohorts: CohortsApi;
  /** Deployment link endpoints. */
  deployments: LinksApi;
}

const OK = (): HttpResponse => syntheticResponse("OK");

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Builds the flag or experiment endpoints over a requester.
 * @param http - the shared request pipeline.
 * @param res - `flags` or `experiments`.
 * @param projectId - the project every list filters on and every create targets.
 * @param itemSchema - schema of one object.
 * @param pageSchema - schema of one list page, transformed to `{ items, nextCursor }`.
 */
export function configObjectsApi<S extends z.ZodType<{ id: string; key: string; deleted: boolean }>>(
  http: Requester,
  res: ConfigResource,
  projectId: string,
  itemSchema: S,
  pageSchema: z.ZodType<Page<z.output<S>>>,
): ConfigObjectsApi<z.output<S>> {
  type T = z.output<S>;
  const r = configRoutes(res);
  const noun = res === "flags" ? "flag" : "experiment";

  const list = (params: ListParams = {}): AsyncIterable<T> =>
    paginate<T>(async (cursor) => {
      const query = { projectId, limit: PAGE_LIMIT, cursor, key: params.key, includeArchived: params.includeArchived };
      return http.json({ what: `list ${res}`, method: "GET", route: r.collection, query }, pageSchema);
    });

  const listAll = async (params?: ListParams): Promise<T[]> => {
    const out: T[] = [];
    for await (const item of list(params)) out.push(item);
    return out;
  };

  const findByKey = async (key: string, opts: { includeArchived?: boolean } = {}): Promise<T | undefined> => {
    const matches = (await listAll({ key, includeArchived: opts.includeArchived })).filter((o) => o.key === key);
    return matches.find((o) => !o.deleted) ?? matches[0];
  };

  const get = (id: string): Promise<T> => http.json({ what: `get ${noun}`, method: "GET", route: r.item, params: { id } }, itemSchema);

  const create = async (body: CreateConfigObjectBody): Promise<{ id: string; url?: string }> => {
    const created = await http.json(
      {
        what: `create ${noun}`, method: "POST", route: r.collection, body: { ...body, projectId },
        reconcile: async () => {
          const found = await findByKey(body.key, { includeArchived: true });
          return found === undefined ? undefined : syntheticResponse(JSON.stringify({ id: found.id }));
        },
      },
      CreatedSchema,
    );
    return created.url === undefined ? { id: created.id } : { id: created.id, url: created.url };
  };

  const update = (id: string, patch: Record<string, unknown>): Promise<void> =>
    http.write({ what: `update ${noun}`, method: "PATCH", route: r.item, params: { id }, body: patch });

  const archive = (id: string): Promise<void> =>
    http.write({
      what: `archive ${noun}`, method: "PATCH", route: r.item, params: { id }, body: { archive: true },
      // A replay on an archived object may be refused ("Cannot edit archived flag"): check first.
      reconcile: async () => ((await get(id)).deleted ? OK() : undefined),
    });

  const versions = (id: string): Promise<VersionEntry[]> =>
    http.json({ what: `list ${noun} versions`, method: "GET", route: r.versions, params: { id } }, VersionArraySchema);

  const getVariant = (id: string, key: string): Promise<VariantObject> =>
    http.json({ what: `get ${noun} variant`, method: "GET", route: r.variant, params: { id, variantKey: key } }, VariantSchema);

  const variantExists = async (id: string, key: string): Promise<boolean> => {
    try {
      await getVariant(id, key);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  };

  const variants: VariantsApi = {
    list: (id) => http.json({ what: `list ${noun} variants`, method: "GET", route: r.variants, params: { id } }, z.array(VariantSchema)),
    get: getVariant,
    create: (id, variant) =>
      http.write({
        what: `create ${noun} variant`, method: "POST", route: r.variants, params: { id }, body: variant,
        reconcile: async () => ((await variantExists(id, variant.key)) ? OK() : undefined),
      }),
    update: (id, key, patch) =>
      http.write({
        what: `update ${noun} variant`, method: "PATCH", route: r.variant, params: { id, variantKey: key }, body: patch,
        // A rename replayed after it took effect would hit "Variant key does not exist": check the new key.
        reconcile: patch.key !== undefined && patch.key !== key
          ? async () => ((await variantExists(id, patch.key as string)) && !(await variantExists(id, key)) ? OK() : undefined)
          : undefined,
      }),
    delete: (id, key) =>
      http.write({
        what: `delete ${noun} variant`, method: "DELETE", route: r.variant, params: { id, variantKey: key },
        reconcile: async () => ((await variantExists(id, key)) ? undefined : OK()),
      }),
  };

  const inclusions = (kind: "users" | "cohorts") => {
    const listRoute = kind === "users" ? r.users : r.cohorts;
    const bulkRoute = kind === "users" ? r.bulkDeleteUsers : r.bulkDeleteCohorts;
    const what = kind === "users" ? "user inclusions" : "cohort inclusions";
    const listIds = (id: string, variantKey: string): Promise<string[]> =>
      http.json({ what: `list ${noun} ${what}`, method: "GET", route: listRoute, params: { id, variantKey } }, StringListSchema);
    const add = async (id: string, variantKey: string, ids: string[]): Promise<void> => {
      if (ids.length === 0) return;
      await http.write({
        what: `add ${noun} ${what}`, method: "POST", route: listRoute, params: { id, variantKey }, body: { inclusions: ids },
        // Additive endpoint: replaying an applied add could duplicate entries, so look before replaying.
        reconcile: async () => {
          const have = new Set(await listIds(id, variantKey));
          return ids.every((x) => have.has(x)) ? OK() : undefined;
        },
      });
    };
    const remove = async (id: string, variantKey: string, ids: string[]): Promise<void> => {
      for (const chunk of chunks(ids, BULK_DELETE_CHUNK)) {
        await http.write({
          // The API names the body field `users` for cohorts too (reference §5.12).
          what: `remove ${noun} ${what}`, method: "DELETE", route: bulkRoute, params: { id, variantKey }, body: { users: chunk },
          reconcile: async () => {
            const have = new Set(await listIds(id, variantKey));
            return chunk.some((x) => have.has(x)) ? undefined : OK();
          },
        });
      }
    };
    return { list: listIds, add, remove };
  };

  const users: UsersApi = {
    ...inclusions("users"),
    clear: (id, variantKey) =>
      http.write({ what: `clear ${noun} user inclusions`, method: "DELETE", route: r.users, params: { id, variantKey } }),
  };

  const listLinks = (id: string): Promise<DeploymentObject[]> =>
    http.json({ what: `list ${noun} deployments`, method: "GET", route: r.deployments, params: { id } }, DeploymentArraySchema);

  const deployments: LinksApi = {
    list: listLinks,
    add: async (id, deploymentIds) => {
      if (deploymentIds.length === 0) return;
      await http.write({
        what: `add ${noun} deployments`, method: "POST", route: r.deployments, params: { id }, body: { deployments: deploymentIds },
        reconcile: async () => {
          const have = new Set((await listLinks(id)).map((d) => d.id));
          return deploymentIds.every((d) => have.has(d)) ? OK() : undefined;
        },
      });
    },
    remove: (id, deploymentId) =>
      http.write({
        what: `remove ${noun} deployment`, method: "DELETE", route: r.deployment, params: { id, deploymentId },
        reconcile: async () => ((await listLinks(id)).some((d) => d.id === deploymentId) ? undefined : OK()),
      }),
  };

  return { list, listAll, findByKey, get, create, update, archive, versions, variants, users, cohorts: inclusions("cohorts"), deployments };
}
