import { isJsonObject, type JsonObject, type JsonValue } from "../../core/json";
import { applyPatch, asPatch } from "../../core/json-patch";
import type { Router } from "../../core/router";
import { requireConfig, requireEnvironment, requireProduct, requireWebhook, type Handler, type RequestContext } from "../context";
import { invalid, MESSAGES, notFound, patchError } from "../errors";
import { at, bodyObject, objectAt, optArray, optBool, optEnum, optString } from "../fields";
import type { StoredWebhook } from "../model";
import { webhookView } from "../views";
import { rejectUnknownMembers, WEBHOOK_SHAPE } from "../writable";
import { NO_CONTENT, ok } from "./shared";

/*
 * Webhooks (per config × environment) and the product's webhook signing keys. Secure header values are
 * stored but never returned in clear.
 */

type WebhookFields = Pick<StoredWebhook, "url" | "httpMethod" | "content" | "webHookHeaders">;

/** Validates a `WebHookRequestModel` (create, PUT, and the PATCH result). */
function readWebhook(b: JsonObject): WebhookFields {
  const url = b.url;
  if (typeof url !== "string" || url.length < 7 || url.length > 1000 || !isHttpUrl(url)) throw invalid("url", MESSAGES.urlInvalid);
  const headers = (optArray(b, "webHookHeaders") ?? []).map((item, i) => {
    const path = at("webHookHeaders", i);
    const o = objectAt(item, path);
    const key = optString(o, "key", { min: 1, max: 255 }, path);
    const value = optString(o, "value", { min: 1, max: 1000 }, path);
    if (!key) throw invalid(at(path, "key"), "The Key field is required.");
    if (!value) throw invalid(at(path, "value"), "The Value field is required.");
    return { key, value, isSecure: optBool(o, "isSecure", path) ?? false };
  });
  return {
    url, httpMethod: optEnum(b, "httpMethod", ["get", "post"] as const) ?? "get", content: optString(b, "content", { max: 15000 }) ?? null,
    webHookHeaders: headers,
  };
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

function productOfWebhook(ctx: RequestContext, w: StoredWebhook): string {
  return ctx.store.configs.get(w.configId)?.productId ?? "";
}

const listWebhooks: Handler = (ctx) => {
  const p = requireProduct(ctx);
  return ok([...ctx.store.webhooks.values()].filter((w) => productOfWebhook(ctx, w) === p.productId).map((w) => webhookView(ctx.store, w)));
};

const createWebhook: Handler = (ctx) => {
  const c = requireConfig(ctx);
  const e = requireEnvironment(ctx);
  if (e.productId !== c.productId) throw notFound("Environment");
  const w: StoredWebhook = { webhookId: 0, configId: c.configId, environmentId: e.environmentId, ...readWebhook(bodyObject(ctx.body)) };
  w.webhookId = ctx.store.nextId("webhook");
  ctx.store.webhooks.set(w.webhookId, w);
  ctx.store.changed();
  return ok(webhookView(ctx.store, w), 201);
};

const getWebhook: Handler = (ctx) => ok(webhookView(ctx.store, requireWebhook(ctx)));

const replaceWebhook: Handler = (ctx) => {
  const w = requireWebhook(ctx);
  Object.assign(w, readWebhook(bodyObject(ctx.body)));
  ctx.store.changed();
  return ok(webhookView(ctx.store, w));
};

/**
 * JSON Patch on a webhook. The document patched shows secure header values as null, as GET does, so no
 * operation (`copy` into `/content`, a guessing `test`) can read a secret. A header still secure whose
 * value is still null afterwards keeps the stored secret of the header with the same key; one turned
 * non-secure, renamed or added without a value is refused like a PUT without one.
 */
const patchWebhook: Handler = (ctx) => {
  const w = requireWebhook(ctx);
  const doc: JsonObject = {
    url: w.url, httpMethod: w.httpMethod, content: w.content,
    webHookHeaders: w.webHookHeaders.map((h) => ({ key: h.key, value: h.isSecure ? null : h.value, isSecure: h.isSecure })),
  };
  let patched: JsonValue;
  try {
    patched = applyPatch(doc, asPatch(ctx.body), { endOfArray: ctx.fidelity.patchEndOfArray });
  } catch (err) {
    patchError(err);
  }
  if (!isJsonObject(patched)) throw invalid("", "The patched webhook must be an object.");
  rejectUnknownMembers(patched, WEBHOOK_SHAPE);
  const secrets = new Map(w.webHookHeaders.filter((h) => h.isSecure).map((h) => [h.key, h.value]));
  if (Array.isArray(patched.webHookHeaders)) {
    patched.webHookHeaders = patched.webHookHeaders.map((h) => {
      if (!isJsonObject(h) || h.value !== null || h.isSecure !== true || typeof h.key !== "string" || !secrets.has(h.key)) return h;
      return { ...h, value: secrets.get(h.key) as string };
    });
  }
  Object.assign(w, readWebhook(patched));
  ctx.store.changed();
  return ok(webhookView(ctx.store, w));
};

const deleteWebhook: Handler = (ctx) => {
  ctx.store.webhooks.delete(requireWebhook(ctx).webhookId);
  ctx.store.changed();
  return NO_CONTENT;
};

/** `GET /v1/webhooks/{id}/keys`: the product's signing keys, made on first use. */
const signingKeys: Handler = (ctx) => {
  const productId = productOfWebhook(ctx, requireWebhook(ctx));
  let k = ctx.store.signingKeys.get(productId);
  if (!k) {
    k = { productId, key1: ctx.store.newSigningKey(), key2: ctx.store.newSigningKey() };
    ctx.store.signingKeys.set(productId, k);
    ctx.store.changed();
  }
  return ok({ key1: k.key1, key2: k.key2 });
};

/**
 * Registers the routes of this module.
 * @param router - route table
 */
export function registerWebhookRoutes(router: Router<Handler>): void {
  router
    .add("GET", "/v1/products/:productId/webhooks", listWebhooks)
    .add("POST", "/v1/configs/:configId/environments/:environmentId/webhooks", createWebhook)
    .add("GET", "/v1/webhooks/:webhookId", getWebhook)
    .add("PUT", "/v1/webhooks/:webhookId", replaceWebhook)
    .add("PATCH", "/v1/webhooks/:webhookId", patchWebhook)
    .add("DELETE", "/v1/webhooks/:webhookId", deleteWebhook)
    .add("GET", "/v1/webhooks/:webhookId/keys", signingKeys);
}
