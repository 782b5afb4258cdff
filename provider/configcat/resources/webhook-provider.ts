import type * as pulumi from "@pulumi/pulumi";
import { isNotFound, type ConfigCatClient, type Webhook as LiveWebhook, type WebhookBody } from "../api";
import { isReplaySafePatch, jsonEquals, type JsonPatchOperation } from "../../core";
import { checkInputs, engineFailures, withoutUndefined } from "../../core/dynamic/check";
import { withObjectLock } from "../../core/dynamic/keyed-mutex";
import { forgetCreated, journalCreated, journaledCreator } from "../../core/dynamic/creation-journal";
import { containsUnknown } from "../../core/dynamic/unknown";
import { clientFor, serverKey } from "./client-for";
import { describeFailure } from "./errors";
import { cachedLookup, invalidateCached } from "./live-cache";
import { isTakenOver, journalKey, recordTakeover } from "./takeover";
import { webhookSchema } from "./validation";

/** A webhook's inputs after `check`. @internal */
export interface WebhookInputs {
  adopt: boolean;
  deletionPolicy: "delete" | "retain";
  configId: string;
  environmentId: string;
  url: string;
  httpMethod: "get" | "post";
  content?: string;
  headers?: Record<string, string>;
  secureHeaders?: Record<string, string>;
  /** The resource's URN, set by the resource class: the identity its creates are journaled under. */
  owner?: string;
}

/** A webhook as recorded in state. @internal */
export interface WebhookOutputs {
  adopt: boolean;
  deletionPolicy: "delete" | "retain";
  webhookId: number;
  productId: string;
  configId: string;
  environmentId: string;
  url: string;
  httpMethod: "get" | "post";
  content: string | null;
  headers: Record<string, string>;
  /** Live secure header names → the value this resource last wrote (`null`: unknown, set outside Pulumi). */
  secureHeaders: Record<string, string | null>;
  signingKey1: string | null;
  signingKey2: string | null;
}

const COLLECTION = "webhooks";

/** The live webhook in the program's terms; secure values are not readable, so they come from `known` (or `null`). */
function fromLive(w: LiveWebhook, known: Record<string, string | null> = {}) {
  const headers: Record<string, string> = {};
  const secureHeaders: Record<string, string | null> = {};
  for (const h of w.webHookHeaders) {
    if (h.isSecure) secureHeaders[h.key] = known[h.key] ?? null;
    else headers[h.key] = h.value ?? "";
  }
  return { url: w.url, httpMethod: w.httpMethod, content: w.content, headers, secureHeaders };
}

type Desired = Pick<WebhookInputs, "url" | "httpMethod" | "content" | "headers" | "secureHeaders">;
type Live = ReturnType<typeof fromLive>;

/** The managed fields that differ; secure headers by name, and by value against what this resource last wrote. */
function changedFields(d: Desired, live: Live): string[] {
  const out: string[] = [];
  if (containsUnknown(d.url) || d.url !== live.url) out.push("url");
  if (containsUnknown(d.httpMethod) || (d.httpMethod !== undefined && d.httpMethod !== live.httpMethod)) out.push("httpMethod");
  if (d.content !== undefined && (containsUnknown(d.content) || d.content !== (live.content ?? ""))) out.push("content");
  if (d.headers !== undefined && (containsUnknown(d.headers) || !jsonEquals(d.headers, live.headers))) out.push("headers");
  if (d.secureHeaders !== undefined && (containsUnknown(d.secureHeaders) || !jsonEquals(d.secureHeaders, live.secureHeaders))) out.push("secureHeaders");
  return out;
}

/**
 * The JSON Patch that brings a webhook in line with the program, touching only managed paths: `replace` of changed
 * members and header values first (indexes as read), then `remove` of unwanted headers from the highest index down,
 * then `add` of new ones. Secure headers the program does not manage are never in the patch, as their values cannot
 * be read back to send again.
 */
