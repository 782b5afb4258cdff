// The emulator's `deploymentLabels` fidelity switch (issue 11): the docs do not say whether deployment labels
// are unique, so the emulator serves both readings and the engine tests run under both.
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorHandle } from "../helpers/amplitude-emulator";

let em: EmulatorHandle | undefined;
afterEach(async () => {
  await em?.stop();
  em = undefined;
});

const create = (label: string, type = "client") => em!.api<{ id: string }>("POST", "/deployments", { projectId: "100000", label, type });
const refused = (run: Promise<unknown>) => run.then(() => "accepted", (e: Error) => e.message);

describe("deployment labels", () => {
  it("are shared by default: two deployments may carry one label", async () => {
    em = await startEmulator();
    await create("web");
    await expect(create("web", "server")).resolves.toHaveProperty("id");
  });

  it("are unique among unarchived deployments of a project with deploymentLabels: unique", async () => {
    em = await startEmulator({ fidelity: { deploymentLabels: "unique" } });
    const first = await create("web");
    expect(await refused(create("web", "server"))).toMatch(/400 .*label already exists/);
    const other = await create("api");
    expect(await refused(em.api("PATCH", `/deployments/${other.id}`, { label: "web" }))).toMatch(/400 .*label already exists/);
    await em.api("PATCH", `/deployments/${first.id}`, { archive: true });
    const second = await create("web", "server"); // an archived deployment no longer holds its label
    expect(await refused(em.api("PATCH", `/deployments/${first.id}`, { archive: false }))).toMatch(/400 .*label already exists/);
    await em.api("PATCH", `/deployments/${second.id}`, { label: "web-2" });
    await em.api("PATCH", `/deployments/${first.id}`, { archive: false });
  });
});
