import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "../../core/dynamic/dynamic-provider";
import { dynamicResourceUrn } from "../../core/dynamic/owner";
import { numericIdOutput } from "../../core/dynamic/id-output";
import type { CommonArgs } from "./args";

/** Arguments of a {@link Webhook}. Unset optional fields are not managed: never sent, never compared. */
export interface WebhookArgs extends CommonArgs {
  /** Config id (uuid) whose changes trigger the webhook. Changing it replaces the webhook. */
  configId: pulumi.Input<string>;
  /** Environment id (uuid) whose changes trigger the webhook. Changing it replaces the webhook. */
  environmentId: pulumi.Input<string>;
  /**
   * The URL called, an absolute `http://` or `https://` URL of 7–1000 characters. With `adopt: true`, the webhook of
   * this config and environment with exactly this URL is taken over.
   */
  url: pulumi.Input<string>;
  /** `get` or `post`. @default "get" */
  httpMethod?: pulumi.Input<"get" | "post">;
  /** Body sent with `post`, at most 15000 characters; ConfigCat fills in variables such as `##ConfigName##`. */
  content?: pulumi.Input<string>;
  /** Plain HTTP headers, name (1–255 characters) → value (1–1000 characters). Readable in the Dashboard and in outputs. */
  headers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Secure HTTP headers (name → value, same bounds), for tokens: always stored as secrets in the state, never shown by
   * ConfigCat. ConfigCat never returns their values, so refresh detects a secure header added or removed in the
   * Dashboard but not a changed value; a changed value in the program is written. A name must not also be in `headers`.
   */
  secureHeaders?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * A ConfigCat webhook: an HTTP call made whenever a config's values change in one environment. Receivers verify
 * calls with the product's signing keys, exposed here as secret outputs.
 *
 * Create refuses (changing nothing) when the config and environment already have a webhook with the same URL, unless
 * `adopt: true`; a create cut off mid-flight is settled by looking for the new webhook, never replayed blindly.
 * Updates are JSON Patches of the changed paths only, so secure headers the program does not manage are kept.
 *
 * @example
 * ```ts
 * const hook = new configcat.Webhook("deploy", {
 *   configId: config.id, environmentId: prod.id, url: "https://ci.example.com/hooks/configcat", httpMethod: "post",
 *   content: "##ConfigName## changed", secureHeaders: { Authorization: ciToken },
 * });
 * export const signingKey = hook.signingKey1; // secret
 * ```
 * @see https://api.configcat.com/docs/#tag/Webhooks
 */
export class Webhook extends pulumi.dynamic.Resource {
  /** The webhook id (int32); the resource id is its string form. */
  declare readonly webhookId: pulumi.Output<number>;
  /** The config's product. */
  declare readonly productId: pulumi.Output<string>;
  /** The config id. */
  declare readonly configId: pulumi.Output<string>;
  /** The environment id. */
  declare readonly environmentId: pulumi.Output<string>;
  /** Live URL. */
  declare readonly url: pulumi.Output<string>;
  /** Live HTTP method. */
  declare readonly httpMethod: pulumi.Output<"get" | "post">;
  /** Live body (`null` when none). */
  declare readonly content: pulumi.Output<string | null>;
  /** Live plain headers. */
  declare readonly headers: pulumi.Output<Record<string, string>>;
  /** Live secure header names with the values last written by this resource (`null`: set outside Pulumi). Always secret. */
  declare readonly secureHeaders: pulumi.Output<Record<string, string | null>>;
  /** The first signing key of the product's webhooks. Always secret. */
  declare readonly signingKey1: pulumi.Output<string | null>;
  /** The second signing key (for rotation). Always secret. */
  declare readonly signingKey2: pulumi.Output<string | null>;

  /**
   * @param name - the resource's name in the stack.
   * @param args - the webhook's desired configuration.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: WebhookArgs, opts?: pulumi.CustomResourceOptions) {
    const outs = { webhookId: undefined, productId: undefined, content: undefined, headers: undefined, signingKey1: undefined, signingKey2: undefined };
    // Secret as inputs too, even when the program passes plain strings: the state keeps inputs beside outputs.
    const props = {
      ...outs, ...args, secureHeaders: args.secureHeaders === undefined ? undefined : pulumi.secret(args.secureHeaders),
      owner: dynamicResourceUrn(name, "configcat", "Webhook", opts),
    };
    const secretOpts = { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "secureHeaders", "signingKey1", "signingKey2"] };
    super(dynamicProvider("configcat-webhook", require.resolve("../../dynamic/configcat-webhook")), name, props, secretOpts, "configcat", "Webhook");
    // From the resource id, so it stays known in a preview of an in-place update (see numericIdOutput).
    this.webhookId = numericIdOutput(this);
  }
}
