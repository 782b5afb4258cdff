// The stack used by the Amplitude lifecycle tests: 2 deployments, 5 flags and 1 experiment, built from a
// plain description so a test can change one field and run `up` again.
import type { amplitude as amplitudeNs } from "../../provider";

// The compiled package, exactly as the engine's provider host loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { amplitude } = require("pulumi-feature-flags") as { amplitude: typeof amplitudeNs };

export const projectId = "100000";

export interface FlagSpec extends Omit<amplitudeNs.FlagArgs, "projectId" | "deployments"> {
  deploymentNames?: string[];
}

export function baseFlags(): Record<string, FlagSpec> {
  return {
    checkout: {
      key: "new-checkout",
      name: "New checkout",
      description: "Checkout v2",
      variants: [
        { key: "on", payload: { layout: "v2", steps: [1, 2, 3] }, rolloutWeight: 1, users: ["alice@example.com", "bob"] },
      ],
      targetSegments: [
        {
          name: "Internal",
          conditions: [{ prop: "gp:company", op: "is", values: ["Acme"] }],
          percentage: 100,
          rolloutWeights: { on: 1 },
        },
      ],
      rolloutPercentage: 10,
      enabled: true,
      deploymentNames: ["web"],
      tags: ["checkout", "team-payments"],
    },
    search: {
      key: "search-ranking",
      variants: [
        { key: "control", name: "Control", rolloutWeight: 1 },
        { key: "ml", name: "ML ranking", payload: "model-v3", rolloutWeight: 3, cohorts: ["cohort1"] },
      ],
      deploymentNames: ["api"],
      tags: ["search"],
    },
    banner: {
      key: "holiday-banner",
      description: "Seasonal banner",
      variants: [{ key: "on", payload: { color: "red" } }],
      deploymentNames: ["web", "api"],
      tags: ["marketing", "seasonal"],
    },
    legacy: {
      key: "legacy-api",
      variants: [{ key: "on" }],
      deploymentNames: ["api"],
      tags: ["cleanup"],
    },
    darkMode: {
      key: "dark-mode",
      description: "Dark theme",
      variants: [{ key: "on", payload: true }],
      deploymentNames: ["web"],
      tags: ["ui"],
    },
  };
}

export interface StackSpec {
  flags: Record<string, FlagSpec>;
  experiment?: Omit<amplitudeNs.ExperimentArgs, "projectId" | "deployments">;
}

export function baseExperiment(): NonNullable<StackSpec["experiment"]> {
  return {
    key: "checkout-button",
    experimentType: "a-b-test",
    variants: [{ key: "control" }, { key: "treatment", payload: { color: "green" } }],
    startDate: "2026-12-01",
    tags: ["checkout"],
    // Write-only under one reading of the docs (§3.8): GET may not return it.
    exposureEvent: {
      event_type: "onboarding_viewed",
      filters: [{ group_type: "User", subprop_key: "country", subprop_op: "is", subprop_type: "user", subprop_value: ["US"] }],
    },
  };
}

/** An inline Pulumi program declaring `spec`. */
export function stackProgram(spec: () => StackSpec) {
  return async () => {
    const web = new amplitude.Deployment("web", { projectId, label: "web", type: "client" });
    const api = new amplitude.Deployment("api", { projectId, label: "api", type: "server" });
    const deployments: Record<string, typeof web> = { web, api };
    const { flags, experiment } = spec();
    for (const [name, { deploymentNames, ...args }] of Object.entries(flags)) {
      new amplitude.Flag(name, { projectId, ...args, deployments: (deploymentNames ?? []).map((d) => deployments[d].id) });
    }
    if (experiment) {
      new amplitude.Experiment("button", { projectId, ...experiment, deployments: [web.id] });
    }
    return { webKey: web.key };
  };
}
