// The multi-environment example: one program, the dev and prod stacks configured from the example's own
// Pulumi.dev.yaml / Pulumi.prod.yaml, against two projects (each with its own key) in one emulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../helpers/pulumi-engine";
import { startEmulator, writes, type EmulatorHandle } from "../helpers/amplitude-emulator";
import { stepRecorder } from "../helpers/engine-events";
import { exampleProgram, stackConfig } from "./helpers";

type ApiFlag = { id: string; key: string; enabled: boolean; rolloutPercentage: number; tags: string[]; deployments: string[] };

const environments = [
  { stack: "dev", projectId: "100000", key: "dev-key", checkout: 50, search: 100, beta: true },
  { stack: "prod", projectId: "200000", key: "prod-key", checkout: 5, search: 10, beta: false },
];

describe("examples/multi-environment end to end", () => {
  let em: EmulatorHandle;
  const stacks: Record<string, TestStack> = {};

  beforeAll(async () => {
    em = await startEmulator({ projects: environments.map((e) => ({ id: e.projectId, keys: [e.key] })) });
    const program = await exampleProgram("multi-environment");
    for (const env of environments) {
      stacks[env.stack] = await createTestStack({
        projectName: "multi-environment",
        stackName: env.stack,
        program,
        config: {
          ...stackConfig("multi-environment", env.stack),
          "amplitude:serverUrl": { value: em.url },
          "amplitude:managementApiKey": { value: env.key, secret: true },
        },
      });
    }
  });
  afterAll(async () => {
    for (const s of Object.values(stacks)) await s.cleanup();
    await em?.stop();
  });

  it("the stack files name the projects and rollouts the README documents", () => {
    for (const env of environments) {
      expect(stackConfig("multi-environment", env.stack)).toEqual({
        "multi-environment:projectId": { value: env.projectId },
        "multi-environment:checkoutRollout": { value: String(env.checkout) },
        "multi-environment:searchRollout": { value: String(env.search) },
        "multi-environment:betaEnabled": { value: String(env.beta) },
      });
    }
  });

  it.each(environments)("$stack: up fills project $projectId with its own rollouts; preview --refresh shows no change", async (env) => {
    const { stack } = stacks[env.stack]!;
    expect((await stack.up()).summary.result).toBe("succeeded");

    const flags = (await em.api<{ flags: ApiFlag[] }>("GET", `/flags?projectId=${env.projectId}&limit=1000`, undefined, env.key)).flags;
    const deployments = (await em.api<{ deployments: { id: string; label: string }[] }>("GET", "/deployments", undefined, env.key)).deployments;
    expect(deployments.map((d) => d.label).sort()).toEqual([`api-${env.stack}`, `web-${env.stack}`]);
    const byKey = (key: string) => flags.find((f) => f.key === key)!;
    expect(flags.map((f) => f.key).sort()).toEqual(["beta-dashboard", "new-checkout", "search-ranking"]);
    expect(byKey("new-checkout")).toMatchObject({ rolloutPercentage: env.checkout, enabled: true });
    expect(byKey("search-ranking").rolloutPercentage).toBe(env.search);
    expect(byKey("beta-dashboard").enabled).toBe(env.beta);
    for (const f of flags) expect(f.tags).toContain(env.stack);
    const web = deployments.find((d) => d.label === `web-${env.stack}`)!;
    expect(byKey("new-checkout").deployments).toEqual([web.id]);

    await em.resetStats();
    const refreshed = stepRecorder();
    await stack.preview({ refresh: true, onEvent: refreshed.onEvent });
    expect(refreshed.changed()).toEqual({});
    expect(writes(await em.requests())).toEqual([]);
  });

  it("the two environments never touched each other's project", async () => {
    const dev = (await em.api<{ flags: ApiFlag[] }>("GET", "/flags?projectId=100000&limit=1000", undefined, "dev-key")).flags;
    const prod = (await em.api<{ flags: ApiFlag[] }>("GET", "/flags?projectId=200000&limit=1000", undefined, "prod-key")).flags;
    expect(dev.every((f) => f.tags.includes("dev"))).toBe(true);
    expect(prod.every((f) => f.tags.includes("prod"))).toBe(true);
    expect(new Set([...dev, ...prod].map((f) => f.id)).size).toBe(6);
  });
});
