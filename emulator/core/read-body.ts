import type { IncomingMessage } from "node:http";
import { ApiError } from "./api-error";

/** The default request-body cap: 1 MiB, far above any real management-API payload. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads a request body into memory, refusing more than `maxBytes`.
 * Refusal is a 413 ApiError; the caller answers it and closes the connection, because the rest of the
 * body is left unread.
 * @param req - the incoming request
 * @param maxBytes - the cap
 * @throws ApiError 413 when the declared or actual size is over the cap
 */
export function readBody(req: IncomingMessage, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.reject(new ApiError(413, `Request body larger than ${maxBytes} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        done = true;
        reject(new ApiError(413, `Request body larger than ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (done) return;
      done = true;
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    });
    req.on("error", (err) => {
      if (done) return;
      done = true;
      reject(err);
    });
  });
}

/**
 * Parses a request body as JSON. An empty body parses as `undefined` so handlers can report the missing
 * fields by name instead of a generic parse error.
 * @param raw - the bytes read
 * @throws ApiError 400 "Invalid JSON body" when the bytes are not JSON
 */
export function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, "Invalid JSON body");
  }
}
