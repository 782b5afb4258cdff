import type * as pulumi from "@pulumi/pulumi";
import { isAlreadyExists, isNotFound, type ConfigCatClient, type Setting as LiveSetting, type SettingType } from "../api";
import { isReplaySafePatch, jsonEquals, replaceChanged, setOperations, type JsonPatchOperation } from "../../core";
import { checkInputs, engineFailures, withoutUndefined } from "../../core/dynamic/check";
import { forgetCreated, journalCreated, journaledCreator } from "../../core/dynamic/creation-journal";
import { withObjectLock } from "../../core/dynamic/keyed-mutex";
import { isPendingNameOf, pendingName } from "../../core/dynamic/ownership-proof";
import { containsUnknown } from "../../core/dynamic/unknown";
import { clientFor, serverKey } from "./client-for";
import { describeFailure } from "./errors";
import { cachedList, cachedLookup, cacheRemoved, cacheWritten, invalidateCached } from "./live-cache";
import { isTakenOver, journalKey, recordTakeover } from "./takeover";
import { settingSchema } from "./validation";
import { flagOfType } from "../api/setting-types";

/** A flag's inputs after `check`. @internal */
export interface SettingInputs {
  adopt: boolean;
  deletionPolicy: "delete" | "retain";
  configId: string;
  key: string;
  settingType: SettingType;
  name?: string;
  hint?: string;
  order?: number;
  isJson?: boolean;
  tags?: number[];
  /** The resource's URN, set by the resource class: the identity its creates leave as proof of ownership. */
  owner?: string;
}

/** A flag as recorded in state. */
export interface SettingOutputs {
  adopt: boolean;
  deletionPolicy: string;
  settingId: number;
  configId: string;
  key: string;
  settingType: SettingType;
  name: string;
  hint: string | null;
  order: number;
  isJson: boolean;
  /** Only when the program manages the flag's tags. */
  tags?: number[];
  configName: string;
  createdAt: string | null;
}

const scalarFields = ["name", "hint", "order", "isJson"] as const;

/**
 * The outputs for a live flag. `tags` only when this resource manages them (`source`, the inputs or on refresh the
 * recorded outputs, has them): tags attached by `SettingTag`s are those resources' business, and reporting them here
 * would make every refresh after a `SettingTag` change show an output change on the flag.
 */
function outputsFrom(s: LiveSetting, source: { adopt?: boolean; deletionPolicy?: string; tags?: unknown }): SettingOutputs {
  return withoutUndefined({
    adopt: source.adopt === true, deletionPolicy: source.deletionPolicy ?? "delete",
    settingId: s.settingId, configId: s.configId, key: s.key, settingType: s.settingType, name: s.name, hint: s.hint, order: s.order,
    isJson: s.isJson, tags: source.tags === undefined ? undefined : s.tags.map((t) => t.tagId), configName: s.configName, createdAt: s.createdAt,
  }) as SettingOutputs;
}

const sameTags = (a: readonly number[] | undefined, b: readonly number[]): boolean =>
  a === undefined || (new Set(a.map(Number)).size === new Set(b).size && a.every((t) => b.includes(Number(t))));

/** Whether the live flag differs from the program in any managed field. */
function differs(news: Record<string, unknown>, live: { name: unknown; hint: unknown; order: unknown; isJson: unknown; tags?: number[] }): boolean {
  if (containsUnknown(news.tags)) return true;
  return scalarFields.some((f) => news[f] !== undefined && (containsUnknown(news[f]) || !jsonEquals(news[f], live[f])))
    || !sameTags(news.tags as number[] | undefined, live.tags ?? []);
}

/** The patch that makes the live flag match the program: changed scalars replaced, tags added/removed as a set. */
function patchFor(live: LiveSetting, news: SettingInputs): JsonPatchOperation[] {
  const current = { name: live.name, hint: live.hint ?? undefined, order: live.order, isJson: live.isJson };
  return [
    ...replaceChanged(current, news, [...scalarFields]),
    ...(news.tags ? setOperations("/tags", live.tags.map((t) => t.tagId), news.tags) : []),
  ];
}

/**
 * Brings a flag in line with the program: a fresh GET, then a JSON Patch of the changed paths only (never a PUT,
 * which resets every omitted member, tags included), under a per-flag lock so two writes never interleave their
 * tag indexes. A patch with `add`/`remove` is not replayed blindly: after an ambiguous failure the flag is read
 * again, and the patch counts as applied when the flag already matches.
 */
