import { syntheticResponse, type HttpResponse } from "../../core";
import type { CallSpec } from "./requester";

/**
 * Turns "find what the first attempt made" into the requester's reconcile hook: after an ambiguous failure (timeout,
 * reset, 5xx) the request is not replayed when `find` returns the object, which then serves as the response.
 * @param find - looks for the effect of the first attempt; `undefined` when it did not take effect.
 */
export function reconciler<T>(find: (() => Promise<T | undefined>) | undefined): CallSpec["reconcile"] {
  if (!find) return undefined;
  return async (): Promise<HttpResponse | undefined> => {
    const found = await find();
    return found === undefined ? undefined : syntheticResponse(JSON.stringify(found));
  };
}
