import { badRequest } from "../core/api-error";
import type { JsonObject, JsonValue } from "../core/json";
import type { ResolvedFidelity } from "./options";

/** The documented maximum page size ("capped at 1000"); larger values are clamped, not refused. */
export const MAX_LIMIT = 1000;
/** The page size when `limit` is absent (undocumented; every docs example uses the maximum). */
export const DEFAULT_LIMIT = 1000;

/** A parsed `limit` and `cursor`. */
export interface PageRequest {
  limit: number;
  /** Offset into the filtered, newest-first list. */
  offset: number;
}

/**
 * Reads `limit` and `cursor` from a query. The cursor is a numeric offset, as the docs' examples imply.
 * @param query - request query
 * @param maxPageSize - the server's page cap (fidelity `maxPageSize`)
 * @throws ApiError 400 for non-integer or negative values
 */
export function parsePageRequest(query: URLSearchParams, maxPageSize = MAX_LIMIT): PageRequest {
  const limitRaw = query.get("limit");
  const cursorRaw = query.get("cursor");
  let limit = DEFAULT_LIMIT;
  if (limitRaw !== null && limitRaw !== "") {
    if (!/^\d+$/.test(limitRaw) || Number(limitRaw) < 1) throw badRequest(`"limit" must be a positive integer`);
    limit = Math.min(Number(limitRaw), MAX_LIMIT);
  }
  limit = Math.min(limit, maxPageSize);
  let offset = 0;
  if (cursorRaw !== null && cursorRaw !== "" && cursorRaw !== "null") {
    if (!/^\d+$/.test(cursorRaw)) throw badRequest(`"cursor" must be a number`);
    offset = Number(cursorRaw);
  }
  return { limit, offset };
}

/**
 * Builds a page body: `{ [field]: items, nextCursor }`, with `nextCursor` only while more pages remain
 * (or `null` on the last page, per the fidelity switch).
 * @param field - collection field name
 * @param items - page items
 * @param more - whether more pages remain
 * @param page - the request
 * @param fidelity - fidelity switches
 * @param consumed - list positions the page covered, when it was filtered after paging
 * @default consumed items.length
 */
export function pageBody(field: string, items: JsonValue[], more: boolean, page: PageRequest, fidelity: ResolvedFidelity, consumed = items.length): JsonObject {
  const body: JsonObject = { [field]: items };
  if (more) body.nextCursor = page.offset + consumed;
  else if (fidelity.lastPageCursor === "null") body.nextCursor = null;
  return body;
}

/**
 * Reads a boolean query flag such as `includeArchived`.
 * @param query - request query
 * @param name - parameter name
 * @throws ApiError 400 when present but not `true`/`false`
 */
export function queryBoolean(query: URLSearchParams, name: string): boolean {
  const raw = query.get(name);
  if (raw === null || raw === "") return false;
  if (raw === "true") return true;
  if (raw === "false") return false;
  throw badRequest(`"${name}" must be a boolean`);
}