function patchFor(w: LiveWebhook, d: Desired, known: Record<string, string | null>): JsonPatchOperation[] {
  const live = fromLive(w, known);
  const ops: JsonPatchOperation[] = [];
  for (const f of ["url", "httpMethod", "content"] as const) {
    if (d[f] !== undefined && d[f] !== (live[f] ?? (f === "content" ? "" : undefined))) ops.push({ op: "replace", path: `/${f}`, value: d[f] });
  }
  const plain = d.headers;
  const secure = d.secureHeaders;
  const removes: number[] = [];
  w.webHookHeaders.forEach((h, i) => {
    const wantPlain = plain?.[h.key];
    const wantSecure = secure?.[h.key];
    if (wantPlain !== undefined) {
      if (h.isSecure) ops.push({ op: "replace", path: `/webHookHeaders/${i}`, value: { key: h.key, value: wantPlain, isSecure: false } });
      else if (h.value !== wantPlain) ops.push({ op: "replace", path: `/webHookHeaders/${i}/value`, value: wantPlain });
    } else if (wantSecure !== undefined) {
      if (!h.isSecure) ops.push({ op: "replace", path: `/webHookHeaders/${i}`, value: { key: h.key, value: wantSecure, isSecure: true } });
      else if (known[h.key] !== wantSecure) ops.push({ op: "replace", path: `/webHookHeaders/${i}/value`, value: wantSecure });
    } else if ((h.isSecure ? secure : plain) !== undefined) {
      removes.push(i);
    }
  });
  for (const i of removes.reverse()) ops.push({ op: "remove", path: `/webHookHeaders/${i}` });
  const present = new Set(w.webHookHeaders.map((h) => h.key));
  for (const [map, isSecure] of [[plain, false], [secure, true]] as const) {
    for (const [key, value] of Object.entries(map ?? {})) if (!present.has(key)) ops.push({ op: "add", path: "/webHookHeaders/-", value: { key, value, isSecure } });
  }
  return ops;
}

function createBody(d: Desired): WebhookBody {
  return {
    url: d.url, httpMethod: d.httpMethod, content: d.content ?? null,
    webHookHeaders: [
      ...Object.entries(d.headers ?? {}).map(([key, value]) => ({ key, value, isSecure: false })),
      ...Object.entries(d.secureHeaders ?? {}).map(([key, value]) => ({ key, value, isSecure: true })),
    ],
  };
}

/**
 * Patches a webhook to the program under a per-webhook lock. A patch with `add`/`remove` is not replayed blindly: after
 * an ambiguous failure the webhook is read again, and the patch counts as applied when nothing is left to do.
 */
async function converge(client: ConfigCatClient, w: LiveWebhook, d: Desired, known: Record<string, string | null>): Promise<LiveWebhook> {
  return withObjectLock(`configcat|${serverKey()}|webhook|${w.webhookId}`, async () => {
    const ops = patchFor(w, d, known);
    if (ops.length === 0) return w;
    // Once sent, the secure values are the program's.
    const written = { ...known, ...d.secureHeaders };
    const settled = async () => {
      const now = await client.webhooks.get(w.webhookId);
      return patchFor(now, d, written).length === 0 ? now : undefined;
    };
    return client.webhooks.patch(w.webhookId, ops, isReplaySafePatch(ops) ? undefined : settled);
  });
}

async function outputsFrom(client: ConfigCatClient, w: LiveWebhook, productId: string, options: Pick<WebhookInputs, "adopt" | "deletionPolicy">, known: Record<string, string | null>): Promise<WebhookOutputs> {
  const keys = await client.webhooks.signingKeys(w.webhookId);
  return {
    adopt: options.adopt === true, deletionPolicy: options.deletionPolicy ?? "delete", webhookId: w.webhookId, productId,
    configId: w.config.configId, environmentId: w.environment.environmentId, ...fromLive(w, known), signingKey1: keys.key1, signingKey2: keys.key2,
  };
}

/** Removes secure header values from a message, should a server echo one. */
function redact(message: string, secure: Record<string, string | null> | undefined): string {
  let out = message;
  for (const v of Object.values(secure ?? {})) if (typeof v === "string" && v.length >= 4) out = out.split(v).join("[secret]");
  return out;
}

const failure = (action: string, e: unknown, secure: Record<string, string | null> | undefined) => new Error(redact(describeFailure(action, e), secure));
/** A webhook's identity in the creation journal: its URL in its config × environment (it has no name). */
const createdKey = (i: { configId: string; environmentId: string; url: string }) => journalKey(COLLECTION, i.configId, i.environmentId, i.url);

const sameKey = (w: LiveWebhook, i: { configId: string; environmentId: string; url: string }) =>
  w.config.configId.toLowerCase() === i.configId && w.environment.environmentId.toLowerCase() === i.environmentId && w.url === i.url;

