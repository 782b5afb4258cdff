// The quickstart example, run as-is through the real engine against the emulator: what it declares is what
// the emulated project holds, and a refresh afterwards finds nothing to change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../helpers/pulumi-engine";
import { defaultKey, defaultProject, startEmulator, writes, type EmulatorHandle } from "../helpers/amplitude-emulator";
import { stepRecorder } from "../helpers/engine-events";
import { exampleProgram, exampleYaml } from "./helpers";

type ApiObject = {
  id: string; key: string; name?: string; enabled: boolean; deleted: boolean; rolloutPercentage: number;
  tags: string[]; deployments: string[]; targetSegments: { name: string; percentage: number }[]; experimentType?: string;
};
type ApiVariant = { key: string; payload: unknown; rolloutWeight: number | null };

describe("examples/quickstart end to end", () => {
  let em: EmulatorHandle;
  let test: TestStack;

  beforeAll(async () => {
    em = await startEmulator();
    const project = exampleYaml<{ name: string }>("quickstart", "Pulumi.yaml");
    test = await createTestStack({
      projectName: project.name,
      stackName: "dev",
      program: await exampleProgram("quickstart"),
      config: {
        [`${project.name}:projectId`]: { value: defaultProject },
        "amplitude:serverUrl": { value: em.url },
        "amplitude:managementApiKey": { value: defaultKey, secret: true },
      },
    });
  });
  afterAll(async () => {
    await test?.cleanup();
    await em?.stop();
  });

  const list = async (collection: "flags" | "experiments") =>
    (await em.api<Record<string, ApiObject[]>>("GET", `/${collection}?projectId=${defaultProject}&limit=1000`))[collection];

  it("up creates the declared deployments, flags and experiment; preview --refresh then shows no change", async () => {
    const up = await test.stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.outputs.webDeploymentKey).toMatchObject({ secret: true });

    const deployments = (await em.api<{ deployments: { id: string; label: string; key: string; deleted: boolean }[] }>("GET", "/deployments")).deployments;
    expect(deployments.map((d) => [d.label, d.key.split("-")[0], d.deleted]).sort()).toEqual([["backend", "server", false], ["web", "client", false]]);
    const id = (label: string) => deployments.find((d) => d.label === label)!.id;

    const flags = await list("flags");
    expect(flags.map((f) => f.key).sort()).toEqual(["maintenance-banner", "new-checkout", "search-ranking"]);
    const checkout = flags.find((f) => f.key === "new-checkout")!;
    expect(checkout).toMatchObject({ enabled: true, rolloutPercentage: 10, deployments: [id("web")] });
    expect(checkout.targetSegments).toEqual([expect.objectContaining({ name: "Internal users", percentage: 100 })]);
    expect([...checkout.tags].sort()).toEqual(["checkout", "team-payments"]);
    expect(await em.api<ApiVariant[]>("GET", `/flags/${checkout.id}/variants`)).toEqual([
      expect.objectContaining({ key: "on", payload: { layout: "two-step", showExpressPay: true }, rolloutWeight: 1 }),
    ]);

    const search = flags.find((f) => f.key === "search-ranking")!;
    expect(search.deployments).toEqual([id("backend")]);
    expect(await em.api("GET", `/flags/${search.id}/variants/ml/users`)).toEqual(["qa@example.com"]);
    const banner = flags.find((f) => f.key === "maintenance-banner")!;
    expect(banner.enabled).toBe(false);
    expect([...banner.deployments].sort()).toEqual([id("web"), id("backend")].sort());

    const [experiment] = await list("experiments");
    expect(experiment).toMatchObject({ key: "checkout-button", experimentType: "a-b-test", deployments: [id("web")], tags: ["checkout"] });

    await em.resetStats();
    const refreshed = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: refreshed.onEvent });
    expect(refreshed.changed()).toEqual({});
    expect(writes(await em.requests())).toEqual([]);
  });
});
