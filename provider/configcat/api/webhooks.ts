import { z } from "zod";
import { isReplaySafePatch, type JsonPatchOperation } from "../../core";
import { reconciler } from "./reconcile";
import type { Requester } from "./requester";
import { ROUTES } from "./routes";

/** One `WebHookHeaderModel`; a secure header's value is never returned (`null`). */
export const WebhookHeaderSchema = z.object({ key: z.string(), value: z.string().nullable().optional().transform((v) => v ?? null), isSecure: z.boolean().optional().default(false) });

/** `WebhookResponseModel`. */
export const WebhookSchema = z.object({
  webhookId: z.number().int(),
  url: z.string(),
  httpMethod: z.enum(["get", "post"]).nullable().optional().transform((v) => v ?? "get"),
  content: z.string().nullable().optional().transform((v) => v ?? null),
  webHookHeaders: z.array(WebhookHeaderSchema).nullable().optional().transform((v) => v ?? []),
  config: z.object({ configId: z.string() }),
  environment: z.object({ environmentId: z.string() }),
});
/** A webhook. */
export type Webhook = z.output<typeof WebhookSchema>;

/** `WebhookSigningKeysModel`: the keys receivers verify signatures with. Secret. */
export const WebhookSigningKeysSchema = z.object({
  key1: z.string().nullable().optional().transform((v) => v ?? null),
  key2: z.string().nullable().optional().transform((v) => v ?? null),
});
/** A webhook's signing keys. */
export type WebhookSigningKeys = z.output<typeof WebhookSigningKeysSchema>;

/** `WebHookRequestModel`. */
export interface WebhookBody {
  url: string;
  httpMethod?: "get" | "post";
  content?: string | null;
  webHookHeaders?: { key: string; value: string; isSecure: boolean }[];
}

/** Operations on webhooks. */
export interface WebhooksApi {
  /** `GET /v1/products/{productId}/webhooks`: every webhook of the product, unpaginated. */
  list(productId: string): Promise<Webhook[]>;
  /** `GET /v1/webhooks/{webhookId}`. */
  get(webhookId: number): Promise<Webhook>;
  /** `POST /v1/configs/{configId}/environments/{environmentId}/webhooks`; never replayed, `reconcile` decides after an ambiguous failure. */
  create(configId: string, environmentId: string, body: WebhookBody, reconcile?: () => Promise<Webhook | undefined>): Promise<Webhook>;
  /** `PATCH /v1/webhooks/{webhookId}`; a patch with `add`/`remove` needs `reconcile` (it is not replayed blindly). */
  patch(webhookId: number, ops: readonly JsonPatchOperation[], reconcile?: () => Promise<Webhook | undefined>): Promise<Webhook>;
  /** `DELETE /v1/webhooks/{webhookId}`. */
  delete(webhookId: number): Promise<void>;
  /** `GET /v1/webhooks/{webhookId}/keys`. */
  signingKeys(webhookId: number): Promise<WebhookSigningKeys>;
}

/** @internal */
export function webhookEndpoints(http: Requester): WebhooksApi {
  return {
    list: (productId) => http.json({ what: "list webhooks", method: "GET", route: ROUTES.productWebhooks, params: { productId } }, z.array(WebhookSchema)),
    get: (webhookId) => http.json({ what: "get webhook", method: "GET", route: ROUTES.webhook, params: { webhookId } }, WebhookSchema),
    create: (configId, environmentId, body, find) => http.json({
      what: "create webhook", method: "POST", route: ROUTES.configEnvironmentWebhooks, params: { configId, environmentId }, body, reconcile: reconciler(find),
    }, WebhookSchema),
    patch: (webhookId, ops, find) => {
      if (!isReplaySafePatch(ops) && !find) throw new Error("patching a webhook with non-replayable operations needs a reconciler");
      return http.json({
        what: "update webhook", method: "PATCH", route: ROUTES.webhook, params: { webhookId }, body: ops, reconcile: isReplaySafePatch(ops) ? undefined : reconciler(find),
      }, WebhookSchema);
    },
    delete: async (webhookId) => {
      await http.send({ what: "delete webhook", method: "DELETE", route: ROUTES.webhook, params: { webhookId } });
    },
    signingKeys: (webhookId) => http.json({ what: "get webhook signing keys", method: "GET", route: ROUTES.webhookKeys, params: { webhookId } }, WebhookSigningKeysSchema),
  };
}
