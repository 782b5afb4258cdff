import type { JsonValue } from "../../core/json";
import type { Reply } from "../../core/reply";
import type { RequestContext } from "../context";

/** A JSON reply. */
export const ok = (json: JsonValue, status = 200): Reply => ({ status, json });

/** The empty 204 of deletes and no-op PATCHes. */
export const NO_CONTENT: Reply = { status: 204, text: "" };

/**
 * Applies the `updateNulls` switch to one member of an `Update*` body (all members nullable): a given
 * value wins; null/absent keeps the stored value (default) or resets it (`clear`).
 * @param ctx - request context
 * @param incoming - the member as read (`undefined` = absent)
 * @param current - the stored value
 * @param reset - the value `clear` resets to
 */
export function updated<T>(ctx: RequestContext, incoming: T | null | undefined, current: T, reset: T): T {
  if (incoming !== undefined && incoming !== null) return incoming;
  return ctx.fidelity.updateNulls === "clear" ? reset : current;
}

/**
 * Reads a boolean query flag (`?bypassApproval=true`); anything but `true`/`1` is false.
 * @param ctx - request context
 * @param name - query parameter
 */
export function queryFlag(ctx: RequestContext, name: string): boolean {
  const v = ctx.query.get(name);
  return v !== null && (v.toLowerCase() === "true" || v === "1");
}
