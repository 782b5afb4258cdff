// Lookups (issue 16): a stack reads objects another team manages, through the real engine, with the stack's
// own `amplitude:*` configuration; the deployment key stays secret; 50 lookups cost one list request.
import { afterEach, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../helpers/pulumi-engine";
import { defaultProject as projectId, emulatorConfig, startEmulator, type EmulatorHandle } from "../helpers/amplitude-emulator";
import { amplitude } from "./program";

let em: EmulatorHandle | undefined;
let test: TestStack | undefined;
afterEach(async () => {
  await test?.cleanup();
  await em?.stop();
  test = em = undefined;
});

/** Another team's deployment and 50 flags, made through the API as the UI would. */
async function seedOtherTeam(e: EmulatorHandle): Promise<{ deploymentKey: string; deploymentId: string }> {
  const dep = await e.api<{ id: string }>("POST", "/deployments", { projectId, label: "team-web", type: "client" });
  for (let i = 0; i < 50; i += 1) {
    const { id } = await e.api<{ id: string }>("POST", "/flags", { projectId, key: `team-flag-${i}`, name: `Team flag ${i}`, variants: [{ key: "on", payload: { i } }, { key: "control" }] });
    await e.api("PATCH", `/flags/${id}`, { tags: i % 2 ? ["team"] : ["team", "even"] });
  }
  const { deployments } = await e.api<{ deployments: { id: string; key: string; label: string }[] }>("GET", "/deployments");
  const found = deployments.find((d) => d.label === "team-web")!;
  return { deploymentKey: found.key, deploymentId: String(dep.id) };
}

describe.each([
  { reading: "the documented examples", fidelity: {} },
  { reading: "lists with variant keys only", fidelity: { variantsInLists: "keys" as const } },
])("lookups under $reading", ({ fidelity }) => {
  it("read a deployment and 50 flags the stack does not manage: the key secret, one list per collection", async () => {
    em = await startEmulator({ fidelity });
    const seeded = await seedOtherTeam(em);
    await em.resetStats();
    test = await createTestStack({
      config: emulatorConfig(em),
      program: async () => {
        const shared = amplitude.getDeploymentOutput({ projectId, label: "team-web" });
        const flags = await Promise.all(Array.from({ length: 50 }, (_, i) => amplitude.getFlag({ projectId, key: `team-flag-${i}` })));
        const even = await amplitude.listFlags({ projectId, tags: ["team", "even"] });
        // A flag of this stack served through the other team's deployment, which the stack never manages.
        new amplitude.Flag("mine", { projectId, key: "mine", deployments: [shared.id], enabled: true });
        return {
          sharedKey: shared.key,
          payloads: flags.map((f) => f.variants.find((v) => v.key === "on")?.payload),
          evenKeys: even.map((f) => f.key),
        };
      },
    });

    const up = await test.stack.up();
    expect(up.outputs.sharedKey).toEqual({ value: seeded.deploymentKey, secret: true });
    expect(up.outputs.payloads.value).toEqual(Array.from({ length: 50 }, (_, i) => ({ i })));
    expect([...up.outputs.evenKeys.value].sort()).toEqual(Array.from({ length: 25 }, (_, i) => `team-flag-${i * 2}`).sort());
    expect(test.readBackendFiles()).not.toContain(seeded.deploymentKey);

    const log = await em.requests();
    // The program's lists are the ones without a `key` filter (the provider's create looks its key up).
    const lists = (route: string) => log.filter((r) => r.route === route && !/(^|&)key=/.test(r.query ?? "")).length;
    expect(lists("GET /api/1/deployments")).toBe(1);
    // One flag list for 50 getFlag calls and the listFlags call.
    expect(lists("GET /api/1/flags")).toBe(1);
    // Where lists carry variant keys only, each looked-up flag's variants cost one GET (the provider's create of
    // 'mine' may read its own variants back too).
    const teamIds = new Set((await em.admin<{ flags: { id: string; key: string }[] }>("GET", "/state")).flags.filter((f) => f.key.startsWith("team-")).map((f) => String(f.id)));
    const teamVariantReads = log.filter((r) => r.route === "GET /api/1/flags/:id/variants" && teamIds.has(r.path.split("/")[4])).length;
    expect(teamVariantReads).toBe(fidelity.variantsInLists === "keys" ? 50 : 0);
    // Nothing the other team owns is written to; this stack's flag uses their deployment.
    const writes = log.filter((r) => r.method !== "GET");
    expect(writes.filter((r) => r.path.includes("/deployments") || [...teamIds].some((id) => r.path.split("/").includes(id)))).toEqual([]);
    const mine = (await em.api<{ flags: { key: string; deployments: string[] }[] }>("GET", `/flags?projectId=${projectId}&key=mine`)).flags[0];
    expect(mine.deployments.map(String)).toEqual([seeded.deploymentId]);

    // Lookups run in previews too: the program sees the same objects.
    await em.resetStats();
    await test.stack.preview();
    expect((await em.requests()).filter((r) => r.route === "GET /api/1/deployments")).toHaveLength(1);
  });

  it("fail with the key and project named when nothing matches", async () => {
    em = await startEmulator({ fidelity });
    await seedOtherTeam(em);
    await em.api("PATCH", `/flags/${(await em.api<{ flags: { id: string }[] }>("GET", `/flags?projectId=${projectId}&key=team-flag-3`)).flags[0].id}`, { archive: true });
    for (const [program, message] of [
      [() => amplitude.getFlag({ projectId, key: "no-such-flag" }), `no flag with key 'no-such-flag' in project ${projectId}`],
      [() => amplitude.getFlag({ projectId, key: "team-flag-3" }), `no flag with key 'team-flag-3' in project ${projectId}. Archived flags are not found.`],
      [() => amplitude.getDeployment({ projectId, label: "nope" }), `no deployment labelled 'nope' in project ${projectId}`],
      [() => amplitude.getExperiment({ projectId, key: "team-flag-1" }), `no experiment with key 'team-flag-1' in project ${projectId}`],
    ] as const) {
      test = await createTestStack({ config: emulatorConfig(em), program: async () => void (await program()) });
      const failure = await test.stack.up().then(() => "succeeded", (e: Error) => String(e));
      expect(failure).toContain(message);
      await test.cleanup();
      test = undefined;
    }
  });
});
