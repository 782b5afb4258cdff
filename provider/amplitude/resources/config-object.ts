import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { isAlreadyExists, isApiError, isNotFound, type AmplitudeClient, type ConfigObjectsApi, type CreateConfigObjectBody } from "../api";
import { checkInputs, engineFailures, withoutUndefined } from "../../core/dynamic/check";
import { containsUnknown } from "../../core/dynamic/unknown";
import { withObjectLock } from "../../core/dynamic/keyed-mutex";
import type { JsonValue } from "./args";
import { changedFields, type DesiredVariant } from "./compare";
import { clientFor } from "./client-for";
import { invalidateCached } from "./live-cache";
import { liveReader, type ApiObject } from "./live-read";
import { commonCreateFields, commonPatchFields, type LiveConfigObject, type LiveVariant } from "./live-state";
import { reconcile } from "./reconcile";
import { managedFieldsOf, projectInputs, type ManagedFields } from "./input-projection";
import { fromState, toState } from "./state-shape";
import { describeFailure } from "./errors";
import { creationMarker, creator, markerOwner, recordTakeover, resourceName, takenOverBy } from "./ownership";

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

type Inputs = Record<string, unknown> & { projectId: string; key: string };
type Outputs = LiveConfigObject;

const replaceFields = ["projectId", "key"];

