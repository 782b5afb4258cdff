import type * as pulumi from "@pulumi/pulumi";
import { isNotFound } from "../api";
import { checkInputs, engineFailures, withoutUndefined } from "../../core/dynamic/check";
import { containsUnknown } from "../../core/dynamic/unknown";
import { clientFor } from "./client-for";
import { describeFailure } from "./errors";
import type { SdkKeysArgs } from "./sdk-keys";
import { sdkKeysSchema } from "./validation";

/** SDK keys as recorded in state. @internal */
export interface SdkKeysOutputs {
  configId: string;
  environmentId: string;
  primary: string;
  secondary: string | null;
}

async function fetchKeys(configId: string, environmentId: string): Promise<SdkKeysOutputs> {
  const keys = await clientFor().sdkKeys(configId, environmentId);
  return { configId, environmentId, primary: keys.primary, secondary: keys.secondary };
}

/** The SDK-keys provider, run in the engine's provider process. @internal */
export const sdkKeysProvider = {
  async check(_olds: unknown, news: Record<string, unknown>) {
    const result = checkInputs(sdkKeysSchema, news);
    if (!result.ok) return { failures: engineFailures(result.failures) };
    return { inputs: withoutUndefined(result.value) };
  },

  async diff(_id: string, olds: SdkKeysOutputs, news: SdkKeysArgs & Record<string, unknown>): Promise<pulumi.dynamic.DiffResult> {
    const replaces = (["configId", "environmentId"] as const).filter((f) => containsUnknown(news[f]) || news[f] !== olds[f]);
    return { changes: replaces.length > 0, replaces: [...replaces] };
  },

  async create(inputs: { configId: string; environmentId: string }) {
    try {
      return { id: `${inputs.configId}:${inputs.environmentId}`, outs: await fetchKeys(inputs.configId, inputs.environmentId) };
    } catch (e) {
      throw new Error(describeFailure(`reading the SDK keys of config ${inputs.configId} in environment ${inputs.environmentId}`, e));
    }
  },

  async read(id: string, props: SdkKeysOutputs) {
    try {
      return { id, props: await fetchKeys(props.configId, props.environmentId) };
    } catch (e) {
      if (isNotFound(e)) return { id: "" };
      throw new Error(describeFailure(`reading the SDK keys of config ${props.configId} in environment ${props.environmentId}`, e));
    }
  },

  async update(_id: string, _olds: SdkKeysOutputs, news: { configId: string; environmentId: string }) {
    return { outs: await fetchKeys(news.configId, news.environmentId) };
  },

  // The keys live as long as their config and environment; there is nothing to delete.
  async delete() {},
};
