import { isJsonObject, type JsonObject, type JsonValue } from "../../core/json";
import { applyPatch, asPatch } from "../../core/json-patch";
import type { Router } from "../../core/router";
import { requireConfig, requireSetting, requireTag, type Handler, type RequestContext } from "../context";
import { ConfigCatError, invalid, MESSAGES, patchError, summary } from "../errors";
import { at, bodyObject, intId, objectAt, optArray, optBool, optInt, optString, reqEnum, reqString, reqUuid } from "../fields";
import { checkRaw, defaultFormula, dropReferences, prerequisitesOf, reparseStored } from "../formulas";
import type { StoredConfig, StoredProduct, StoredSetting } from "../model";
import { pairKey } from "../store";
import { ordered, settingView } from "../views";
import { rejectUnknownMembers, SETTING_SHAPE } from "../writable";
import { NO_CONTENT, ok } from "./shared";

/*
 * Feature flags and settings (metadata): create with initial values, PUT (full replace), JSON Patch on
 * the writable representation, delete (key freed, listed in deleted-settings).
 */

const SETTING_TYPES = ["boolean", "string", "int", "double"] as const;

/**
 * Reads a tag id list, checking each tag belongs to the product; duplicates are dropped
 * (`duplicateTagAdd: "ignore"`) or refused.
 */
function readTags(ctx: RequestContext, list: JsonValue[] | null | undefined, productId: string): number[] {
  const out: number[] = [];
  for (const [i, raw] of (list ?? []).entries()) {
    const id = intId(raw, at("tags", i));
    const t = ctx.store.tags.get(id);
    if (!t || t.productId !== productId) throw invalid(at("tags", i), "Tag not found.");
    if (out.includes(id)) {
      if (ctx.fidelity.duplicateTagAdd === "error") throw invalid(at("tags", i), "The tag is already attached to this setting.");
      continue;
    }
    out.push(id);
  }
  return out;
}

/** Re-links tags, keeping the `settingTagId` of tags that stay. */
function setTags(ctx: RequestContext, s: StoredSetting, tagIds: number[]): void {
  const old = new Map(s.tags.map((t) => [t.tagId, t.settingTagId]));
  s.tags = tagIds.map((tagId) => ({ tagId, settingTagId: old.get(tagId) ?? ctx.store.nextId("settingTag") }));
}

/** The members PUT and PATCH may set (`ReplaceSettingModel`), validated; absent members reset. */
function readReplace(ctx: RequestContext, b: JsonObject, s: StoredSetting, product: StoredProduct): { name: string; hint: string | null; order: number; isJson: boolean; tags: number[] } {
  for (const k of ["key", "settingType"]) {
    if (b[k] !== undefined && b[k] !== s[k as "key"]) throw invalid(k, `The ${k} of a setting cannot be changed.`);
  }
  const name = reqString(b, "name", { max: 255 });
  const hint = optString(b, "hint", { max: 1000 }) ?? null;
  if (product.preferences.mandatorySettingHint && !hint) throw invalid("hint", "Hint is required.");
  const isJson = optBool(b, "isJson") ?? false;
  if (isJson && s.settingType !== "string") throw invalid("isJson", "Only string settings can be JSON.");
  return { name, hint, order: optInt(b, "order") ?? 0, isJson, tags: readTags(ctx, optArray(b, "tags"), product.productId) };
}

const listSettings: Handler = (ctx) => {
  const c = requireConfig(ctx);
  return ok(ordered(ctx.store.settingsOf(c.configId), ctx.fidelity).map((s) => settingView(ctx.store, s)));
};

const getSetting: Handler = (ctx) => ok(settingView(ctx.store, requireSetting(ctx)));