/** Builds the dynamic provider implementation for flags or experiments. */
export function configObjectProvider(spec: ConfigObjectSpec) {
  const patchFields = [...commonPatchFields, ...spec.extraPatchFields];
  const managedFields = ["variants", "deployments", ...patchFields];
  const api = (client: AmplitudeClient) => client[spec.collection] as unknown as ConfigObjectsApi<ApiObject>;
  const what = (inputs: { key: string; projectId: string }) => `${spec.noun} '${inputs.key}' in project ${inputs.projectId}`;

  const { fetchLive, outputsFrom, readBack } = liveReader({ collection: spec.collection, patchFields, readOnlyFields: spec.readOnlyFields });

  /** What is live right after the create POST, as far as known without reading it back. */
  function afterCreate(inputs: Inputs, created: { url?: string }): Outputs {
    const sent: Record<string, unknown> = Object.fromEntries([...commonCreateFields, ...spec.extraCreateFields].map((f) => [f, inputs[f]]));
    if (typeof inputs.owner === "string") sent.description = creationMarker(inputs.owner);
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
    const obj = found.deleted ? found : await fetchLive(client, found.id, undefined, { useList: false });
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

  async function createOrRecover(client: AmplitudeClient, inputs: Inputs): Promise<{ id: string; live: Outputs }> {
    try {
      const created = await api(client).create(createBody(inputs));
      return { id: created.id, live: afterCreate(inputs, created) };
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      const existing = await findExisting(client, inputs);
      if (!existing) throw e;
      // The key is taken. Only this resource's own earlier create, interrupted before Pulumi recorded it, may
      // be taken over: its first version carries this resource's creation marker (see ownership.ts). An
      // archived one of ours comes back by unarchiving it (its key stays reserved), as `up --refresh` does.
      const madeBy = creator(await api(client).versions(existing.id));
      if (madeBy === undefined || madeBy !== inputs.owner) throw new Error(notOursMessage(what(inputs), inputs.owner, existing, madeBy));
      return existing.archived ? (await adopt(client, inputs))! : existing;
    }
  }

  /**
   * A replacement creates the new key first: when that key is held by an object this resource may not take
   * over, say so at preview rather than promise a replace that `up` cannot carry out. Runs only when a
   * replacement is planned (one lookup); an archived holder is left to the create, since whether archived
   * objects keep their key is the server's choice.
   */
  async function assertReplaceable(news: Inputs): Promise<void> {
    const client = clientFor(news.projectId);
    const holder = await api(client).findByKey(news.key);
    if (!holder || holder.deleted) return;
    const madeBy = creator(await api(client).versions(holder.id));
    if (madeBy !== news.owner) throw new Error(`replacing ${what(news)} is not possible: ${notOursMessage(what(news), news.owner, { id: holder.id, archived: false }, madeBy)}`);
  }

  async function create(inputs: Inputs): Promise<{ id: string; outs: Outputs }> {
    const client = clientFor(inputs.projectId);
    invalidateCached(inputs.projectId, spec.collection);
    const adopted = inputs.adopt ? await adopt(client, inputs) : undefined;
    const { id, live } = adopted ?? (await createOrRecover(client, inputs));
    // Taken over from whoever had it: a resource of this stack deleted later in this run must leave it be.
    if (adopted) recordTakeover(spec.collection, id, inputs.owner as string | undefined);
    // A new object carries the creation marker as its description until here: set the real one (Amplitude's
    // default, "", when the program leaves it unmanaged).
    const desired = adopted || markerOwnerOf(live) === undefined ? inputs : { ...inputs, description: inputs.description ?? "" };
    try {
      const outs = await withObjectLock(`${spec.collection}/${id}`, async () =>
        readBack(client, id, await reconcile(api(client), id, live, desired, patchFields)),
      );
      return { id, outs: withProvider(written(outs, inputs), inputs) };
    } catch (e) {
      // The object exists: report a partial failure so the engine records it and the next `up` finishes the
      // job instead of trying to create the key again.
      throw Object.assign(new Error(describeFailure(`creating ${what(inputs)}`, e)), {
        id,
        properties: withProvider(toState(live), inputs),
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
    if (typeof inputs.owner === "string") body.description = creationMarker(inputs.owner);
    return body;
  }

  return {
    async check(olds: Record<string, unknown> | undefined, news: Record<string, unknown>) {
      const result = checkInputs(spec.schema, news);
      if (!result.ok) return { failures: engineFailures(result.failures) };
      return { inputs: withoutUndefined(withOptions(result.value, olds)) };
    },

    async diff(_id: string, state: Outputs, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
      const olds = fromState(state);
      const replaces = replaceFields.filter((f) => containsUnknown(news[f]) || String(news[f]) !== String(olds[f]));
      if (replaces.length > 0 && !containsUnknown([news.projectId, news.key])) await assertReplaceable(news);
      const changes = changedFields(olds, news, managedFields);
      const optionChanged = (news.deletionPolicy ?? "archive") !== (olds.deletionPolicy ?? "archive");
      // Archived outside Pulumi (a refresh recorded `deleted: true`): the update restores it.
      const archived = olds.deleted === true;
      return { changes: replaces.length > 0 || changes.length > 0 || optionChanged || archived, replaces };
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
        const previous = fromState(props);
        const obj = await fetchLive(clientFor(props.projectId), id, previous, { useList: true });
        if (!obj) return { id: "" };
        const managed = props.managedFields as unknown as ManagedFields | undefined;
        if (obj.deleted) {
          // Archived outside Pulumi, but still this resource's object: keep it, so `up` restores it by id
          // (same salt, same bucketing) rather than creating a new one. Shown as `- deleted: true`.
          const outs: Outputs = { ...props, deleted: true };
          return { id, props: withProvider(outs, props), ...(managed ? { inputs: { ...projectInputs(fromState(outs), managed), deleted: true } } : {}) };
        }
        // The object's app link is only in the create response; outputsFrom keeps the recorded one.
        const outs: Outputs = outputsFrom(obj, options(previous), previous);
        // Stored in the shape `props` has, so state written by earlier versions refreshes without changes.
        if (!managed) return { id, props: withProvider(toState(outs, props), props) };
        outs.managedFields = managed as unknown as JsonValue;
        return { id, props: withProvider(toState(outs, props), props), inputs: projectInputs(outs, managed) };
      } catch (e) {
        throw new Error(describeFailure(`reading ${what(props)} (id ${id})`, e));
      }
    },

    async update(id: string, state: Outputs, news: Inputs) {
      const olds = fromState(state);
      try {
        invalidateCached(news.projectId, spec.collection);
        const client = clientFor(news.projectId);
        const outs = await withObjectLock(`${spec.collection}/${id}`, async () => {
          let live = olds;
          const restore = async () => {
            // Restore the same object (unarchive by id, sent alone as the API requires), then read what it holds.
            await api(client).update(id, { archive: false });
            const obj = await fetchLive(client, id, olds, { useList: false });
            if (obj) live = outputsFrom(obj, options(olds), olds);
          };
          if (olds.deleted === true) await restore();
          try {
            const applied = await readBack(client, id, await reconcile(api(client), id, live, news, patchFields));
            if (applied.deleted !== true) return applied;
            // Archived outside Pulumi, and nothing written went to the object's own endpoint (a variant-only
            // change), so no write was refused: restore it and apply again.
            await restore();
            return readBack(client, id, await reconcile(api(client), id, live, news, patchFields));
          } catch (e) {
            // Archived outside Pulumi since the last refresh: the first write is refused ("Cannot edit archived
            // flag"). It is still this resource's object: restore it as `up --refresh` would, then apply.
            if (!(isApiError(e) && e.status === 400) || !(await isArchived(api(client), id, false))) throw e;
            await restore();
            return readBack(client, id, await reconcile(api(client), id, live, news, patchFields));
          }
        });
        return { outs: withProvider(written(outs, news), news) };
      } catch (e) {
        throw new Error(describeFailure(`updating ${what(news)} (id ${id})`, e));
      }
    },

    async delete(id: string, props: Outputs) {
      if (props.deletionPolicy === "retain") return;
      // Another resource of the stack took this object over in this run (a rename with `adopt: true`):
      // archiving it would take it from under that resource.
      if (takenOverBy(spec.collection, id, fromState(props).owner as string | undefined) !== undefined) return;
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

/**
 * The outputs to store after a write: compact (see state-shape.ts), with the options as `inputs` now set them
 * (not as the previous outputs had them) and the program's {@link ManagedFields}.
 */
function written(outs: Outputs, inputs: Record<string, unknown>): Outputs {
  const { adopt: _adopt, deletionPolicy: _deletionPolicy, ...live } = outs;
  return toState({ ...live, ...options(inputs), managedFields: managedFieldsOf(inputs) as unknown as JsonValue });
}

async function isArchived(objects: ConfigObjectsApi<ApiObject>, id: string, goneCounts = true): Promise<boolean> {
  try {
    return (await objects.get(id)).deleted === true;
  } catch (e) {
    return goneCounts && isNotFound(e);
  }
}

/**
 * The resource options and owner recorded in the outputs, as `source` (the inputs, or the outputs on refresh)
 * has them: a refresh restates the inputs from them (input-projection.ts).
 */
function options(source: Record<string, unknown>) {
  return {
    ...(typeof source.adopt === "boolean" ? { adopt: source.adopt } : {}),
    ...(typeof source.deletionPolicy === "string" ? { deletionPolicy: source.deletionPolicy } : {}),
    ...(typeof source.owner === "string" ? { owner: source.owner } : {}),
  };
}

/**
 * The checked inputs with the options stored only when they differ from their defaults (`adopt: false`,
 * `deletionPolicy: "archive"`), as every reader assumes. Inputs that 0.2.0 and earlier recorded with both
 * defaults spelled out (`olds`) keep them, so they stay the inputs a refresh restates from those outputs.
 */
function withOptions(value: Record<string, unknown>, olds: Record<string, unknown> | undefined): Record<string, unknown> {
  if (olds?.adopt === false || olds?.deletionPolicy === "archive") return { adopt: false, deletionPolicy: "archive", ...value };
  const { adopt, deletionPolicy, ...rest } = value;
  return { ...rest, ...(adopt === true ? { adopt } : {}), ...(deletionPolicy !== undefined && deletionPolicy !== "archive" ? { deletionPolicy } : {}) };
}

const markerOwnerOf = (live: Outputs) => markerOwner(live.description);

/** Why a create may not take over the object that holds its key, and the ways out. */
function notOursMessage(what: string, owner: unknown, existing: { id: string; archived: boolean }, madeBy: string | undefined): string {
  const head = `${what} already exists (id ${existing.id}${existing.archived ? ", archived" : ""})`;
  const stackOf = (urn: string) => urn.split("::").slice(0, 2).join("::");
  const sameStack = madeBy !== undefined && typeof owner === "string" && stackOf(madeBy) === stackOf(owner);
  const origin = madeBy === undefined
    ? "it was not created by this stack (made in the Amplitude UI, by a script, or before ownership was recorded)"
    : sameStack
      ? `it was created by another resource of this stack, '${resourceName(madeBy)}'. If you renamed that resource, add \`aliases: [{ name: "${resourceName(madeBy)}" }]\` so Pulumi keeps managing the same object`
      : `it was created by another Pulumi stack (${madeBy})`;
  return `${head}; ${origin}. Nothing was changed. To manage it from this resource instead, set \`adopt: true\`; or choose another key`;
}

// The host puts `__provider` back into the outputs only on success; partial failures must carry it
// themselves, or a later `read` or `delete` cannot find the provider.
function withProvider<T extends object>(outs: T, inputs: Record<string, unknown>): T {
  return inputs.__provider === undefined ? outs : { ...outs, __provider: inputs.__provider };
}
