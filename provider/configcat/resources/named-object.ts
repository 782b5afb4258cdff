import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { isNotFound, type ConfigCatClient } from "../api";
import { jsonEquals } from "../../core";
import { checkInputs, engineFailures, withoutUndefined } from "../../core/dynamic/check";
import { containsUnknown } from "../../core/dynamic/unknown";
import { forgetCreated, journalCreated, journaledCreator } from "../../core/dynamic/creation-journal";
import { isPendingNameOf, pendingName } from "../../core/dynamic/ownership-proof";
import { clientFor } from "./client-for";
import { describeFailure } from "./errors";
import { cachedLookup, invalidateCached } from "./live-cache";
import { cameWithOwnProduct, isTakenOver, journalKey, recordTakeover } from "./takeover";

/** Inputs every ConfigCat resource takes besides its own (design §1.0). */
export type CommonInputs = {
  adopt: boolean;
  deletionPolicy: "delete" | "retain";
  /** The resource's URN, set by the resource class: the identity its creates leave as proof of ownership. */
  owner?: string;
};

/** What differs between the product, config, environment, tag and segment providers. */
export interface NamedObjectSpec<Live, Inputs extends CommonInputs> {
  /** For messages: `product`. */
  readonly noun: string;
  /** Cache key of the list: `products`. */
  readonly collection: string;
  /** Validates and normalizes inputs (property-level errors). */
  readonly schema: z.ZodType<Omit<Inputs, keyof CommonInputs> & Partial<CommonInputs>>;
  /** The input naming the parent (organization or product); changing it replaces the object. */
  readonly parentField: keyof Inputs & string;
  /** For messages: `organization`, `product`. */
  readonly parentNoun: string;
  /** The longest name ConfigCat accepts. @default 255 */
  readonly maxNameLength?: number;
  /** Inputs written to ConfigCat; unset ones are not managed. */
  readonly managed: ReadonlyArray<keyof Inputs & string>;
  /** Inputs that only steer the provider (kept in state, never sent), besides `adopt` and `deletionPolicy`. */
  readonly options?: ReadonlyArray<keyof Inputs & string>;
  /** An input that can neither change in place nor by replacement, and the message that says what to do instead. */
  readonly immutable?: { readonly field: keyof Inputs & string; readonly message: (olds: Record<string, unknown>, news: Inputs) => string };
  /** The id of a live object. */
  idOf(live: Live): string;
  /** The object's natural key within its parent (its name). */
  nameOf(live: Live): string;
  list(client: ConfigCatClient, parent: string): Promise<Live[]>;
  get(client: ConfigCatClient, id: string): Promise<Live>;
  create(client: ConfigCatClient, parent: string, body: Record<string, unknown>, reconcile: () => Promise<Live | undefined>): Promise<Live>;
  update(client: ConfigCatClient, id: string, body: Record<string, unknown>): Promise<Live>;
  remove(client: ConfigCatClient, id: string, props: Record<string, unknown>): Promise<void>;
  /** The create body from the inputs. */
  createBody(inputs: Inputs): Record<string, unknown>;
  /**
   * The live object's state outputs: its managed fields as ConfigCat holds them, and read-only ones. Create and
   * read use the same projection, so a refresh right after a create changes no output.
   */
  project(live: Live): Record<string, unknown>;
  /**
   * Whether a managed input the program sets equals the live value (e.g. a map compared only on the keys the program
   * lists). @default JSON equality
   */
  same?(field: string, desired: unknown, live: unknown): boolean;
  /** What an update sends for a managed input the program sets, given the live value (e.g. a map merged into the live one). @default the input */
  merge?(field: string, desired: unknown, live: unknown): unknown;
  /**
   * Completes an object found in a list that lacks members (segments: the list has no comparison fields), using the
   * state when the object did not change since (`updatedAt`), else a GET. @default the listed object as is
   */
  complete?(client: ConfigCatClient, listed: Live, props: Record<string, unknown>): Promise<Live>;
  /** Runs right after this provider created `live` (products: record what the new product came with). */
  afterCreate?(client: ConfigCatClient, live: Live): Promise<void>;
}

/** A name for messages: `product 'Main' (id …)`. */
function label(noun: string, name: unknown, id?: string): string {
  return `${noun} '${String(name)}'${id ? ` (id ${id})` : ""}`;
}

