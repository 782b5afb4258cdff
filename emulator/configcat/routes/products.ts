import type { JsonObject } from "../../core/json";
import type { Router } from "../../core/router";
import {
  requireConfig, requireEnvironment, requireOrganization, requireProduct, type Handler, type RequestContext,
} from "../context";
import { invalid, notFound } from "../errors";
import { at, bodyObject, objectAt, optArray, optBool, optEnum, optInt, optString, reqString, reqUuid } from "../fields";
import { segmentsOf } from "../formulas";
import type { StoredConfig, StoredEnvironment, StoredProduct } from "../model";
import { configView, environmentView, ordered, preferencesView, productView } from "../views";
import { NO_CONTENT, ok, queryFlag, updated } from "./shared";

/*
 * Me, organizations, products (+ preferences), configs, environments and SDK keys.
 */

const visibleProducts = (ctx: RequestContext): StoredProduct[] =>
  [...ctx.store.products.values()].filter((p) => ctx.caller.organizationIds.has(p.organizationId));

const me: Handler = (ctx) => ok({ email: ctx.caller.email, fullName: ctx.caller.fullName });

const listOrganizations: Handler = (ctx) =>
  ok([...ctx.store.organizations.values()].filter((o) => ctx.caller.organizationIds.has(o.organizationId)).map((o) => ({ ...o })));

const listProducts: Handler = (ctx) => ok(ordered(visibleProducts(ctx), ctx.fidelity).map((p) => productView(ctx.store, p)));

const getProduct: Handler = (ctx) => ok(productView(ctx.store, requireProduct(ctx)));

const createProduct: Handler = (ctx) => {
  const organizationId = requireOrganization(ctx);
  const b = bodyObject(ctx.body);
  const p: StoredProduct = {
    productId: ctx.store.newGuid(), organizationId, name: reqString(b, "name", { max: 1000 }),
    description: optString(b, "description", { max: 1000 }) ?? null, order: optInt(b, "order") ?? 0,
    preferences: {
      reasonRequired: false, keyGenerationMode: "camelCase", showVariationId: false, mandatorySettingHint: false,
      reasonRequiredEnvironments: {}, approveRequired: false, approveRequiredEnvironments: {},
    },
  };
  ctx.store.products.set(p.productId, p);
  if (ctx.fidelity.newProductContents === "defaults") {
    // What the Dashboard's new-product flow may create; a client must not assume an empty product.
    const configId = ctx.store.newGuid();
    ctx.store.configs.set(configId, {
      configId, productId: p.productId, name: "Main Config", description: null, order: 0, evaluationVersion: ctx.fidelity.defaultEvaluationVersion, migratedConfigId: null,
    });
    for (const [order, name] of ["Test", "Production"].entries()) {
      const environmentId = ctx.store.newGuid();
      ctx.store.environments.set(environmentId, { environmentId, productId: p.productId, name, description: null, color: null, order });
    }
    ctx.store.fillPairs(p.productId);
  }
  ctx.store.changed();
  return ok(productView(ctx.store, p), 201);
};

const updateProduct: Handler = (ctx) => {
  const p = requireProduct(ctx);
  const b = bodyObject(ctx.body);
  const name = optString(b, "name", { max: 1000 });
  if (name !== undefined && name !== null) p.name = reqString(b, "name", { max: 1000 });
  p.description = updated(ctx, optString(b, "description", { max: 1000 }), p.description, null);
  p.order = updated(ctx, optInt(b, "order"), p.order, 0);
  ctx.store.changed();
  return ok(productView(ctx.store, p));
};

const deleteProduct: Handler = (ctx) => {
  ctx.store.deleteProduct(requireProduct(ctx));
  ctx.store.changed();
  return NO_CONTENT;
};

const getPreferences: Handler = (ctx) => {
  const p = requireProduct(ctx);
  return ok(preferencesView(ctx.store, p));
};

