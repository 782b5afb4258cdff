import type * as pulumi from "@pulumi/pulumi";
import { isNotFound, type ConfigCatClient, type Setting as LiveSetting } from "../api";
import { checkInputs, engineFailures, withoutUndefined } from "../../core/dynamic/check";
import { forgetCreated, journalCreated, journaledCreator } from "../../core/dynamic/creation-journal";
import { containsUnknown } from "../../core/dynamic/unknown";
import { clientFor } from "./client-for";
import { describeFailure } from "./errors";
import { cachedLookup, invalidateCached } from "./live-cache";
import { withSettingLock } from "./setting-provider";
import { isTakenOver, journalKey, recordTakeover } from "./takeover";
import { settingTagSchema } from "./validation";

/** A `SettingTag`'s inputs after `check`. @internal */
export interface SettingTagInputs {
  adopt: boolean;
  deletionPolicy: "delete" | "retain";
  settingId: number;
  tagId: number;
  /** The resource's URN, set by the resource class: the identity its attachments are journaled under. */
  owner?: string;
}

/** A `SettingTag` as recorded in state. @internal */
export interface SettingTagOutputs extends Omit<SettingTagInputs, "owner"> {
  configId: string;
  settingKey: string;
  tagName: string;
}

const COLLECTION = "settingTags";
const idOf = (i: { settingId: number; tagId: number }) => `${i.settingId}:${i.tagId}`;
const hasTag = (s: LiveSetting, tagId: number) => s.tags.some((t) => t.tagId === tagId);
/** The attachment's identity in the creation journal. */
const createdKey = (i: { settingId: number; tagId: number }) => journalKey(COLLECTION, i.settingId, i.tagId);

function outputsFrom(s: LiveSetting, i: SettingTagInputs): SettingTagOutputs {
  return {
    adopt: i.adopt === true, deletionPolicy: i.deletionPolicy ?? "delete", settingId: s.settingId, tagId: Number(i.tagId), configId: s.configId,
    settingKey: s.key, tagName: s.tags.find((t) => t.tagId === Number(i.tagId))?.name ?? "",
  };
}

const label = (i: { settingId: number | string; tagId: number | string; settingKey?: string }) =>
  `tag ${i.tagId} on flag ${i.settingKey ? `'${i.settingKey}' (id ${i.settingId})` : i.settingId}`;

/**
 * Adds the tag when the flag lacks it, under the flag's lock: `add /tags/-` is not idempotent, so it is sent only after
 * a fresh read shows the tag absent, and after an ambiguous failure the flag is read again instead of replaying it.
 */
async function attach(client: ConfigCatClient, inputs: SettingTagInputs): Promise<LiveSetting> {
  return withSettingLock(inputs.settingId, async () => {
    const flag = await client.settings.get(inputs.settingId);
    if (hasTag(flag, inputs.tagId)) {
      // This resource's own add, cut off by a killed run before Pulumi recorded it: journaled right before it was sent,
      // when the flag was seen without the tag (see attach below). An attachment has no field to carry other proof.
      if (inputs.owner !== undefined && journaledCreator(createdKey(inputs)) === inputs.owner) return flag;
      if (!inputs.adopt) {
        throw new Error(
          `flag '${flag.key}' (id ${flag.settingId}) already carries tag ${inputs.tagId} ('${flag.tags.find((t) => t.tagId === inputs.tagId)?.name}'), ` +
            "attached in the Dashboard or by another resource, not by this one; nothing was changed. Set `adopt: true` to manage that attachment " +
            "from this resource (its delete would then remove the tag).",
        );
      }
      recordTakeover(COLLECTION, idOf(inputs));
      return flag;
    }
    invalidateCached("settings", flag.configId);
    const settled = async () => {
      const now = await client.settings.get(inputs.settingId);
      return hasTag(now, inputs.tagId) ? now : undefined;
    };
    if (inputs.owner !== undefined) journalCreated(createdKey(inputs), inputs.owner);
    let live: LiveSetting;
    try {
      live = await client.settings.patch(inputs.settingId, [{ op: "add", path: "/tags/-", value: inputs.tagId }], settled);
    } catch (e) {
      // Not attached (an ambiguous failure is settled by a fresh read first): the journal must not vouch for a later one.
      forgetCreated(createdKey(inputs));
      throw e;
    }
    invalidateCached("settings", flag.configId);
    if (!hasTag(live, inputs.tagId)) throw new Error(`ConfigCat answered the tag write, but flag ${inputs.settingId} does not carry tag ${inputs.tagId}; run \`pulumi up\` again`);
    return live;
  });
}