const createSetting: Handler = (ctx) => {
  const c = requireConfig(ctx);
  const p = ctx.store.productOfConfig(c);
  const b = bodyObject(ctx.body);
  const key = reqString(b, "key", { max: 255 });
  const settingType = reqEnum(b, "settingType", SETTING_TYPES);
  const draft: StoredSetting = {
    settingId: 0, configId: c.configId, key, name: "", hint: null, order: 0, settingType, isJson: false, createdAt: ctx.store.timestamp(),
    creatorEmail: ctx.caller.email, creatorFullName: ctx.caller.fullName, tags: [],
  };
  const fields = readReplace(ctx, { ...b, key, settingType }, draft, p);
  const predefined = optArray(b, "predefinedVariations");
  if (predefined && predefined.length > 0) throw invalid("predefinedVariations", "Predefined variations are not supported by this emulator.");
  const initialValues = optArray(b, "initialValues");
  const initFrom = b.settingIdToInitFrom === undefined || b.settingIdToInitFrom === null ? undefined : intId(b.settingIdToInitFrom, "settingIdToInitFrom");
  if (initialValues && initialValues.length > 0 && initFrom !== undefined) {
    throw invalid("", "InitialValues and SettingIdToInitFrom cannot be used together.");
  }
  if (ctx.store.settingByKey(c.configId, key)) throw invalid("key", MESSAGES.keyInUse);
  Object.assign(draft, fields, { tags: [] });
  const initial = new Map<string, boolean | string | number>();
  for (const [i, item] of (initialValues ?? []).entries()) {
    const path = at("initialValues", i);
    const o = objectAt(item, path);
    const envId = reqUuid(o, "environmentId", path);
    const e = ctx.store.environments.get(envId);
    if (!e || e.productId !== p.productId) throw invalid(at(path, "environmentId"), "Environment not found.");
    const raw = checkRaw(draft, o.value);
    if (raw === undefined) throw invalid(at(path, "value"), "Invalid value.");
    initial.set(envId, raw);
  }
  let source: StoredSetting | undefined;
  if (initFrom !== undefined) {
    source = ctx.store.settings.get(initFrom);
    const sourceConfig = source && ctx.store.configs.get(source.configId);
    if (!source || !sourceConfig || sourceConfig.productId !== p.productId) throw invalid("settingIdToInitFrom", "Setting not found.");
    if (source.settingType !== settingType || sourceConfig.evaluationVersion !== c.evaluationVersion) {
      throw invalid("settingIdToInitFrom", "The setting to init from must have the same type and evaluation version.");
    }
  }
  const formulas = new Map<string, JsonValue>();
  for (const e of ctx.store.environmentsOf(p.productId)) {
    const copied = source && ctx.store.values.get(pairKey(source.settingId, e.environmentId))?.formula;
    // A copied formula keeps its prerequisites only when the source is in the same config.
    if (copied !== undefined && (source?.configId === c.configId || prerequisitesOf(copied).length === 0)) {
      // A plain string flag's values may not be JSON: the copy must fit the new flag's isJson.
      if (draft.isJson) {
        try {
          reparseStored(c.evaluationVersion, { setting: draft, environmentId: e.environmentId, productId: p.productId, store: ctx.store, fidelity: ctx.fidelity }, copied);
        } catch (err) {
          if (err instanceof ConfigCatError) throw invalid("settingIdToInitFrom", `The value in environment '${e.name}' is not valid JSON.`);
          throw err;
        }
      }
      formulas.set(e.environmentId, structuredClone(copied));
    } else {
      formulas.set(e.environmentId, defaultFormula(c.evaluationVersion, draft, initial.get(e.environmentId)));
    }
  }
  draft.settingId = ctx.store.nextId("setting");
  setTags(ctx, draft, source ? source.tags.map((t) => t.tagId) : fields.tags);
  ctx.store.settings.set(draft.settingId, draft);
  for (const [environmentId, formula] of formulas) ctx.store.ensureValue(draft, environmentId, formula);
  ctx.store.changed();
  return ok(settingView(ctx.store, draft), 201);
};

/**
 * Checks that every stored formula the flag's values (and prerequisite comparisons on it) are part of
 * still reads under the flag's current metadata, in every environment: a store that saves a value it
 * would refuse to load is the failure this prevents. Called with `isJson` about to turn on.
 * @throws ConfigCatError 400 `{"isJson": [...]}` naming the environment (and the dependent flag)
 */
function checkValuesFit(ctx: RequestContext, s: StoredSetting): void {
  const c = ctx.store.configs.get(s.configId) as StoredConfig;
  for (const e of ctx.store.environmentsOf(c.productId)) {
    for (const other of ctx.store.settingsOf(c.configId)) {
      const v = ctx.store.values.get(pairKey(other.settingId, e.environmentId));
      if (!v || (other.settingId !== s.settingId && !prerequisitesOf(v.formula).includes(s.settingId))) continue;
      try {
        reparseStored(c.evaluationVersion, { setting: other, environmentId: e.environmentId, productId: c.productId, store: ctx.store, fidelity: ctx.fidelity }, v.formula);
      } catch (err) {
        if (!(err instanceof ConfigCatError)) throw err;
        const what = other.settingId === s.settingId ? "The value" : `The prerequisite condition of '${other.key}'`;
        throw invalid("isJson", `${what} in environment '${e.name}' is not valid JSON (${summary(err.errors)}). Change it first.`);
      }
    }
  }
}

