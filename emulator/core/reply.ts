import { STATUS_CODES, type ServerResponse } from "node:http";
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
 * Shapes of an error body. The vendor documents none (Amplitude reference §2.2), so the emulator can send each
 * plausible one: `error` `{"error": m}`; `message` `{"message": m}`; `error-message` `{"error": "<reason
 * phrase>", "message": m}`; `errors` `{"errors": [{"message": m}]}`; `hapi` hapi/Boom's default
 * `{"statusCode": 400, "error": "Bad Request", "message": m}`; `text` the bare message as `text/plain`.
 */
export type ErrorBodyShape = "error" | "message" | "error-message" | "errors" | "hapi" | "text";

/**
 * Re-shapes an error reply built by {@link errorReply} (a 4xx/5xx whose JSON body is `{"error": m}`); any other
 * reply is returned as it is.
 * @param reply - the reply about to be sent
 * @param shape - the error body shape to use
 */
export function shapeErrorReply(reply: Reply, shape: ErrorBodyShape): Reply {
  if (shape === "error" || reply.status < 400 || !("json" in reply)) return reply;
  const json = reply.json;
  if (json === null || typeof json !== "object" || Array.isArray(json) || typeof json.error !== "string") return reply;
  const message = json.error;
  const reason = STATUS_CODES[reply.status] ?? "Error";
  const headers = reply.headers;
  switch (shape) {
    case "message": return { status: reply.status, json: { message }, headers };
    case "error-message": return { status: reply.status, json: { error: reason, message }, headers };
    case "errors": return { status: reply.status, json: { errors: [{ message }] }, headers };
    case "hapi": return { status: reply.status, json: { statusCode: reply.status, error: reason, message }, headers };
    case "text": return { status: reply.status, text: message, headers };
  }
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
