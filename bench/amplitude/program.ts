/*
 * The benchmark's stack: two deployments and N plain flags, each with 2 variants, one deployment and one
 * tag. Described by plain data so a scenario can change one field and run `up` again, and so the
 * emulator's state can be checked against the same description.
 */
import type { amplitude as amplitudeNs } from "../../provider";
import { benchProject } from "./emulator-process";

// The compiled package, exactly as users (and the engine's provider host) load it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { amplitude } = require("pulumi-feature-flags") as { amplitude: typeof amplitudeNs };

export interface BenchSpec {
  flags: number;
  /** Description of flag i; scenarios change it for some flags. */
  description(i: number): string;
}

export const deploymentLabels = ["web", "api"] as const;
export const flagTag = "bench";

export const flagKey = (i: number) => `bench-flag-${String(i).padStart(5, "0")}`;
export const flagName = (i: number) => `flag${i}`;
export const flagDeployment = (i: number) => deploymentLabels[i % deploymentLabels.length];
export const flagVariants = (i: number) => [{ key: "control" }, { key: "treatment", payload: { flag: i } }];

/**
 * An inline program declaring `spec()` as it is when the engine runs the program.
 * @param lib - the package's `amplitude` namespace to declare with (a copy in an installed layout, say).
 */
export function benchProgram(spec: () => BenchSpec, lib: typeof amplitudeNs = amplitude) {
  return async () => {
    const deployments = Object.fromEntries(
      deploymentLabels.map((label) => [label, new lib.Deployment(label, { projectId: benchProject, label, type: "client" })]),
    );
    const { flags, description } = spec();
    for (let i = 0; i < flags; i++) {
      new lib.Flag(flagName(i), {
        projectId: benchProject,
        key: flagKey(i),
        description: description(i),
        variants: flagVariants(i),
        deployments: [deployments[flagDeployment(i)].id],
        tags: [flagTag],
      });
    }
    return {};
  };
}
