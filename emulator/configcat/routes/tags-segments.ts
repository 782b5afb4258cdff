import type { Router } from "../../core/router";
import { requireProduct, requireSegment, requireTag, type Handler } from "../context";
import { invalid } from "../errors";
import { bodyObject, optEnum, optString, reqEnum, reqString } from "../fields";
import { dropReferences, segmentsOf, V1_COMPARATORS } from "../formulas";
import type { StoredSegment, StoredTag } from "../model";
import { ordered, segmentListView, segmentView, tagView } from "../views";
import { segmentUsage } from "./products";
import { NO_CONTENT, ok, updated } from "./shared";

/*
 * Tags (product-scoped labels attached to flags) and segments (one V1-style condition, usable from V1
 * rules and V2 segment conditions).
 */

const listTags: Handler = (ctx) => {
  const p = requireProduct(ctx);
  return ok(ordered([...ctx.store.tags.values()].filter((t) => t.productId === p.productId), ctx.fidelity).map((t) => tagView(ctx.store, t)));
};

const getTag: Handler = (ctx) => ok(tagView(ctx.store, requireTag(ctx)));

const createTag: Handler = (ctx) => {
  const p = requireProduct(ctx);
  const b = bodyObject(ctx.body);
  const t: StoredTag = { tagId: 0, productId: p.productId, name: reqString(b, "name", { max: 255 }), color: optString(b, "color", { max: 255 }) ?? null };
  t.tagId = ctx.store.nextId("tag");
  ctx.store.tags.set(t.tagId, t);
  ctx.store.changed();
  return ok(tagView(ctx.store, t), 201);
};

const updateTag: Handler = (ctx) => {
  const t = requireTag(ctx);
  const b = bodyObject(ctx.body);
  const name = optString(b, "name", { max: 255 });
  if (name !== undefined && name !== null) t.name = reqString(b, "name", { max: 255 });
  t.color = updated(ctx, optString(b, "color", { max: 255 }), t.color, null);
  ctx.store.changed();
  return ok(tagView(ctx.store, t));
};

const deleteTag: Handler = (ctx) => {
  ctx.store.deleteTag(requireTag(ctx));
  ctx.store.changed();
  return NO_CONTENT;
};

const listSegments: Handler = (ctx) => {
  const p = requireProduct(ctx);
  const items = ordered([...ctx.store.segments.values()].filter((s) => s.productId === p.productId), ctx.fidelity);
  return ok(items.map((s) => segmentListView(ctx.store, s, segmentUsage(ctx, s.segmentId))));
};

const getSegment: Handler = (ctx) => ok(segmentView(ctx.store, requireSegment(ctx)));

const createSegment: Handler = (ctx) => {
  const p = requireProduct(ctx);
  const b = bodyObject(ctx.body);
  const now = ctx.store.timestamp();
  const s: StoredSegment = {
    segmentId: ctx.store.newGuid(), productId: p.productId, name: reqString(b, "name", { max: 255 }),
    description: optString(b, "description", { max: 1000 }) ?? null, comparisonAttribute: reqString(b, "comparisonAttribute", { max: 1000 }),
    comparator: reqEnum(b, "comparator", V1_COMPARATORS), comparisonValue: reqString(b, "comparisonValue"), createdAt: now, updatedAt: now,
    creatorEmail: ctx.caller.email, creatorFullName: ctx.caller.fullName, lastUpdaterEmail: ctx.caller.email, lastUpdaterFullName: ctx.caller.fullName,
  };
  ctx.store.segments.set(s.segmentId, s);
  ctx.store.changed();
  return ok(segmentView(ctx.store, s), 201);
};

const updateSegment: Handler = (ctx) => {
  const s = requireSegment(ctx);
  const b = bodyObject(ctx.body);
  // Required members of the create model stay as they are when null/absent, whatever `updateNulls` says.
  const keep = <T>(v: T | null | undefined, cur: T): T => (v === undefined || v === null ? cur : v);
  const name = optString(b, "name", { max: 255 });
  const attribute = optString(b, "comparisonAttribute", { max: 1000 });
  const value = optString(b, "comparisonValue");
  if (name === "" || attribute === "" || value === "") throw invalid(name === "" ? "name" : attribute === "" ? "comparisonAttribute" : "comparisonValue", "The field must not be empty.");
  s.name = keep(name, s.name);
  s.comparisonAttribute = keep(attribute, s.comparisonAttribute);
  s.comparator = keep(optEnum(b, "comparator", V1_COMPARATORS), s.comparator as (typeof V1_COMPARATORS)[number]);
  s.comparisonValue = keep(value, s.comparisonValue);
  s.description = updated(ctx, optString(b, "description", { max: 1000 }), s.description, null);
  s.updatedAt = ctx.store.timestamp();
  s.lastUpdaterEmail = ctx.caller.email;
  s.lastUpdaterFullName = ctx.caller.fullName;
  ctx.store.changed();
  return ok(segmentView(ctx.store, s));
};

const deleteSegment: Handler = (ctx) => {
  const s = requireSegment(ctx);
  if (segmentUsage(ctx, s.segmentId) > 0) {
    if (ctx.fidelity.deleteInUse === "refuse") throw invalid("", "This segment is used by targeting rules and cannot be deleted.");
    for (const v of ctx.store.values.values()) {
      if (segmentsOf(v.formula).includes(s.segmentId)) v.formula = dropReferences(v.formula, { segmentId: s.segmentId });
    }
  }
  ctx.store.segments.delete(s.segmentId);
  ctx.store.changed();
  return NO_CONTENT;
};

/**
 * Registers the routes of this module.
 * @param router - route table
 */
export function registerTagSegmentRoutes(router: Router<Handler>): void {
  router
    .add("GET", "/v1/products/:productId/tags", listTags)
    .add("POST", "/v1/products/:productId/tags", createTag)
    .add("GET", "/v1/tags/:tagId", getTag)
    .add("PUT", "/v1/tags/:tagId", updateTag)
    .add("DELETE", "/v1/tags/:tagId", deleteTag)
    .add("GET", "/v1/products/:productId/segments", listSegments)
    .add("POST", "/v1/products/:productId/segments", createSegment)
    .add("GET", "/v1/segments/:segmentId", getSegment)
    .add("PUT", "/v1/segments/:segmentId", updateSegment)
    .add("DELETE", "/v1/segments/:segmentId", deleteSegment);
}