/** `POST /v1/products/{productId}/preferences` (an update, 200): given members change, others stay. */
const updatePreferences: Handler = (ctx) => {
  const p = requireProduct(ctx);
  const b = bodyObject(ctx.body);
  const prefs = p.preferences;
  const envMap = (member: "reasonRequiredEnvironments" | "approveRequiredEnvironments", flag: "reasonRequired" | "approveRequired"): Record<string, boolean> | undefined => {
    const list = optArray(b, member);
    if (list === undefined || list === null) return undefined;
    const out: Record<string, boolean> = {};
    list.forEach((item, i) => {
      const path = at(member, i);
      const o = objectAt(item, path);
      const envId = reqUuid(o, "environmentId", path);
      const e = ctx.store.environments.get(envId);
      if (!e || e.productId !== p.productId) throw invalid(at(path, "environmentId"), "Environment not found.");
      out[envId] = optBool(o, flag, path) ?? false;
    });
    return out;
  };
  const next = {
    reasonRequired: optBool(b, "reasonRequired"),
    keyGenerationMode: optEnum(b, "keyGenerationMode", ["camelCase", "lowerCase", "upperCase", "pascalCase", "kebabCase"] as const),
    showVariationId: optBool(b, "showVariationId"),
    mandatorySettingHint: optBool(b, "mandatorySettingHint"),
    reasonRequiredEnvironments: envMap("reasonRequiredEnvironments", "reasonRequired"),
    approveRequired: optBool(b, "approveRequired"),
    approveRequiredEnvironments: envMap("approveRequiredEnvironments", "approveRequired"),
  };
  // Validated first, applied after: a bad member changes nothing. Null/absent members keep their value, or reset to
  // a new product's (`updateNulls: "clear"`): `UpdatePreferencesRequest` is an `Update*` model like the others.
  prefs.reasonRequired = updated(ctx, next.reasonRequired, prefs.reasonRequired, false);
  prefs.keyGenerationMode = updated(ctx, next.keyGenerationMode, prefs.keyGenerationMode, "camelCase");
  prefs.showVariationId = updated(ctx, next.showVariationId, prefs.showVariationId, false);
  prefs.mandatorySettingHint = updated(ctx, next.mandatorySettingHint, prefs.mandatorySettingHint, false);
  prefs.reasonRequiredEnvironments = updated(ctx, next.reasonRequiredEnvironments, prefs.reasonRequiredEnvironments, {});
  prefs.approveRequired = updated(ctx, next.approveRequired, prefs.approveRequired, false);
  prefs.approveRequiredEnvironments = updated(ctx, next.approveRequiredEnvironments, prefs.approveRequiredEnvironments, {});
  ctx.store.changed();
  return ok(preferencesView(ctx.store, p));
};

// --- configs -------------------------------------------------------------------------------------------

const listConfigs: Handler = (ctx) => {
  const p = requireProduct(ctx);
  return ok(ordered(ctx.store.configsOf(p.productId), ctx.fidelity).map((c) => configView(ctx.store, c)));
};

const getConfig: Handler = (ctx) => ok(configView(ctx.store, requireConfig(ctx)));

const createConfig: Handler = (ctx) => {
  const p = requireProduct(ctx);
  const b = bodyObject(ctx.body);
  const c: StoredConfig = {
    configId: ctx.store.newGuid(), productId: p.productId, name: reqString(b, "name", { max: 255 }),
    description: optString(b, "description", { max: 1000 }) ?? null, order: optInt(b, "order") ?? 0,
    evaluationVersion: optEnum(b, "evaluationVersion", ["v1", "v2"] as const) ?? ctx.fidelity.defaultEvaluationVersion, migratedConfigId: null,
  };
  ctx.store.configs.set(c.configId, c);
  ctx.store.fillPairs(p.productId);
  ctx.store.changed();
  return ok(configView(ctx.store, c), 201);
};

const updateConfig: Handler = (ctx) => {
  const c = requireConfig(ctx);
  const b = bodyObject(ctx.body);
  if (b.evaluationVersion !== undefined && b.evaluationVersion !== null && b.evaluationVersion !== c.evaluationVersion) {
    throw invalid("evaluationVersion", "The evaluation version of a config cannot be changed.");
  }
  const name = optString(b, "name", { max: 255 });
  if (name !== undefined && name !== null) c.name = reqString(b, "name", { max: 255 });
  c.description = updated(ctx, optString(b, "description", { max: 1000 }), c.description, null);
  c.order = updated(ctx, optInt(b, "order"), c.order, 0);
  ctx.store.changed();
  return ok(configView(ctx.store, c));
};

