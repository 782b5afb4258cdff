/**
 * Quickstart: two deployments, three flags (variants with JSON payloads, a target segment, individual
 * inclusions, tags) and one A/B experiment in a single Amplitude project.
 *
 * The Pulumi Node.js runtime calls the default-exported function; its return value becomes the stack outputs.
 * Exporting a function (rather than top-level statements) also lets tests run this file as an inline
 * Automation API program.
 */
import * as pulumi from "@pulumi/pulumi";
import { amplitude } from "pulumi-feature-flags";

export = async () => {
  // Read inside the function: with the Automation API the configuration only exists once the program runs.
  const config = new pulumi.Config();
  const projectId = config.require("projectId");

  // Deployments are where SDKs fetch flags from; a flag is served only by the deployments it lists.
  const web = new amplitude.Deployment("web", { projectId, label: "web", type: "client" });
  const backend = new amplitude.Deployment("backend", { projectId, label: "backend", type: "server" });

  const checkout = new amplitude.Flag("new-checkout", {
    projectId,
    key: "new-checkout",
    name: "New checkout",
    description: "The redesigned two-step checkout",
    variants: [{ key: "on", payload: { layout: "two-step", showExpressPay: true }, rolloutWeight: 1 }],
    // Segments are evaluated in order; everybody else falls through to rolloutPercentage.
    targetSegments: [
      {
        name: "Internal users",
        conditions: [{ prop: "gp:company", op: "is", values: ["Acme"] }],
        percentage: 100,
        rolloutWeights: { on: 1 },
      },
    ],
    rolloutPercentage: 10,
    enabled: true,
    deployments: [web.id],
    tags: ["checkout", "team-payments"],
  });

  const search = new amplitude.Flag("search-ranking", {
    projectId,
    key: "search-ranking",
    name: "Search ranking model",
    variants: [
      { key: "control", name: "Keyword ranking", payload: { model: "bm25" }, rolloutWeight: 1 },
      // `users` pins these ids to the variant whatever the rollout says: handy for QA.
      { key: "ml", name: "ML ranking", payload: { model: "ltr-v3", topK: 50 }, rolloutWeight: 1, users: ["qa@example.com"] },
    ],
    rolloutPercentage: 50,
    enabled: true,
    deployments: [backend.id],
    tags: ["search"],
  });

  new amplitude.Flag("maintenance-banner", {
    projectId,
    key: "maintenance-banner",
    description: "Kill switch for the maintenance banner; off until needed",
    variants: [{ key: "on", payload: { message: "Scheduled maintenance tonight 22:00-23:00 UTC" } }],
    enabled: false,
    deployments: [web.id, backend.id],
    tags: ["ops"],
  });

  // An experiment in planning (not enabled yet): see examples/experiment-lifecycle for running and deciding.
  const button = new amplitude.Experiment("checkout-button", {
    projectId,
    key: "checkout-button",
    name: "Checkout button colour",
    experimentType: "a-b-test",
    variants: [
      { key: "control", payload: { color: "blue" } },
      { key: "treatment", payload: { color: "green" } },
    ],
    deployments: [web.id],
    tags: ["checkout"],
  });

  return {
    // Deployment keys are secrets: Pulumi prints them as [secret] unless `--show-secrets` is given.
    webDeploymentKey: web.key,
    backendDeploymentKey: backend.key,
    checkoutUrl: checkout.url,
    searchUrl: search.url,
    experimentState: button.state,
  };
};
