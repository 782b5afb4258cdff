import type { JsonObject, JsonValue } from "../../core/json";
import { applyPatch, asPatch, jsonEqual } from "../../core/json-patch";
import type { Reply } from "../../core/reply";
import type { Router } from "../../core/router";
import { badSdkKey, requireConfig, requireEnvironment, requireSetting, sdkKeyOf, type Handler, type RequestContext } from "../context";
import { ConfigCatError, invalid, MESSAGES, notFound, patchError } from "../errors";
import { at, bodyObject, intId, objectAt, optArray } from "../fields";
import { checkCycles, parseV1Formula, parseV2Formula, type FormulaContext } from "../formulas";
import type { StoredConfig, StoredEnvironment, StoredProduct, StoredSetting } from "../model";
import { configValuesView, environmentRequires, valueView } from "../views";
import { rejectUnknownMembers, V1_FORMULA_SHAPE, V2_FORMULA_SHAPE } from "../writable";
import { NO_CONTENT, ok, queryFlag } from "./shared";

/*
 * Served values: V1 (`/v1/…/value`) and V2 (`/v2/…/value`) by environment + setting id, by SDK key +
 * setting key or id, and per config × environment (list and bulk write). Every write checks, in order:
 * evaluation version of the route, mandatory note (`reason`), approval (V2), `latestVersionId` (V2),
 * then the body; it writes an audit entry whose `why` is the note.
 */

type Version = "v1" | "v2";

/** The flag, environment and config a value route addresses. */
interface Target {
  setting: StoredSetting;
  environment: StoredEnvironment;
  config: StoredConfig;
  product: StoredProduct;
}

function checkVersion(ctx: RequestContext, config: StoredConfig, version: Version): void {
  if (config.evaluationVersion !== version) {
    throw new ConfigCatError(ctx.fidelity.wrongVersionStatus, {
      evaluationVersion: [`This endpoint can only be used on configs with evaluationVersion ${version}; this config is ${config.evaluationVersion}.`],
    });
  }
}

/** By `:environmentId` + `:settingId`. */
function byId(ctx: RequestContext): Target {
  const environment = requireEnvironment(ctx);
  const setting = requireSetting(ctx);
  const config = ctx.store.configs.get(setting.configId) as StoredConfig;
  if (config.productId !== environment.productId) throw notFound("Setting");
  return { setting, environment, config, product: ctx.store.productOfConfig(config) };
}

/** By `X-CONFIGCAT-SDKKEY` + `:settingKeyOrId` (the key first, then a numeric id). */
function bySdkKey(ctx: RequestContext): Target {
  const sdkKey = sdkKeyOf(ctx.headers);
  if (!sdkKey) throw badSdkKey(ctx.fidelity, "The X-CONFIGCAT-SDKKEY header is required.");
  const pair = ctx.store.sdkKeyPair(sdkKey);
  const config = pair && (ctx.store.configs.get(pair.configId) as StoredConfig);
  const product = config && ctx.store.productOfConfig(config);
  // Another organization's key is answered like an unknown one (the pipeline refuses it first anyway).
  if (!pair || !config || !product || !ctx.caller.organizationIds.has(product.organizationId)) throw badSdkKey(ctx.fidelity, "Invalid SDK key.");
  const keyOrId = ctx.params.settingKeyOrId;
  let setting = ctx.store.settingByKey(config.configId, keyOrId);
  if (!setting && /^\d{1,10}$/.test(keyOrId)) {
    const s = ctx.store.settings.get(Number(keyOrId));
    if (s && s.configId === config.configId) setting = s;
  }
  if (!setting) throw notFound("Setting");
  return { setting, environment: ctx.store.environments.get(pair.environmentId) as StoredEnvironment, config, product };
}

function formulaContext(ctx: RequestContext, t: Target): FormulaContext {
  return { setting: t.setting, environmentId: t.environment.environmentId, productId: t.product.productId, store: ctx.store, fidelity: ctx.fidelity };
}

/** Mandatory note, approval and optimistic-concurrency checks shared by single and bulk writes. */
function checkWrite(ctx: RequestContext, version: Version, config: StoredConfig, environment: StoredEnvironment, current: ReadonlyArray<{ lastVersionId: string }>): string | null {
  checkVersion(ctx, config, version);
  const req = environmentRequires(ctx.store.productOfConfig(config), environment.environmentId);
  const reason = ctx.query.get("reason");
  if (req.reason && !reason?.trim()) throw new ConfigCatError(ctx.fidelity.reasonRequiredStatus, { reason: [MESSAGES.reasonRequired] });
  if (version === "v2" && req.approval && !(queryFlag(ctx, "bypassApproval") && ctx.caller.canBypassApproval)) {
    throw new ConfigCatError(ctx.fidelity.approvalRequiredStatus, { bypassApproval: [MESSAGES.approvalRequired] });
  }
  if (version === "v2") checkLatest(ctx, current);
  return reason?.trim() ? reason : null;
}