/** The setting-tag provider, run in the engine's provider process. @internal */
export const settingTagProvider = {
  async check(_olds: unknown, news: Record<string, unknown>) {
    const result = checkInputs(settingTagSchema, news);
    if (!result.ok) return { failures: engineFailures(result.failures) };
    return { inputs: withoutUndefined({ adopt: false, deletionPolicy: "delete", ...(result.value as object) }) };
  },

  async diff(_id: string, olds: SettingTagOutputs, news: SettingTagInputs): Promise<pulumi.dynamic.DiffResult> {
    // The engine has the attachment in its state: the journal's proof is no longer needed.
    forgetCreated(createdKey(olds));
    const replaces = (["settingId", "tagId"] as const).filter((f) => containsUnknown(news[f]) || String(news[f]) !== String(olds[f]));
    return { changes: replaces.length > 0 || news.adopt !== olds.adopt || news.deletionPolicy !== olds.deletionPolicy, replaces: [...replaces] };
  },

  async create(inputs: SettingTagInputs) {
    try {
      const live = await attach(clientFor(), inputs);
      return { id: idOf(inputs), outs: outputsFrom(live, inputs) };
    } catch (e) {
      throw new Error(describeFailure(`attaching ${label(inputs)}`, e));
    }
  },

  async read(id: string, props: SettingTagOutputs) {
    try {
      const client = clientFor();
      let live: LiveSetting;
      try {
        live = (await cachedLookup("settings", props.configId, String(props.settingId), () => client.settings.list(props.configId), (s) => String(s.settingId)))
          ?? (await client.settings.get(props.settingId));
      } catch (e) {
        if (isNotFound(e)) return { id: "" };
        throw e;
      }
      // Detached in the Dashboard (or the tag deleted): the attachment is gone.
      if (!hasTag(live, props.tagId)) return { id: "" };
      return { id, props: outputsFrom(live, props) };
    } catch (e) {
      throw new Error(describeFailure(`reading ${label(props)}`, e));
    }
  },

  // Only `adopt` and `deletionPolicy` can change in place; they steer the provider and send nothing.
  async update(_id: string, olds: SettingTagOutputs, news: SettingTagInputs) {
    return { outs: { ...olds, adopt: news.adopt, deletionPolicy: news.deletionPolicy } };
  },

  async delete(id: string, props: SettingTagOutputs) {
    forgetCreated(createdKey(props));
    if (props.deletionPolicy === "retain" || isTakenOver(COLLECTION, id)) return;
    try {
      const client = clientFor();
      await withSettingLock(props.settingId, async () => {
        const flag = await client.settings.get(props.settingId);
        // The index of this tag in a fresh read, under the flag's lock: only this tag is removed, never its neighbour.
        const index = flag.tags.findIndex((t) => t.tagId === props.tagId);
        if (index < 0) return;
        invalidateCached("settings", flag.configId);
        const settled = async () => {
          const now = await client.settings.get(props.settingId);
          return hasTag(now, props.tagId) ? undefined : now;
        };
        await client.settings.patch(props.settingId, [{ op: "remove", path: `/tags/${index}` }], settled);
        invalidateCached("settings", flag.configId);
      });
    } catch (e) {
      if (isNotFound(e)) return;
      throw new Error(describeFailure(`detaching ${label(props)}`, e));
    }
  },
};