const deleteConfig: Handler = (ctx) => {
  ctx.store.deleteConfig(requireConfig(ctx));
  ctx.store.changed();
  return NO_CONTENT;
};

// --- environments --------------------------------------------------------------------------------------

const listEnvironments: Handler = (ctx) => {
  const p = requireProduct(ctx);
  return ok(ordered(ctx.store.environmentsOf(p.productId), ctx.fidelity).map((e) => environmentView(ctx.store, e)));
};

const getEnvironment: Handler = (ctx) => ok(environmentView(ctx.store, requireEnvironment(ctx)));

const createEnvironment: Handler = (ctx) => {
  const p = requireProduct(ctx);
  const b = bodyObject(ctx.body);
  const e: StoredEnvironment = {
    environmentId: ctx.store.newGuid(), productId: p.productId, name: reqString(b, "name", { max: 255 }),
    description: optString(b, "description", { max: 1000 }) ?? null, color: optString(b, "color", { max: 255 }) ?? null, order: optInt(b, "order") ?? 0,
  };
  ctx.store.environments.set(e.environmentId, e);
  ctx.store.fillPairs(p.productId);
  ctx.store.changed();
  return ok(environmentView(ctx.store, e), 201);
};

const updateEnvironment: Handler = (ctx) => {
  const e = requireEnvironment(ctx);
  const b = bodyObject(ctx.body);
  const name = optString(b, "name", { max: 255 });
  if (name !== undefined && name !== null) e.name = reqString(b, "name", { max: 255 });
  e.description = updated(ctx, optString(b, "description", { max: 1000 }), e.description, null);
  e.color = updated(ctx, optString(b, "color", { max: 255 }), e.color, null);
  e.order = updated(ctx, optInt(b, "order"), e.order, 0);
  ctx.store.changed();
  return ok(environmentView(ctx.store, e));
};

const deleteEnvironment: Handler = (ctx) => {
  const e = requireEnvironment(ctx);
  ctx.store.deleteEnvironment(e, queryFlag(ctx, "cleanupAuditLogs"));
  ctx.store.changed();
  return NO_CONTENT;
};

const getSdkKeys: Handler = (ctx) => {
  const c = requireConfig(ctx);
  const e = requireEnvironment(ctx);
  if (e.productId !== c.productId) throw notFound("Environment");
  const k = ctx.store.ensureSdkKeys(c.configId, e.environmentId);
  const out: JsonObject = { primary: k.primary, secondary: k.secondary };
  return ok(out);
};

/** Used by the segments route for `usage` and by deletes: how many flags' formulas refer to a segment. */
export function segmentUsage(ctx: RequestContext, segmentId: string): number {
  const users = new Set<number>();
  for (const v of ctx.store.values.values()) if (segmentsOf(v.formula).includes(segmentId)) users.add(v.settingId);
  return users.size;
}

/**
 * Registers the routes of this module.
 * @param router - route table
 */
export function registerProductRoutes(router: Router<Handler>): void {
  router
    .add("GET", "/v1/me", me)
    .add("GET", "/v1/organizations", listOrganizations)
    .add("GET", "/v1/products", listProducts)
    .add("POST", "/v1/organizations/:organizationId/products", createProduct)
    .add("GET", "/v1/products/:productId", getProduct)
    .add("PUT", "/v1/products/:productId", updateProduct)
    .add("DELETE", "/v1/products/:productId", deleteProduct)
    .add("GET", "/v1/products/:productId/preferences", getPreferences)
    .add("POST", "/v1/products/:productId/preferences", updatePreferences)
    .add("GET", "/v1/products/:productId/configs", listConfigs)
    .add("POST", "/v1/products/:productId/configs", createConfig)
    .add("GET", "/v1/configs/:configId", getConfig)
    .add("PUT", "/v1/configs/:configId", updateConfig)
    .add("DELETE", "/v1/configs/:configId", deleteConfig)
    .add("GET", "/v1/products/:productId/environments", listEnvironments)
    .add("POST", "/v1/products/:productId/environments", createEnvironment)
    .add("GET", "/v1/environments/:environmentId", getEnvironment)
    .add("PUT", "/v1/environments/:environmentId", updateEnvironment)
    .add("DELETE", "/v1/environments/:environmentId", deleteEnvironment)
    .add("GET", "/v1/configs/:configId/environments/:environmentId", getSdkKeys);
}
