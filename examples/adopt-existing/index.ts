/**
 * Adopting existing objects: flags, an experiment and a deployment that were made in Amplitude's UI are
 * taken over by key (deployments by label) with `adopt: true`. The first `pulumi up` creates nothing; it only
 * sends the fields where the program differs from what is live, and none when they match.
 *
 * To write such a program for a whole project, let the generator do it:
 *   AMPLITUDE_MANAGEMENT_API_KEY=… npx pulumi-feature-flags generate --project <id> --out index.ts
 */
import * as pulumi from "@pulumi/pulumi";
import { amplitude } from "pulumi-feature-flags";

export = async () => {
  const config = new pulumi.Config();
  const projectId = config.require("projectId");

  // `retain`: if this program is ever removed, leave the objects where they were found rather than archive
  // them; adoption should never be the first step of an accidental clean-up.
  const common = { projectId, adopt: true, deletionPolicy: "retain" } as const;

  const web = new amplitude.Deployment("web", { ...common, label: "web", type: "client" });

  new amplitude.Flag("dark-mode", {
    ...common,
    key: "dark-mode",
    // Only fields the program sets are managed; everything else (here: segments, bucketing) stays as it is
    // in Amplitude and is never compared.
    variants: [{ key: "on", payload: { theme: "dark" } }],
    enabled: true,
    rolloutPercentage: 100,
    deployments: [web.id],
    tags: ["ui"],
  });

  new amplitude.Flag("legacy-search", {
    ...common,
    key: "legacy-search",
    description: "Old search backend; to be removed after the migration",
    variants: [{ key: "on" }],
    enabled: false,
    deployments: [web.id],
  });

  new amplitude.Experiment("onboarding-tour", {
    ...common,
    key: "onboarding-tour",
    variants: [{ key: "control" }, { key: "tour" }],
    deployments: [web.id],
  });

  return { webDeploymentKey: web.key };
};