/**
 * The provider of an object that has a name within a parent and is updated by `PUT` (product, config, environment,
 * tag, segment):
 * - `check`: property-level errors from the schema, before any request; unknown values pass.
 * - `diff`: only managed inputs compared (as JSON); a parent change replaces.
 * - `create`: adopts the single object with the same name when `adopt: true`; refuses (names the existing object)
 *   when one exists otherwise, so neither a Dashboard object nor an interrupted create's leftover is duplicated; an
 *   ambiguous failure is settled by looking for a new object with the name, never by a blind replay.
 * - `read`: from the parent's cached list (one request per parent), a GET by id when not listed; 404 ⇒ gone.
 * - `update`: `PUT` with every managed input plus the live values of the unmanaged fields (whether ConfigCat keeps
 *   or clears omitted members is undocumented, design §2.6).
 * - `delete`: per `deletionPolicy`; 404 counts as deleted; an object another resource adopted in this run is left alone.
 * @internal
 */
export function namedObjectProvider<Live, Inputs extends CommonInputs & Record<string, unknown>>(spec: NamedObjectSpec<Live, Inputs>) {
  const optionFields = ["adopt", "deletionPolicy", ...(spec.options ?? [])] as const;

  const outputsFrom = (live: Live, inputs: Record<string, unknown>): Record<string, unknown> =>
    withoutUndefined({
      ...Object.fromEntries(optionFields.map((f) => [f, inputs[f]])),
      [spec.parentField]: inputs[spec.parentField],
      ...spec.project(live),
    });

  const sameValue = spec.same ?? ((_f: string, a: unknown, b: unknown) => jsonEquals(a, b));
  const differs = (news: Record<string, unknown>, live: Record<string, unknown>): boolean =>
    spec.managed.some((f) => news[f] !== undefined && (containsUnknown(news[f]) || !sameValue(f, news[f], live[f])));

  const createdKey = (parent: string, id: string): string => journalKey(spec.collection, parent, id);

  const putBody = (news: Inputs, live: Live): Record<string, unknown> => {
    const current = spec.project(live);
    const merge = spec.merge ?? ((_f: string, desired: unknown) => desired);
    return Object.fromEntries(spec.managed.map((f) => [f, news[f] !== undefined ? merge(f, news[f], current[f]) : (current[f] ?? null)]));
  };

  return {
    async check(_olds: unknown, news: Record<string, unknown>) {
      const result = checkInputs(spec.schema, news);
      if (!result.ok) return { failures: engineFailures(result.failures) };
      return { inputs: withoutUndefined({ adopt: false, deletionPolicy: "delete", ...(result.value as object) }) };
    },

    async diff(id: string, olds: Record<string, unknown>, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
      // The engine has the object in its state: the journal's proof is no longer needed.
      forgetCreated(createdKey(String(olds[spec.parentField]), id));
      const parent = news[spec.parentField];
      const replaces = containsUnknown(parent) || parent !== olds[spec.parentField] ? [spec.parentField] : [];
      const imm = spec.immutable;
      if (imm && replaces.length === 0 && !containsUnknown(news[imm.field]) && olds[imm.field] !== undefined && news[imm.field] !== olds[imm.field]) {
        throw new Error(imm.message(olds, news));
      }
      const changes = replaces.length > 0 || differs(news, olds) || optionFields.some((f) => !jsonEquals(news[f], olds[f]));
      return { changes, replaces };
    },

    async create(inputs: Inputs) {
      const parent = String(inputs[spec.parentField]);
      const what = `creating ${label(spec.noun, inputs.name)} in ${spec.parentNoun} ${parent}`;
      const owner = typeof inputs.owner === "string" ? inputs.owner : undefined;
      try {
        const client = clientFor();
        invalidateCached(spec.collection, parent);
        const all = await spec.list(client, parent);
        const same = all.filter((o) => spec.nameOf(o) === inputs.name);
        // This resource's own create, cut off by a killed run before Pulumi recorded it: still under its pending
        // name, or already renamed and in this machine's creation journal. Proof, not a guess (guide rule 3).
        const interrupted = owner === undefined ? undefined
          : all.find((o) => isPendingNameOf(spec.nameOf(o), owner))
            ?? (same.length === 1 && journaledCreator(createdKey(parent, spec.idOf(same[0]!))) === owner ? same[0] : undefined);
        // What came with a product this stack just created is the stack's own: taken over without `adopt`.
        const cameWith = interrupted === undefined && same.length === 1 && cameWithOwnProduct(spec.collection, spec.idOf(same[0]!));
        const others = same.filter((o) => o !== interrupted);
        if (others.length > 0 && (interrupted !== undefined || (!inputs.adopt && !cameWith))) {
          throw new Error(
            `${article(spec.noun)} ${spec.noun} named '${String(inputs.name)}' already exists in ${spec.parentNoun} ${parent} (id ${others.map(spec.idOf).join(", ")}) ` +
              `and was not created by this resource; nothing was changed. Set \`adopt: true\` to manage it from this resource, or choose another name. ` +
              `Renamed this resource in the program? Give it \`aliases: [{ name: "<its old name>" }]\` instead, so Pulumi moves it rather than creating it anew.`,
          );
        }
        if (others.length > 1) {
          throw new Error(
            `\`adopt: true\` needs exactly one ${spec.noun} named '${String(inputs.name)}' in ${spec.parentNoun} ${parent}, found ${same.length} ` +
              `(ids ${same.map(spec.idOf).join(", ")}); rename the others in the ConfigCat Dashboard first. Nothing was changed.`,
          );
        }
        const found = interrupted ?? same[0];
        let live: Live;
        if (found !== undefined) {
          // The full object: lists may lack members (segments), and only a difference may cause a write.
          live = await spec.get(client, spec.idOf(found));
          const imm = spec.immutable;
          if (imm && spec.project(live)[imm.field] !== inputs[imm.field]) {
            throw new Error(imm.message({ ...spec.project(live), name: inputs.name }, inputs));
          }
          // Our own again: journaled, as a new object is, in case this run too dies before the checkpoint.
          if (interrupted === undefined) recordTakeover(spec.collection, spec.idOf(live));
          else journalCreated(createdKey(parent, spec.idOf(live)), owner!);
          const renamed = interrupted !== undefined && isPendingNameOf(spec.nameOf(live), owner!);
          if (differs(inputs, spec.project(live))) live = await spec.update(client, spec.idOf(live), putBody(inputs, live));
          // Still under its pending name, the object is fresh from its create: what it holds came with it (products).
          if (renamed) await spec.afterCreate?.(client, live);
        } else {
          const before = new Set(all.map(spec.idOf));
          // Created under a pending name, so that a run killed before Pulumi records the object leaves it provably
          // this resource's; it takes its own name right after, and the journal covers the rest of that window.
          const createdName = owner === undefined ? String(inputs.name) : pendingName(String(inputs.name), owner, spec.maxNameLength);
          // After an ambiguous failure: the create took effect if a new object with this name appeared.
          // The whole object by id: a list may lack members (segments' comparison fields).
          const reconcile = async () => {
            const made = (await spec.list(client, parent)).find((o) => spec.nameOf(o) === createdName && !before.has(spec.idOf(o)));
            return made === undefined ? undefined : spec.get(client, spec.idOf(made));
          };
          live = await spec.create(client, parent, { ...spec.createBody(inputs), name: createdName }, reconcile);
          if (owner !== undefined) {
            journalCreated(createdKey(parent, spec.idOf(live)), owner);
            live = await spec.update(client, spec.idOf(live), putBody(inputs, live));
          }
          await spec.afterCreate?.(client, live);
        }
        invalidateCached(spec.collection, parent);
        return { id: spec.idOf(live), outs: outputsFrom(live, inputs) };
      } catch (e) {
        throw new Error(describeFailure(what, e));
      }
    },

    async read(id: string, props: Record<string, unknown>) {
      const parent = String(props[spec.parentField]);
      try {
        const client = clientFor();
        let live: Live | undefined;
        try {
          const listed = await cachedLookup(spec.collection, parent, id, () => spec.list(client, parent), spec.idOf);
          live = listed === undefined ? await spec.get(client, id) : spec.complete ? await spec.complete(client, listed, props) : listed;
        } catch (e) {
          // The object, or its parent, was deleted outside Pulumi: the engine drops the resource from the stack.
          if (isNotFound(e)) return { id: "" };
          throw e;
        }
        return { id, props: outputsFrom(live, props) };
      } catch (e) {
        throw new Error(describeFailure(`reading ${label(spec.noun, props.name, id)}`, e));
      }
    },

    async update(id: string, olds: Record<string, unknown>, news: Inputs) {
      const parent = String(news[spec.parentField]);
      try {
        const client = clientFor();
        let live = await spec.get(client, id);
        if (differs(news, spec.project(live))) {
          invalidateCached(spec.collection, parent);
          live = await spec.update(client, id, putBody(news, live));
        }
        return { outs: outputsFrom(live, news) };
      } catch (e) {
        throw new Error(describeFailure(`updating ${label(spec.noun, olds.name, id)}`, e));
      }
    },

    async delete(id: string, props: Record<string, unknown>) {
      forgetCreated(createdKey(String(props[spec.parentField]), id));
      // Retained, or adopted by another resource of the stack in this run (a rename with `adopt: true`).
      if (props.deletionPolicy === "retain" || isTakenOver(spec.collection, id)) return;
      try {
        invalidateCached(spec.collection, String(props[spec.parentField]));
        await spec.remove(clientFor(), id, props);
      } catch (e) {
        if (isNotFound(e)) return;
        throw new Error(describeFailure(`deleting ${label(spec.noun, props.name, id)}`, e));
      }
    },
  };
}

/** "a" or "an" for a noun, as the messages start with it. */
function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? "an" : "a";
}