/** The webhook provider, run in the engine's provider process. @internal */
export const webhookProvider = {
  async check(_olds: unknown, news: Record<string, unknown>) {
    const result = checkInputs(webhookSchema, news);
    // A failure is never reported against `secureHeaders` itself: the engine would print the property's value.
    if (!result.ok) return { failures: engineFailures(result.failures).map((f) => (f.property === "secureHeaders" ? { property: "", reason: `secureHeaders: ${f.reason}` } : f)) };
    return { inputs: withoutUndefined({ adopt: false, deletionPolicy: "delete", ...(result.value as object) }) };
  },

  async diff(_id: string, olds: WebhookOutputs, news: WebhookInputs): Promise<pulumi.dynamic.DiffResult> {
    // The engine has the webhook in its state: the journal's proof is no longer needed.
    forgetCreated(createdKey(olds));
    const replaces = (["configId", "environmentId"] as const).filter((f) => containsUnknown(news[f]) || news[f] !== olds[f]);
    const changed = changedFields(news, olds);
    return { changes: replaces.length > 0 || changed.length > 0 || news.adopt !== olds.adopt || news.deletionPolicy !== olds.deletionPolicy, replaces: [...replaces] };
  },

  async create(inputs: WebhookInputs) {
    const what = `creating the webhook ${inputs.url} of config ${inputs.configId} in environment ${inputs.environmentId}`;
    try {
      const client = clientFor();
      const productId = (await client.configs.get(inputs.configId)).product.productId;
      invalidateCached(COLLECTION, productId);
      const all = await client.webhooks.list(productId);
      const same = all.filter((w) => sameKey(w, inputs));
      // This resource's own create, cut off by a killed run before Pulumi recorded it: journaled right before it was
      // sent, when no webhook had this URL here. A webhook has no name to carry other proof.
      const ours = same.length === 1 && inputs.owner !== undefined && journaledCreator(createdKey(inputs)) === inputs.owner;
      if (same.length > 0 && !inputs.adopt && !ours) {
        throw new Error(
          `a webhook calling ${inputs.url} already exists for this config and environment (id ${same.map((w) => w.webhookId).join(", ")}) and was not ` +
            "created by this resource; nothing was changed. Set `adopt: true` to manage it from this resource, or use another URL.",
        );
      }
      if (same.length > 1) throw new Error(`\`adopt: true\` needs exactly one webhook calling ${inputs.url} here, found ${same.length} (ids ${same.map((w) => w.webhookId).join(", ")}); nothing was changed`);
      let live: LiveWebhook;
      if (same.length === 1) {
        if (!ours) recordTakeover(COLLECTION, String(same[0]!.webhookId));
        live = await converge(client, await client.webhooks.get(same[0]!.webhookId), inputs, {});
      } else {
        const before = new Set(all.map((w) => w.webhookId));
        // After an ambiguous failure: the create took effect if a new webhook with this key appeared.
        const settled = async () => (await client.webhooks.list(productId)).find((w) => sameKey(w, inputs) && !before.has(w.webhookId));
        if (inputs.owner !== undefined) journalCreated(createdKey(inputs), inputs.owner);
        try {
          live = await client.webhooks.create(inputs.configId, inputs.environmentId, createBody(inputs), settled);
        } catch (e) {
          // Not created (an ambiguous failure is settled by a fresh list first): the journal must not vouch for a later one.
          forgetCreated(createdKey(inputs));
          throw e;
        }
      }
      invalidateCached(COLLECTION, productId);
      // The secure values just written are the program's.
      return { id: String(live.webhookId), outs: await outputsFrom(client, live, productId, inputs, { ...inputs.secureHeaders }) };
    } catch (e) {
      throw failure(what, e, inputs.secureHeaders);
    }
  },

  async read(id: string, props: WebhookOutputs) {
    try {
      const client = clientFor();
      try {
        const live = (await cachedLookup(COLLECTION, props.productId, id, () => client.webhooks.list(props.productId), (w) => String(w.webhookId)))
          ?? (await client.webhooks.get(Number(id)));
        return { id, props: await outputsFrom(client, live, props.productId, props, props.secureHeaders ?? {}) };
      } catch (e) {
        // The webhook, its config or its environment was deleted outside Pulumi.
        if (isNotFound(e)) return { id: "" };
        throw e;
      }
    } catch (e) {
      throw failure(`reading webhook ${id} (${props.url})`, e, props.secureHeaders);
    }
  },

  async update(id: string, olds: WebhookOutputs, news: WebhookInputs) {
    try {
      const client = clientFor();
      invalidateCached(COLLECTION, olds.productId);
      const live = await converge(client, await client.webhooks.get(Number(id)), news, olds.secureHeaders ?? {});
      return { outs: await outputsFrom(client, live, olds.productId, news, { ...olds.secureHeaders, ...news.secureHeaders }) };
    } catch (e) {
      throw failure(`updating webhook ${id} (${olds.url})`, e, { ...olds.secureHeaders, ...news.secureHeaders });
    }
  },

  async delete(id: string, props: WebhookOutputs) {
    forgetCreated(createdKey(props));
    if (props.deletionPolicy === "retain" || isTakenOver(COLLECTION, id)) return;
    try {
      invalidateCached(COLLECTION, props.productId);
      await clientFor().webhooks.delete(Number(id));
    } catch (e) {
      if (isNotFound(e)) return;
      throw failure(`deleting webhook ${id} (${props.url})`, e, props.secureHeaders);
    }
  },
};
