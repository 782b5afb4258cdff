import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { isApiError, isNotFound, type AmplitudeClient, type ConfigObjectsApi, type CreateConfigObjectBody } from "../api";
import { checkInputs, withoutUndefined } from "../../core/dynamic/check";
import { containsUnknown } from "../../core/dynamic/unknown";
import { withObjectLock } from "../../core/dynamic/keyed-mutex";
import type { JsonValue } from "./args";
import { changedFields, fieldEqual, type DesiredVariant } from "./compare";
import { clientFor } from "./client-for";
import { cachedLookup, invalidateCached } from "./live-cache";
import { commonCreateFields, commonPatchFields, type LiveConfigObject, type LiveVariant } from "./live-state";
import { reconcile } from "./reconcile";
import { managedFieldsOf, projectInputs, type ManagedFields } from "./input-projection";
import { describeFailure } from "./errors";

/** What distinguishes flags from experiments; everything else is shared. */
export interface ConfigObjectSpec {
  /** API collection. */
  collection: "flags" | "experiments";
  /** Noun used in messages. */
  noun: "flag" | "experiment";
  /** Validates and normalizes the inputs. */
  schema: z.ZodType<Record<string, unknown>>;
  /** Fields beyond the common ones that the create body accepts. */
  extraCreateFields: readonly string[];
  /** Fields beyond the common ones that PATCH accepts. */
  extraPatchFields: readonly string[];
  /** Read-only fields copied from the API into the outputs. */
  readOnlyFields: readonly string[];
}

type ApiObject = Record<string, unknown> & { id: string; deleted?: boolean; variants?: Record<string, unknown>[] };
type Inputs = Record<string, unknown> & { projectId: string; key: string };
type Outputs = LiveConfigObject;

const replaceFields = ["projectId", "key"];

