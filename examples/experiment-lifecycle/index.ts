/**
 * Experiment lifecycle: one experiment taken from planning to running to a decision by changing one config
 * value, `phase`, so every step is a reviewed, recorded `pulumi up`:
 *
 *   pulumi config set phase planning   # variants, targeting and exposure defined, not served
 *   pulumi config set phase running    # enabled, with a start date
 *   pulumi config set phase decision   # decision recorded, end date set, winning variant rolled out
 */
import * as pulumi from "@pulumi/pulumi";
import { amplitude } from "pulumi-feature-flags";

/** The phases, in the order an experiment goes through them. */
const phases = ["planning", "running", "decision"] as const;
type Phase = (typeof phases)[number];

function isPhase(value: string): value is Phase {
  return (phases as readonly string[]).includes(value);
}

export = async () => {
  const config = new pulumi.Config();
  const projectId = config.require("projectId");
  const phase = config.get("phase") ?? "planning";
  // Fail at preview with a readable message rather than half-applying an unknown phase.
  if (!isPhase(phase)) throw new Error(`config 'phase' must be one of ${phases.join(", ")}; got '${phase}'`);
  const startDate = config.get("startDate") ?? "2026-01-05";
  const endDate = config.get("endDate") ?? "2026-02-02";

  const web = new amplitude.Deployment("web", { projectId, label: "web", type: "client" });

  // Fields common to every phase: what is tested, on whom, and how exposure is measured.
  const definition: amplitude.ExperimentArgs = {
    projectId,
    key: "pricing-page-layout",
    name: "Pricing page layout",
    description: "Does a comparison table sell more annual plans than plan cards?",
    experimentType: "a-b-test",
    bucketingKey: "amplitude_id",
    variants: [
      { key: "control", name: "Plan cards", payload: { layout: "cards" } },
      { key: "treatment", name: "Comparison table", payload: { layout: "table" } },
    ],
    targetSegments: [
      {
        name: "Logged-in visitors",
        conditions: [{ prop: "gp:logged_in", op: "is", values: ["true"] }],
        percentage: 100,
        rolloutWeights: { control: 1, treatment: 1 },
      },
    ],
    deployments: [web.id],
    tags: ["pricing", `phase-${phase}`],
  };

  // Each phase adds what Amplitude needs at that point; earlier phases' fields stay declared so the
  // history of the experiment is the history of this file.
  const byPhase: Record<Phase, Partial<amplitude.ExperimentArgs>> = {
    planning: { enabled: false },
    running: { enabled: true, startDate },
    decision: {
      enabled: true,
      startDate,
      endDate,
      decision: "rollout",
      decisionReason: "Comparison table raised annual-plan conversion with no drop in sign-ups",
      rolledOutVariant: "treatment",
    },
  };

  const experiment = new amplitude.Experiment("pricing-page-layout", { ...definition, ...byPhase[phase] });

  return { phase, state: experiment.state, url: experiment.url };
};