function applyReplace(ctx: RequestContext, s: StoredSetting, b: JsonObject): void {
  const c = ctx.store.configs.get(s.configId) as StoredConfig;
  const f = readReplace(ctx, b, s, ctx.store.productOfConfig(c));
  if (f.isJson && !s.isJson) {
    // Values written while it was a plain string must all be JSON before isJson turns on.
    s.isJson = true;
    try {
      checkValuesFit(ctx, s);
    } finally {
      s.isJson = false;
    }
  }
  s.name = f.name;
  s.hint = f.hint;
  s.order = f.order;
  s.isJson = f.isJson;
  setTags(ctx, s, f.tags);
  ctx.store.changed();
}

const replaceSetting: Handler = (ctx) => {
  const s = requireSetting(ctx);
  applyReplace(ctx, s, bodyObject(ctx.body));
  return ok(settingView(ctx.store, s));
};

/** The writable representation JSON Patch applies to. */
function writable(s: StoredSetting): JsonObject {
  return { name: s.name, hint: s.hint, order: s.order, isJson: s.isJson, tags: s.tags.map((t) => t.tagId) };
}

const patchSetting: Handler = (ctx) => {
  const s = requireSetting(ctx);
  let patched: JsonValue;
  try {
    patched = applyPatch(writable(s), asPatch(ctx.body), { endOfArray: ctx.fidelity.patchEndOfArray });
  } catch (err) {
    patchError(err);
  }
  if (!isJsonObject(patched)) throw invalid("", "The patched setting must be an object.");
  for (const k of ["key", "settingType"]) if (k in patched) throw invalid(k, `The ${k} of a setting cannot be changed.`);
  rejectUnknownMembers(patched, SETTING_SHAPE);
  applyReplace(ctx, s, patched);
  return ok(settingView(ctx.store, s));
};

const deleteSetting: Handler = (ctx) => {
  const s = requireSetting(ctx);
  const users = [...ctx.store.values.values()].filter((v) => v.settingId !== s.settingId && prerequisitesOf(v.formula).includes(s.settingId));
  if (users.length > 0) {
    if (ctx.fidelity.deleteInUse === "refuse") throw invalid("", `This setting is a prerequisite of other settings (${[...new Set(users.map((u) => ctx.store.settings.get(u.settingId)?.key))].join(", ")}).`);
    for (const v of users) v.formula = dropReferences(v.formula, { settingId: s.settingId });
  }
  ctx.store.deleteSetting(s);
  ctx.store.changed();
  return NO_CONTENT;
};

const deletedSettings: Handler = (ctx) => {
  const c = requireConfig(ctx);
  return ok(ctx.store.deletedSettings.filter((d) => d.configId === c.configId).map((d) => ({ key: d.key, name: d.name, hint: d.hint, settingType: d.settingType })));
};

const settingsOfTag: Handler = (ctx) => {
  const t = requireTag(ctx);
  return ok([...ctx.store.settings.values()].filter((s) => s.tags.some((x) => x.tagId === t.tagId)).map((s) => settingView(ctx.store, s)));
};

/**
 * Registers the routes of this module.
 * @param router - route table
 */
export function registerSettingRoutes(router: Router<Handler>): void {
  router
    .add("GET", "/v1/configs/:configId/settings", listSettings)
    .add("POST", "/v1/configs/:configId/settings", createSetting)
    .add("GET", "/v1/configs/:configId/deleted-settings", deletedSettings)
    .add("GET", "/v1/settings/:settingId", getSetting)
    .add("PUT", "/v1/settings/:settingId", replaceSetting)
    .add("PATCH", "/v1/settings/:settingId", patchSetting)
    .add("DELETE", "/v1/settings/:settingId", deleteSetting)
    .add("GET", "/v1/tags/:tagId/settings", settingsOfTag);
}
