import { badRequest } from "../../core/api-error";
import { isJsonObject, type JsonObject } from "../../core/json";
import { jsonReply, OK_TEXT, type Reply } from "../../core/reply";
import type { Router } from "../../core/router";
import { asObject } from "../../core/validate";
import { requireConfig, type RequestContext, type RouteEntry } from "../context";
import { parseVariantInput } from "../input/variant";
import type { ConfigKind, StoredConfig, StoredVariant } from "../model";
import { variantView } from "../views";
import { COLLECTION } from "./collection";

/** The live API's message for an unknown variant key. */
export const UNKNOWN_VARIANT = "Variant key does not exist";

/**
 * Finds the variant named by `:variantKey`.
 * @param c - the flag or experiment
 * @param key - variant key
 * @throws ApiError 400 "Variant key does not exist"
 */
export function requireVariant(c: StoredConfig, key: string): StoredVariant {
  const v = c.variants.find((x) => x.key === key);
  if (!v) throw badRequest(UNKNOWN_VARIANT);
  return v;
}

/**
 * Registers the variants sub-resource: list, create, get, edit (PATCH, and POST as the flags page's
 * heading says), delete.
 * @param router - route table
 * @param kind - which collection
 */
export function registerVariantRoutes(router: Router<RouteEntry>, kind: ConfigKind): void {
  const base = `/api/1/${COLLECTION[kind]}/:id/variants`;
  router.add("GET", base, {
    scope: kind,
    handler: (ctx) => {
      const all = requireConfig(ctx, kind).variants.map(variantView);
      return jsonReply(ctx.settings.fidelity.arrayOrder === "reversed" ? all.reverse() : all);
    },
  });
  router.add("POST", base, { scope: kind, handler: (ctx) => create(ctx, kind) });
  router.add("GET", `${base}/:variantKey`, {
    scope: kind,
    handler: (ctx) => jsonReply(variantView(requireVariant(requireConfig(ctx, kind), ctx.params.variantKey))),
  });
  router.add("PATCH", `${base}/:variantKey`, { scope: kind, handler: (ctx) => edit(ctx, kind) });
  router.add("POST", `${base}/:variantKey`, { scope: kind, handler: (ctx) => edit(ctx, kind) });
  router.add("DELETE", `${base}/:variantKey`, { scope: kind, handler: (ctx) => remove(ctx, kind) });
}

function create(ctx: RequestContext, kind: ConfigKind): Reply {
  const c = requireConfig(ctx, kind);
  const input = parseVariantInput(asObject(ctx.body), "", true);
  const key = input.key as string;
  if (c.variants.some((v) => v.key === key)) throw badRequest("Variant key already exists");
  const v: StoredVariant = {
    key,
    name: input.name ?? "",
    description: input.description ?? "",
    rolloutWeight: input.rolloutWeight ?? 1,
    inclusions: [],
    cohorts: [],
  };
  if (input.payload !== undefined) v.payload = input.payload;
  c.variants.push(v);
  return commit(ctx, c);
}

function edit(ctx: RequestContext, kind: ConfigKind): Reply {
  const c = requireConfig(ctx, kind);
  const v = requireVariant(c, ctx.params.variantKey);
  const input = parseVariantInput(asObject(ctx.body), "", false);
  if (input.key !== undefined && input.key !== v.key) {
    if (c.variants.some((x) => x.key === input.key)) throw badRequest("Variant key already exists");
    renameInSegments(c, v.key, input.key);
    if (c.experiment && c.experiment.rolledOutVariant === v.key) c.experiment.rolledOutVariant = input.key;
    v.key = input.key; // `name` is left alone, as observed live
  }
  if (input.name !== undefined) v.name = input.name;
  if (input.description !== undefined) v.description = input.description;
  if (input.payload !== undefined) v.payload = input.payload; // replaces, never merges
  if (input.rolloutWeight !== undefined) v.rolloutWeight = input.rolloutWeight;
  return commit(ctx, c);
}

function remove(ctx: RequestContext, kind: ConfigKind): Reply {
  const c = requireConfig(ctx, kind);
  const v = requireVariant(c, ctx.params.variantKey);
  // An object with no variant at all cannot be evaluated; the UI never allows it either.
  if (c.variants.length === 1) throw badRequest("Cannot delete the last variant");
  c.variants = c.variants.filter((x) => x !== v);
  renameInSegments(c, v.key, undefined);
  return commit(ctx, c);
}

/** Keeps segment weight maps in step with variant keys (rename, or drop when `to` is undefined). */
function renameInSegments(c: StoredConfig, from: string, to: string | undefined): void {
  for (const s of c.targetSegments) {
    if (!isJsonObject(s) || !isJsonObject(s.rolloutWeights)) continue;
    const weights: JsonObject = s.rolloutWeights;
    if (!(from in weights)) continue;
    const w = weights[from];
    delete weights[from];
    if (to !== undefined) weights[to] = w;
  }
}

function commit(ctx: RequestContext, c: StoredConfig): Reply {
  c.lastModifiedBy = ctx.settings.actor;
  ctx.store.commit(c);
  return OK_TEXT;
}