/** Builds the dynamic provider implementation for flags or experiments. */
export function configObjectProvider(spec: ConfigObjectSpec) {
  const patchFields = [...commonPatchFields, ...spec.extraPatchFields];
  const managedFields = ["variants", "deployments", ...patchFields];
  const api = (client: AmplitudeClient) => client[spec.collection] as unknown as ConfigObjectsApi<ApiObject>;
  const what = (inputs: { key: string; projectId: string }) => `${spec.noun} '${inputs.key}' in project ${inputs.projectId}`;

  async function fetchLive(client: AmplitudeClient, id: string, previous: Outputs | undefined, useList: boolean) {
    const objects = api(client);
    let obj: ApiObject | undefined;
    if (useList && previous) {
      obj = await cachedLookup(previous.projectId, spec.collection, id, () => objects.listAll({ includeArchived: true }));
    }
    if (!obj) {
      try {
        obj = await objects.get(id);
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    }
    if (obj === undefined || obj.deleted) return obj;
    // Lists may carry variant keys only (as in the docs' examples); details then need their own call.
    const variants = (obj.variants ?? []).every((v) => "rolloutWeight" in v || "payload" in v)
      ? (obj.variants ?? [])
      : ((await objects.variants.list(id)) as unknown as Record<string, unknown>[]);
    const managed = (key: string, kind: "users" | "cohorts") =>
      previous?.variants.find((v) => v.key === key)?.[kind] != null;
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

  function outputsFrom(obj: Record<string, unknown>, options: { adopt: boolean; deletionPolicy: string }): Outputs {
    const out: Record<string, unknown> = {
      projectId: String(obj.projectId),
      key: obj.key,
      url: obj.url ?? null,
      variants: obj.variants ?? [],
      targetSegments: obj.targetSegments ?? [],
      deployments: ((obj.deployments as unknown[]) ?? []).map(String),
      tags: obj.tags ?? [],
      ...options,
    };
    for (const f of [...patchFields, ...spec.readOnlyFields]) {
      if (out[f] === undefined) out[f] = obj[f] === undefined ? null : obj[f];
    }
    for (const f of ["startDate", "endDate"]) if (typeof out[f] === "string") out[f] = (out[f] as string).slice(0, 10);
    return withoutUndefined(out) as Outputs;
  }

  /** What is live right after the create POST, as far as known without reading it back. */
  function afterCreate(inputs: Inputs, created: { url?: string }): Outputs {
    const sent = Object.fromEntries([...commonCreateFields, ...spec.extraCreateFields].map((f) => [f, inputs[f]]));
    const variants = (inputs.variants as DesiredVariant[] | undefined)?.map(
      (v): LiveVariant => ({
        key: v.key,
        name: v.name ?? null,
        description: v.description ?? null,
        payload: v.payload ?? null,
        rolloutWeight: v.rolloutWeight ?? null,
        users: v.users === undefined ? null : [],
        cohorts: v.cohorts === undefined ? null : [],
      }),
    );
    return outputsFrom(
      { ...sent, projectId: inputs.projectId, key: inputs.key, url: created.url, variants, deployments: inputs.deployments, tags: [] },
      options(inputs),
    );
  }

  /** The object that holds this key, read the way a refresh would, with the inclusions the program manages. */
  async function findExisting(client: AmplitudeClient, inputs: Inputs) {
    const found = await api(client).findByKey(inputs.key, { includeArchived: true });
    if (!found) return undefined;
    const obj = found.deleted ? found : await fetchLive(client, found.id, undefined, false);
    if (!obj) return undefined;
    const live = outputsFrom(obj, options(inputs));
    if (!found.deleted) {
      for (const v of live.variants) {
        const want = (inputs.variants as DesiredVariant[] | undefined)?.find((d) => d.key === v.key);
        if (want?.users !== undefined) v.users = await api(client).users.list(found.id, v.key);
        if (want?.cohorts !== undefined) v.cohorts = await api(client).cohorts.list(found.id, v.key);
      }
    }
    return { id: found.id, archived: found.deleted === true, live };
  }

  async function adopt(client: AmplitudeClient, inputs: Inputs) {
    const existing = await findExisting(client, inputs);
    if (!existing?.archived) return existing;
    await api(client).update(existing.id, { archive: false });
    return findExisting(client, inputs);
  }

  // An unarchived object whose create-time fields equal ours can only be the result of an earlier create of
  // this very resource that was interrupted before Pulumi saved it; taking it over is what makes retries safe.
  function isOurInterruptedCreate(live: Outputs, inputs: Inputs): boolean {
    const fields = ["variants", "deployments", ...commonCreateFields, ...spec.extraCreateFields].filter(
      (f) => inputs[f] !== undefined,
    );
    const createShape = (f: string) =>
      f === "variants"
        ? (inputs.variants as DesiredVariant[]).map(({ users: _u, cohorts: _c, ...v }) => v)
        : inputs[f];
    return fields.every((f) => fieldEqual(f, live, createShape(f)));
  }

  async function createOrRecover(client: AmplitudeClient, inputs: Inputs): Promise<{ id: string; live: Outputs }> {
    try {
      const created = await api(client).create(createBody(inputs));
      return { id: created.id, live: afterCreate(inputs, created) };
    } catch (e) {
      if (!(isApiError(e) && /already exists/i.test(e.serverMessage ?? ""))) throw e;
      const existing = await findExisting(client, inputs);
      if (!existing) throw e;
      // An archived object keeps its key, so the program's object can only come back by unarchiving it:
      // that is what `up` after someone archived a managed flag in the UI must do.
      if (existing.archived) return (await adopt(client, inputs))!;
      if (!isOurInterruptedCreate(existing.live, inputs)) {
        throw new Error(
          `${what(inputs)} already exists (id ${existing.id}) and differs from this program; ` +
            "set `adopt: true` to manage it, or choose another key",
        );
      }
      return existing;
    }
  }

  async function create(inputs: Inputs): Promise<{ id: string; outs: Outputs }> {
    const client = clientFor(inputs.projectId);
    invalidateCached(inputs.projectId, spec.collection);
    const { id, live } = (inputs.adopt ? await adopt(client, inputs) : undefined) ?? (await createOrRecover(client, inputs));
    try {
      const outs = await withObjectLock(`${spec.collection}/${id}`, () => reconcile(api(client), id, live, inputs, patchFields));
      return { id, outs: withProvider(withManaged(withCreateDefaults(outs), inputs), inputs) };
    } catch (e) {
      // The object exists: report a partial failure so the engine records it and the next `up` finishes the
      // job instead of trying to create the key again.
      throw Object.assign(new Error(describeFailure(`creating ${what(inputs)}`, e)), {
        id,
        properties: withProvider(live, inputs),
        reasons: [describeFailure("finishing the create", e)],
      });
    }
  }

  function createBody(inputs: Inputs): CreateConfigObjectBody {
    const fields: Record<string, unknown> = { projectId: inputs.projectId, key: inputs.key };
    for (const f of [...commonCreateFields, ...spec.extraCreateFields]) if (inputs[f] !== undefined) fields[f] = inputs[f];
    const body = fields as unknown as CreateConfigObjectBody;
    const variants = inputs.variants as DesiredVariant[] | undefined;
    if (variants) {
      body.variants = variants.map(({ key, name, description, payload }) => withoutUndefined({ key, name, description, payload }));
      if (variants.some((v) => v.rolloutWeight !== undefined)) {
        body.rolloutWeights = Object.fromEntries(variants.map((v) => [v.key, v.rolloutWeight ?? 0]));
      }
    }
    if (inputs.deployments !== undefined) body.deployments = inputs.deployments as string[];
    return body;
  }

  return {
    async check(_olds: unknown, news: Record<string, unknown>) {
      const result = checkInputs(spec.schema, news);
      if (!result.ok) return { failures: result.failures };
      return { inputs: withoutUndefined({ adopt: false, deletionPolicy: "archive", ...result.value }) };
    },

    async diff(_id: string, olds: Outputs, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
      const replaces = replaceFields.filter((f) => containsUnknown(news[f]) || String(news[f]) !== String(olds[f]));
      const changes = changedFields(olds, news, managedFields);
      const optionChanged = (news.deletionPolicy ?? "archive") !== olds.deletionPolicy;
      return { changes: replaces.length > 0 || changes.length > 0 || optionChanged, replaces };
    },

    async create(inputs: Inputs) {
      try {
        return await create(inputs);
      } catch (e) {
        if ((e as { id?: string }).id) throw e;
        throw new Error(describeFailure(`creating ${what(inputs)}`, e));
      }
    },

    async read(id: string, props: Outputs) {
      try {
        const obj = await fetchLive(clientFor(props.projectId), id, props, true);
        if (!obj || obj.deleted) return { id: "" };
        // The object's app link is only in the create response; keep it.
        const outs: Outputs = { ...outputsFrom(obj, options(props)), url: (obj as { url?: string }).url ?? props.url ?? null };
        const managed = props.managedFields as unknown as ManagedFields | undefined;
        if (!managed) return { id, props: withProvider(outs, props) };
        outs.managedFields = managed as unknown as JsonValue;
        return { id, props: withProvider(outs, props), inputs: projectInputs(outs, managed) };
      } catch (e) {
        throw new Error(describeFailure(`reading ${what(props)} (id ${id})`, e));
      }
    },

    async update(id: string, olds: Outputs, news: Inputs) {
      try {
        invalidateCached(news.projectId, spec.collection);
        const outs = await withObjectLock(`${spec.collection}/${id}`, () =>
          reconcile(api(clientFor(news.projectId)), id, olds, news, patchFields),
        );
        return { outs: withProvider(withManaged({ ...outs, ...options(news) }, news), news) };
      } catch (e) {
        throw new Error(describeFailure(`updating ${what(news)} (id ${id})`, e));
      }
    },

    async delete(id: string, props: Outputs) {
      if (props.deletionPolicy === "retain") return;
      const objects = api(clientFor(props.projectId));
      invalidateCached(props.projectId, spec.collection);
      try {
        await withObjectLock(`${spec.collection}/${id}`, async () => {
          if (props.deletionPolicy === "disable-then-archive") await objects.update(id, { enabled: false });
          await objects.update(id, { archive: true });
        });
      } catch (e) {
        if (isNotFound(e)) return; // already gone
        if (isApiError(e) && e.status === 400 && (await isArchived(objects, id))) return;
        throw new Error(describeFailure(`archiving ${what(props)} (id ${id})`, e));
      }
    },
  };
}

// What Amplitude's documented examples show for a new object. Only fields still unknown after the create are
// filled, for display: they are not managed, so they never cause a diff, and the next refresh reads the
// real values. Without them the first `preview --refresh` would list every one as newly appeared.
const createDefaults: Record<string, JsonValue> = {
  description: "", enabled: false, evaluationMode: "remote", bucketingKey: "amplitude_id", bucketingUnit: "User",
  rolloutPercentage: 0, stickyBucketing: false,
};

function withCreateDefaults(outs: Outputs): Outputs {
  const filled: Outputs = { ...outs, name: outs.name ?? outs.key };
  for (const [field, value] of Object.entries(createDefaults)) if (filled[field] === null) filled[field] = value;
  filled.variants = outs.variants.map((v) => ({
    ...v, name: v.name ?? "", description: v.description ?? "", rolloutWeight: v.rolloutWeight ?? 1,
  }));
  return filled;
}

function withManaged(outs: Outputs, inputs: Record<string, unknown>): Outputs {
  return { ...outs, managedFields: managedFieldsOf(inputs) as unknown as JsonValue };
}

async function isArchived(objects: ConfigObjectsApi<ApiObject>, id: string): Promise<boolean> {
  try {
    return (await objects.get(id)).deleted === true;
  } catch (e) {
    return isNotFound(e);
  }
}

function options(source: Record<string, unknown>) {
  return { adopt: source.adopt === true, deletionPolicy: (source.deletionPolicy as string | undefined) ?? "archive" };
}

// The host puts `__provider` back into the outputs only on success; partial failures must carry it
// themselves, or a later `read` or `delete` cannot find the provider.
function withProvider<T extends object>(outs: T, inputs: Record<string, unknown>): T {
  return inputs.__provider === undefined ? outs : { ...outs, __provider: inputs.__provider };
}