async function converge(client: ConfigCatClient, settingId: number, news: SettingInputs, fresh?: LiveSetting): Promise<LiveSetting> {
  return withSettingLock(settingId, async () => {
    const live = fresh ?? (await client.settings.get(settingId));
    const ops = patchFor(live, news);
    if (ops.length === 0) return live;
    const reconcile = async () => {
      const now = await client.settings.get(settingId);
      return patchFor(now, news).length === 0 ? now : undefined;
    };
    try {
      const patched = await client.settings.patch(settingId, ops, isReplaySafePatch(ops) ? undefined : reconcile);
      // The run's list of the config stays whole, with this flag as it now is: the values created next find their
      // flag there instead of reading it (a create's rename patches every new flag).
      cacheWritten("settings", live.configId, String(settingId), patched);
      return patched;
    } catch (e) {
      invalidateCached("settings", live.configId);
      throw e;
    }
  });
}

/**
 * Runs `work` after every earlier write to the same flag in this provider process has settled: a flag's tags are
 * patched by index, so a `Setting` update and the `SettingTag`s of that flag must never interleave their reads and writes.
 * @param settingId - the flag.
 * @param work - a read-then-patch of the flag.
 * @internal
 */
export function withSettingLock<T>(settingId: number, work: () => Promise<T>): Promise<T> {
  return withObjectLock(`configcat|${serverKey()}|setting|${settingId}`, work);
}

/** A flag's identity in the creation journal. */
const createdKey = (configId: string, settingId: string | number): string => journalKey("settings", configId, settingId);

function conflictMessage(inputs: SettingInputs, existing: LiveSetting): string {
  return (
    `a flag with key '${inputs.key}' already exists in config ${inputs.configId} (id ${existing.settingId}, ${flagOfType(existing.settingType)}) ` +
    "and was not created by this resource; nothing was changed. Set `adopt: true` to manage it from this resource, or choose another key. " +
    "Renamed this resource in the program? Give it `aliases: [{ name: \"<its old name>\" }]` instead, so Pulumi moves it rather than creating it anew."
  );
}

