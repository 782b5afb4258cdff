import type { ServerResponse } from "node:http";
import type { JsonValue } from "./json";

/** What a route handler returns: a JSON body or a plain-text body, with a status. */
export type Reply =
  | { readonly status: number; readonly json: JsonValue; readonly headers?: Readonly<Record<string, string>> }
  | { readonly status: number; readonly text: string; readonly headers?: Readonly<Record<string, string>> };

/** The plain-text `OK` body the vendor sends for most mutations. */
export const OK_TEXT: Reply = { status: 200, text: "OK" };

/**
 * Builds a JSON reply.
 * @param json - body
 * @param status - HTTP status
 * @default status 200
 */
export function jsonReply(json: JsonValue, status = 200): Reply {
  return { status, json };
}

/**
 * Builds the one error-body shape the emulator uses: `{"error": message}`.
 * @param status - HTTP status
 * @param message - human-readable reason
 * @param headers - extra headers such as `Retry-After`
 */
export function errorReply(status: number, message: string, headers?: Record<string, string>): Reply {
  return { status, json: { error: message }, headers };
}

/**
 * Writes a reply to a node response. Content-Length is always set so keep-alive clients never wait for a close.
 * @param res - the node response
 * @param reply - what to send
 */
export function sendReply(res: ServerResponse, reply: Reply): void {
  const isJson = "json" in reply;
  const body = Buffer.from(isJson ? JSON.stringify(reply.json) : reply.text, "utf8");
  const headers: Record<string, string | number> = {
    "content-type": isJson ? "application/json; charset=utf-8" : "text/plain; charset=utf-8",
    "content-length": body.length,
    ...reply.headers,
  };
  res.writeHead(reply.status, headers);
  res.end(body);
}