/** Optimistic concurrency: `?latestVersionId=` must equal the `lastVersionId` of every value written, else 409. */
function checkLatest(ctx: RequestContext, current: ReadonlyArray<{ lastVersionId: string }>): void {
  const latest = ctx.query.get("latestVersionId")?.toLowerCase();
  if (latest && current.some((v) => v.lastVersionId !== latest)) {
    throw new ConfigCatError(409, { latestVersionId: ["The setting value was changed since the given version. Reload it and try again."] });
  }
}

function parse(ctx: RequestContext, version: Version, t: Target, body: JsonValue | undefined, parent = ""): JsonObject {
  const fc = formulaContext(ctx, t);
  return version === "v1" ? parseV1Formula(body, fc, parent) : parseV2Formula(body, fc, parent);
}

/**
 * Stores a new formula (when it differs, or always with `noopPut: "bump"`) and audits it.
 * @returns whether anything was written
 */
function store(ctx: RequestContext, t: Target, formula: JsonObject, why: string | null, force: boolean): boolean {
  const v = ctx.store.ensureValue(t.setting, t.environment.environmentId);
  if (!force && jsonEqual(v.formula, formula)) return false;
  v.formula = formula;
  v.lastVersionId = ctx.store.newGuid();
  v.updatedAt = ctx.store.timestamp();
  v.lastUpdaterUserEmail = ctx.caller.email;
  v.lastUpdaterUserFullName = ctx.caller.fullName;
  ctx.store.auditLogs.push({
    auditLogId: ctx.store.nextId("auditLog"), productId: t.product.productId, organizationId: t.product.organizationId, configId: t.config.configId,
    environmentId: t.environment.environmentId, auditLogDateTime: v.updatedAt, auditLogTypeEnum: "settingValueChanged",
    auditLogType: "Feature Flag or Setting value changed", userEmail: ctx.caller.email, userName: ctx.caller.fullName,
    where: `${t.product.name} / ${t.config.name} / ${t.environment.name}`, why, actionTarget: t.setting.key, details: JSON.stringify(formula),
  });
  ctx.store.changed();
  return true;
}

function getValue(version: Version, resolve: (ctx: RequestContext) => Target): Handler {
  return (ctx) => {
    const t = resolve(ctx);
    checkVersion(ctx, t.config, version);
    return ok(valueView(ctx.store, t.setting, ctx.store.ensureValue(t.setting, t.environment.environmentId), ctx.caller.canBypassApproval));
  };
}

function putValue(version: Version, resolve: (ctx: RequestContext) => Target): Handler {
  return (ctx) => {
    const t = resolve(ctx);
    const current = ctx.store.ensureValue(t.setting, t.environment.environmentId);
    const why = checkWrite(ctx, version, t.config, t.environment, [current]);
    const formula = parse(ctx, version, t, bodyObject(ctx.body));
    if (version === "v2") checkCycles(formulaContext(ctx, t), formula);
    store(ctx, t, formula, why, ctx.fidelity.noopPut === "bump");
    return ok(valueView(ctx.store, t.setting, current, ctx.caller.canBypassApproval));
  };
}

function patchValue(version: Version, resolve: (ctx: RequestContext) => Target): Handler {
  return (ctx): Reply => {
    const t = resolve(ctx);
    const current = ctx.store.ensureValue(t.setting, t.environment.environmentId);
    const why = checkWrite(ctx, version, t.config, t.environment, [current]);
    let patched: JsonValue;
    try {
      patched = applyPatch(current.formula, asPatch(ctx.body), { endOfArray: ctx.fidelity.patchEndOfArray });
    } catch (err) {
      patchError(err);
    }
    rejectUnknownMembers(patched, version === "v1" ? V1_FORMULA_SHAPE : V2_FORMULA_SHAPE);
    const formula = parse(ctx, version, t, patched);
    if (version === "v2") checkCycles(formulaContext(ctx, t), formula);
    if (!store(ctx, t, formula, why, false)) return NO_CONTENT;
    return ok(valueView(ctx.store, t.setting, current, ctx.caller.canBypassApproval));
  };
}

