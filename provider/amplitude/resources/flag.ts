import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "../../core/dynamic/dynamic-provider";
import type { ConfigObjectArgs } from "./args";
import { ConfigObjectResource } from "./config-object-resource";

/** Arguments of a {@link Flag}. Fields left unset are not managed: never sent, never compared. */
export interface FlagArgs extends ConfigObjectArgs {}


/**
 * An Amplitude Experiment feature flag.
 *
 * Changing `projectId` or `key` replaces the flag (the old one is handled per `deletionPolicy`). Variants,
 * deployments, tags and inclusions are compared as sets, payloads as JSON, target segments in order.
 *
 * @example
 * ```ts
 * const web = new amplitude.Deployment("web", { projectId: "123456", label: "web", type: "client" });
 * new amplitude.Flag("new-checkout", {
 *   projectId: "123456",
 *   key: "new-checkout",
 *   variants: [{ key: "on", payload: { layout: "v2" } }],
 *   deployments: [web.id],
 *   rolloutPercentage: 25,
 *   enabled: true,
 * });
 * ```
 * @see https://amplitude.com/docs/apis/experiment/experiment-management-api-flags
 */
export class Flag extends ConfigObjectResource {
  /**
   * @param name - the resource's name in the stack.
   * @param args - the flag's desired configuration.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: FlagArgs, opts?: pulumi.CustomResourceOptions) {
    super(dynamicProvider("amplitude-flag", require.resolve("../../dynamic/amplitude-flag")), "Flag", name, { ...args }, opts);
  }
}