/** The flag provider, run in the engine's provider process. @internal */
export const settingProvider = {
  async check(_olds: unknown, news: Record<string, unknown>) {
    const result = checkInputs(settingSchema, news);
    if (!result.ok) return { failures: engineFailures(result.failures) };
    return { inputs: withoutUndefined({ adopt: false, deletionPolicy: "delete", settingType: "boolean", ...(result.value as object) }) };
  },

  async diff(id: string, olds: SettingOutputs, news: SettingInputs): Promise<pulumi.dynamic.DiffResult> {
    // The engine has the flag in its state: the journal's proof is no longer needed.
    forgetCreated(createdKey(olds.configId, id));
    const replaces = (["configId", "key", "settingType"] as const).filter((f) => containsUnknown(news[f]) || news[f] !== olds[f]);
    // The replacement would be created while the old flag still holds the key: "This key is already in use".
    const keyStays = !containsUnknown([news.configId, news.key]) && news.configId === olds.configId && news.key === olds.key;
    const changes = replaces.length > 0 || differs(news as never, olds) || news.adopt !== olds.adopt || news.deletionPolicy !== olds.deletionPolicy;
    return { changes, replaces: [...replaces], deleteBeforeReplace: replaces.length > 0 && keyStays };
  },

  async create(inputs: SettingInputs) {
    const what = `creating flag '${inputs.key}' in config ${inputs.configId}`;
    const owner = inputs.owner;
    // The flag's name as the program wants it; a create leaves it to ConfigCat's default, the key.
    const named = { ...inputs, name: inputs.name ?? inputs.key };
    try {
      const client = clientFor();
      const list = () => client.settings.list(inputs.configId);
      const byKey = (all: Iterable<LiveSetting>) => [...all].find((s) => s.key === inputs.key);
      const listed = async () => byKey((await cachedList("settings", inputs.configId, list, (s) => String(s.settingId)))?.values() ?? (await list()));
      const fresh = async () => {
        invalidateCached("settings", inputs.configId);
        return listed();
      };
      // This resource's own create, cut off by a killed run before Pulumi recorded it: still under its pending name,
      // or already renamed and in this machine's creation journal. Proof, not a guess (guide rule 3).
      const interrupted = (existing: LiveSetting) =>
        owner !== undefined && (isPendingNameOf(existing.name, owner) || journaledCreator(createdKey(inputs.configId, existing.settingId)) === owner);
      const takeOver = async (existing: LiveSetting): Promise<LiveSetting> => {
        const ours = interrupted(existing);
        if (!inputs.adopt && !ours) throw new Error(conflictMessage(inputs, existing));
        if (existing.settingType !== inputs.settingType) {
          throw new Error(
            `the flag with key '${inputs.key}' (id ${existing.settingId}${ours ? ", created by this resource in an interrupted run" : ""}) is ` +
              `${flagOfType(existing.settingType)}; a flag's type cannot change: set settingType "${existing.settingType}" to ` +
              `${ours ? "keep" : "adopt"} it, or choose another key. Nothing was changed.`,
          );
        }
        // Our own again: journaled, as a new flag is, in case this run too dies before the checkpoint.
        if (!ours) recordTakeover("settings", String(existing.settingId));
        else journalCreated(createdKey(inputs.configId, existing.settingId), owner!);
        return converge(client, existing.settingId, ours ? named : inputs, existing);
      };
      // One list of the config per run (kept current by this process's creates and deletes) tells whether the key is
      // free. Before refusing or adopting, a fresh list confirms the flag; a flag made since the list was fetched makes
      // the create answer "already in use", and a fresh list then names it.
      const cachedHit = await listed();
      const existing = cachedHit && (await fresh());
      let live: LiveSetting;
      if (existing) live = await takeOver(existing);
      else {
        // The key was free before the create: after an ambiguous failure, a flag with it is this create's.
        const reconcile = async () => (await list()).find((s) => s.key === inputs.key);
        try {
          // Created under a pending name, so that a run killed before Pulumi records the flag leaves it provably this
          // resource's; it takes its own name right after, and the journal covers the rest of the window.
          live = await client.settings.create(inputs.configId, {
            key: inputs.key, name: owner === undefined ? named.name : pendingName(named.name, owner), settingType: inputs.settingType,
            hint: inputs.hint, order: inputs.order, isJson: inputs.isJson, tags: inputs.tags,
          }, reconcile);
          if (owner !== undefined) {
            journalCreated(createdKey(inputs.configId, live.settingId), owner);
            live = await converge(client, live.settingId, named, live);
          }
        } catch (e) {
          const taken = isAlreadyExists(e) ? await fresh() : undefined;
          if (!taken) throw e;
          live = await takeOver(taken);
        }
      }
      cacheWritten("settings", inputs.configId, String(live.settingId), live);
      return { id: String(live.settingId), outs: outputsFrom(live, inputs) };
    } catch (e) {
      throw new Error(describeFailure(what, e));
    }
  },

  async read(id: string, props: SettingOutputs) {
    try {
      const client = clientFor();
      let live: LiveSetting | undefined;
      try {
        live = (await cachedLookup("settings", props.configId, id, () => client.settings.list(props.configId), (s) => String(s.settingId)))
          ?? (await client.settings.get(Number(id)));
      } catch (e) {
        if (isNotFound(e)) return { id: "" };
        throw e;
      }
      return { id, props: outputsFrom(live, props) };
    } catch (e) {
      throw new Error(describeFailure(`reading flag '${props.key}' (id ${id})`, e));
    }
  },

  async update(id: string, olds: SettingOutputs, news: SettingInputs) {
    try {
      const live = await converge(clientFor(), Number(id), news);
      return { outs: outputsFrom(live, news) };
    } catch (e) {
      throw new Error(describeFailure(`updating flag '${olds.key}' (id ${id})`, e));
    }
  },

  async delete(id: string, props: SettingOutputs) {
    forgetCreated(createdKey(props.configId, id));
    // Retained, or adopted by another resource of the stack in this run (a rename with `adopt: true`).
    if (props.deletionPolicy === "retain" || isTakenOver("settings", id)) return;
    try {
      cacheRemoved("settings", props.configId, id);
      await clientFor().settings.delete(Number(id));
    } catch (e) {
      if (isNotFound(e)) return;
      throw new Error(describeFailure(`deleting flag '${props.key}' (id ${id})`, e));
    }
  },
};