function configPair(ctx: RequestContext): { config: StoredConfig; environment: StoredEnvironment } {
  const config = requireConfig(ctx);
  const environment = requireEnvironment(ctx);
  if (environment.productId !== config.productId) throw notFound("Environment");
  return { config, environment };
}

function listValues(version: Version): Handler {
  return (ctx) => {
    const { config, environment } = configPair(ctx);
    checkVersion(ctx, config, version);
    return ok(configValuesView(ctx.store, config, environment, undefined, ctx.caller.canBypassApproval));
  };
}

/**
 * Bulk write: only listed flags change, each fully replaced. An unknown `settingId`, one of another config or one
 * listed twice is a 400 keyed by the item (`updateFormulas[i].settingId`). By default (`bulkInvalidItems: "rejectAll"`)
 * every item is validated before any is stored, so one invalid item refuses the whole request; with `applyOthers` the
 * valid items are stored and the invalid ones refused together in one 400.
 */
function postValues(version: Version): Handler {
  return (ctx) => {
    const { config, environment } = configPair(ctx);
    const why = checkWrite(ctx, version, config, environment, []);
    const member = version === "v1" ? "settingValues" : "updateFormulas";
    const items = optArray(bodyObject(ctx.body), member) ?? [];
    const product = ctx.store.productOfConfig(config);
    const atomic = ctx.fidelity.bulkInvalidItems === "rejectAll";
    const refused: Record<string, string[]> = {};
    // An item's 400 refuses the request at once, or (applyOthers) only that item; anything else is not about an item.
    const itemCheck = (check: () => void): boolean => {
      try {
        check();
        return true;
      } catch (err) {
        if (atomic || !(err instanceof ConfigCatError) || err.status !== 400) throw err;
        for (const [key, messages] of Object.entries(err.errors)) (refused[key] ??= []).push(...messages);
        return false;
      }
    };
    const parsed = new Map<number, { t: Target; formula: JsonObject }>();
    items.forEach((item, i) => itemCheck(() => {
      const path = at(member, i);
      const o = objectAt(item, path);
      const id = intId(o.settingId, at(path, "settingId"));
      const setting = ctx.store.settings.get(id);
      if (!setting || setting.configId !== config.configId) throw invalid(at(path, "settingId"), "Setting not found.");
      if (parsed.has(id)) throw invalid(at(path, "settingId"), "The setting is listed more than once.");
      const t: Target = { setting, environment, config, product };
      parsed.set(id, { t, formula: parse(ctx, version, t, o, path) });
    }));
    // `latestVersionId` on the bulk endpoint: ignored, or every listed flag must be at that version (`honour`).
    if (version === "v2" && ctx.fidelity.bulkLatestVersionId === "honour") {
      checkLatest(ctx, [...parsed.values()].map((p) => ctx.store.ensureValue(p.t.setting, environment.environmentId)));
    }
    if (version === "v2") {
      const pending = new Map([...parsed].map(([id, p]) => [id, p.formula as JsonValue]));
      for (const [id, p] of parsed) {
        if (!itemCheck(() => checkCycles(formulaContext(ctx, p.t), p.formula, pending))) parsed.delete(id);
      }
    }
    for (const p of parsed.values()) store(ctx, p.t, p.formula, why, ctx.fidelity.noopPut === "bump");
    if (Object.keys(refused).length > 0) throw new ConfigCatError(400, refused);
    const only = ctx.fidelity.bulkResponse === "listed" ? new Set(parsed.keys()) : undefined;
    return ok(configValuesView(ctx.store, config, environment, only, ctx.caller.canBypassApproval));
  };
}

/**
 * Registers the value routes of both evaluation versions.
 * @param router - route table
 */
export function registerValueRoutes(router: Router<Handler>): void {
  for (const version of ["v1", "v2"] as const) {
    const single = `/${version}/environments/:environmentId/settings/:settingId/value`;
    const sdk = `/${version}/settings/:settingKeyOrId/value`;
    const list = `/${version}/configs/:configId/environments/:environmentId/values`;
    router
      .add("GET", single, getValue(version, byId))
      .add("PUT", single, putValue(version, byId))
      .add("PATCH", single, patchValue(version, byId))
      .add("GET", sdk, getValue(version, bySdkKey))
      .add("PUT", sdk, putValue(version, bySdkKey))
      .add("PATCH", sdk, patchValue(version, bySdkKey))
      .add("GET", list, listValues(version))
      .add("POST", list, postValues(version));
  }
}
