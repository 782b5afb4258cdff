/**
 * Multi-environment: one program, one stack per environment. Each stack's config (Pulumi.dev.yaml,
 * Pulumi.prod.yaml) names its own Amplitude project and its own rollout percentages, so a change is tried in
 * dev and promoted to prod by editing one number in one file.
 */
import * as pulumi from "@pulumi/pulumi";
import { amplitude } from "pulumi-feature-flags";

export = async () => {
  const config = new pulumi.Config();
  const projectId = config.require("projectId");
  // The environment name is the stack name (`dev`, `prod`), so the same program labels things correctly.
  const environment = pulumi.getStack();
  const checkoutRollout = config.requireNumber("checkoutRollout");
  const searchRollout = config.getNumber("searchRollout") ?? 0;
  // Features still in development exist in prod too, but only dev turns them on.
  const betaEnabled = config.getBoolean("betaEnabled") ?? false;

  const web = new amplitude.Deployment("web", { projectId, label: `web-${environment}`, type: "client" });
  const api = new amplitude.Deployment("api", { projectId, label: `api-${environment}`, type: "server" });

  new amplitude.Flag("new-checkout", {
    projectId,
    key: "new-checkout",
    name: "New checkout",
    variants: [{ key: "on", payload: { layout: "two-step" } }],
    rolloutPercentage: checkoutRollout,
    enabled: true,
    deployments: [web.id],
    tags: ["checkout", environment],
  });

  new amplitude.Flag("search-ranking", {
    projectId,
    key: "search-ranking",
    variants: [
      { key: "control", rolloutWeight: 1 },
      { key: "ml", payload: { model: "ltr-v3" }, rolloutWeight: 1 },
    ],
    rolloutPercentage: searchRollout,
    enabled: true,
    deployments: [api.id],
    tags: ["search", environment],
  });

  new amplitude.Flag("beta-dashboard", {
    projectId,
    key: "beta-dashboard",
    variants: [{ key: "on" }],
    rolloutPercentage: 100,
    enabled: betaEnabled,
    deployments: [web.id],
    tags: ["beta", environment],
  });

  return { environment, projectId, webDeploymentKey: web.key, apiDeploymentKey: api.key };
};
