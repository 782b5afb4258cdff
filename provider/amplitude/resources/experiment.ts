import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "../../core/dynamic/dynamic-provider";
import type { ConfigObjectArgs } from "./args";
import { ConfigObjectResource } from "./config-object-resource";
import { experimentFields } from "./validation";

/** A filter of an experiment's exposure event (API field names). */
export interface ExposureFilterArgs {
  /** `User` or a group type; may be null. */
  group_type?: pulumi.Input<string | null>;
  /** Property name; may be null. */
  subprop_key: pulumi.Input<string | null>;
  /** Operator, as for segment conditions (without the `set …` ones). */
  subprop_op: pulumi.Input<string>;
  /** `event`, `user`, `group` (or as the Amplitude UI sets it, e.g. `day_time_prop`). */
  subprop_type: pulumi.Input<string>;
  /** Values to compare with. */
  subprop_value: pulumi.Input<pulumi.Input<string>[]>;
}

/** Arguments of an {@link Experiment}: a flag's arguments plus the experiment's own. */
export interface ExperimentArgs extends ConfigObjectArgs {
  /** `a-b-test` or `multi-arm-bandit` (legacy `hypothesis-testing` and `no-harm` are accepted). */
  experimentType?: pulumi.Input<"a-b-test" | "multi-arm-bandit" | "hypothesis-testing" | "no-harm">;
  /** Keep users in their variant when targeting changes. */
  stickyBucketing?: pulumi.Input<boolean>;
  /** Start date, `YYYY-MM-DD` (or an ISO timestamp; Amplitude keeps the date). */
  startDate?: pulumi.Input<string>;
  /** End date, `YYYY-MM-DD`, or null for none. */
  endDate?: pulumi.Input<string | null>;
  /** The exposure event; null means Amplitude's default exposure event. */
  exposureEvent?: pulumi.Input<{ event_type: pulumi.Input<string>; filters: pulumi.Input<pulumi.Input<ExposureFilterArgs>[]> } | null>;
  /** The decision once the experiment has run: `rollout`, `rollback` or `continue-running`. */
  decision?: pulumi.Input<"rollout" | "rollback" | "continue-running">;
  /** Why the decision was made. */
  decisionReason?: pulumi.Input<string>;
  /** Key of the variant rolled out by the decision. */
  rolledOutVariant?: pulumi.Input<string>;
}


/**
 * An Amplitude Experiment feature experiment. Everything a {@link Flag} does, plus the experiment's type,
 * dates, exposure event and decision; `state` (planning, running, decision-made) is read-only.
 *
 * @example
 * ```ts
 * new amplitude.Experiment("checkout-button", {
 *   projectId: "123456",
 *   key: "checkout-button",
 *   experimentType: "a-b-test",
 *   variants: [{ key: "control" }, { key: "treatment", payload: { color: "green" } }],
 *   deployments: [web.id],
 * });
 * ```
 * @see https://amplitude.com/docs/apis/experiment/experiment-management-api-experiments
 */
export class Experiment extends ConfigObjectResource {
  /** Experiment type. */
  declare readonly experimentType: pulumi.Output<string | null>;
  /** Whether sticky bucketing is on. */
  declare readonly stickyBucketing: pulumi.Output<boolean | null>;
  /** Start date (`YYYY-MM-DD`). */
  declare readonly startDate: pulumi.Output<string | null>;
  /** End date (`YYYY-MM-DD`). */
  declare readonly endDate: pulumi.Output<string | null>;
  /** Exposure event, or null for Amplitude's default. */
  declare readonly exposureEvent: pulumi.Output<unknown>;
  /** Decision, if made. */
  declare readonly decision: pulumi.Output<string | null>;
  /** Why the decision was made. */
  declare readonly decisionReason: pulumi.Output<string | null>;
  /** Key of the variant rolled out by the decision. */
  declare readonly rolledOutVariant: pulumi.Output<string | null>;
  /** Lifecycle state computed by Amplitude: `planning`, `running`, `decision-made`, … Read-only. */
  declare readonly state: pulumi.Output<string | null>;

  /**
   * @param name - the resource's name in the stack.
   * @param args - the experiment's desired configuration.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: ExperimentArgs, opts?: pulumi.CustomResourceOptions) {
    const seeds = Object.fromEntries([...experimentFields, "state"].map((f) => [f, undefined]));
    super(dynamicProvider("amplitude-experiment", require.resolve("../../dynamic/amplitude-experiment")), "Experiment", name, { ...seeds, ...args }, opts);
  }
}
