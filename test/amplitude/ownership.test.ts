// Issue 11, kind 2: never touch what the stack does not own. A create never takes over an object it did not
// make (made in the UI, or by another resource of the stack before a rename); only this resource's own
// interrupted create is recovered, on proof; a delete never archives an object another resource of the stack
// took over in the same run. Flags, experiments and deployments; real engine, emulator over HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, writes, type EmulatorHandle } from "../helpers/amplitude-emulator";
import { stepRecorder } from "../helpers/engine-events";
import type { TestStack } from "../helpers/pulumi-engine";
import { amplitude, projectId } from "./program";
import { apiReader, outcome, readings, stackFor } from "./readings";

// The provider's own helpers, from the compiled package the engine loads, to stage an interrupted create.
const ownership = () =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require("../../dist/provider/amplitude/resources/ownership") as {
    creationMarker(owner: string): string;
    pendingLabel(label: string, owner: string): string;
  };

type Kind = "flag" | "experiment" | "deployment";
const kinds: Kind[] = ["flag", "experiment", "deployment"];
const typeName = { flag: "Flag", experiment: "Experiment", deployment: "Deployment" } as const;
const urnOf = (project: string, kind: Kind, name: string) => `urn:pulumi:test::${project}::pulumi-nodejs:dynamic/amplitude:${typeName[kind]}::${name}`;

describe.each(readings)("ownership, emulating $reading", ({ options }) => {
  let em: EmulatorHandle;
  const api = apiReader(() => em);
  beforeAll(async () => {
    em = await startEmulator(options);
  });
  afterAll(async () => {
    await em?.stop();
  });

  /** Every object of a kind with this key (deployments: label), archived ones included. */
  const objects = async (kind: Kind, key: string): Promise<{ id: string; deleted: boolean; description?: string }[]> =>
    kind === "deployment" ? (await api.deployments()).filter((d) => d.label === key) : api.withKey(key, kind === "flag" ? "flags" : "experiments");

  /** Declares one resource of a kind with the key (deployments: label). */
  const declare = (kind: Kind, name: string, key: string, extra: Record<string, unknown> = {}) => {
    if (kind === "deployment") return new amplitude.Deployment(name, { projectId, label: key, type: "client", ...extra });
    const args = { projectId, key, name: "Made in the UI", variants: [{ key: "on" }], ...extra };
    return kind === "flag" ? new amplitude.Flag(name, args) : new amplitude.Experiment(name, args);
  };

  /** Makes an object the way the Amplitude UI (or a script) would. */
  const makeOutside = async (kind: Kind, key: string): Promise<string> => {
    if (kind === "deployment") return (await em.api<{ id: string }>("POST", "/deployments", { projectId, label: key, type: "client" })).id;
    const body = { projectId, key, name: "Made in the UI", variants: [{ key: "on" }] };
    return (await em.api<{ id: string }>("POST", kind === "flag" ? "/flags" : "/experiments", body)).id;
  };

  async function forgetInState(test: TestStack, urn: string) {
    const exported = await test.stack.exportStack();
    const deployment = exported.deployment as { resources: { urn: string }[] };
    deployment.resources = deployment.resources.filter((r) => r.urn !== urn);
    await test.stack.importStack(exported);
  }

  it.each(kinds)("a %s made outside the stack with the same key is not taken over: the create fails and leaves it untouched", async (kind) => {
    const key = `s10-ui-${kind}`;
    const id = await makeOutside(kind, key);
    const before = await objects(kind, key);
    let declared = true;
    const test = await stackFor(() => em, `own-ui-${kind}`, async () => {
      if (declared) declare(kind, "claimed", key, kind === "deployment" ? {} : { rolloutPercentage: 100, tags: ["pulumi"] });
    });
    try {
      await em.resetStats();
      const failure = await outcome(test.stack.up());
      expect(failure).toMatch(new RegExp(`already exists in project ${projectId} \\(id ${id}\\)|'${key}' in project ${projectId} already exists \\(id ${id}\\)`));
      expect(failure).toMatch(/[Ss]et `adopt: true`/);
      expect(writes(await em.requests()).filter((r) => r.path.includes(`/${id}`))).toEqual([]);
      expect(await objects(kind, key)).toEqual(before);
      // Removing the resource from the program never archives what it never owned.
      declared = false;
      expect(await outcome(test.stack.up())).toBe("succeeded");
      expect(await objects(kind, key)).toEqual(before);
    } finally {
      await test.cleanup();
    }
  });

  it.each(kinds)("a %s renamed without aliases is not taken from the old resource; with adopt it is, and stays live", async (kind) => {
    const key = `ren-${kind}`;
    const project = `own-rename-${kind}`;
    let version: "old" | "renamed" | "adopted" = "old";
    const test = await stackFor(() => em, project, async () => {
      if (version === "old") declare(kind, "old-name", key);
      else declare(kind, "new-name", key, version === "adopted" ? { adopt: true } : {});
    });
    try {
      expect(await outcome(test.stack.up())).toBe("succeeded");
      const [created] = await objects(kind, key);
      expect(created.deleted).toBe(false);

      // Same arguments, new resource name, no aliases: fails up front, before the old resource's delete.
      version = "renamed";
      const failure = await outcome(test.stack.up());
      expect(failure).toContain(`already exists`);
      expect(failure).toContain(kind === "deployment" ? "aliases: [{ name: \"<its old name>\" }]" : `aliases: [{ name: "old-name" }]`);
      expect(await objects(kind, key)).toEqual([expect.objectContaining({ id: created.id, deleted: false })]);
      const urns = (await test.stack.exportStack()).deployment.resources.map((r: { urn: string }) => r.urn);
      expect(urns).toContain(urnOf(project, kind, "old-name"));

      // With adopt: the new resource takes the object over and the old one's delete must leave it live.
      version = "adopted";
      expect(await outcome(test.stack.up())).toBe("succeeded");
      expect(await objects(kind, key)).toEqual([expect.objectContaining({ id: created.id, deleted: false })]);
      const steps = stepRecorder();
      await test.stack.preview({ refresh: true, onEvent: steps.onEvent });
      expect(steps.changed()).toEqual({});
      await test.stack.destroy();
      expect((await objects(kind, key)).map((o) => o.deleted)).toEqual([true]);
    } finally {
      await test.cleanup();
    }
  });

  it.each(kinds)("a %s whose create was interrupted before Pulumi recorded it is recovered, not duplicated", async (kind) => {
    const key = `own-int-${kind}`;
    const project = `own-int-${kind}`;
    const urn = urnOf(project, kind, "mine");
    // Staged as the provider leaves it right after its create request: a flag or experiment carrying the
    // creation marker, a deployment under its pending label.
    const staged = kind === "deployment"
      ? (await em.api<{ id: string }>("POST", "/deployments", { projectId, label: ownership().pendingLabel(key, `${urn}|client`), type: "client" })).id
      : (await em.api<{ id: string }>("POST", kind === "flag" ? "/flags" : "/experiments", {
        projectId, key, description: ownership().creationMarker(urn), variants: [{ key: "on" }],
      })).id;
    const test = await stackFor(() => em, project, async () => {
      declare(kind, "mine", key, kind === "deployment" ? {} : { description: "Mine" });
    });
    try {
      expect(await outcome(test.stack.up())).toBe("succeeded");
      const live = await objects(kind, key);
      expect(live).toEqual([expect.objectContaining({ id: staged, deleted: false })]);
      if (kind !== "deployment") expect(live[0].description).toBe("Mine");
      // Completed, then lost from the state (killed before the checkpoint): a flag or experiment still
      // proves it is this resource's own (its first version), and is recovered again.
      if (kind !== "deployment") {
        await forgetInState(test, urn);
        expect(await outcome(test.stack.up())).toBe("succeeded");
        expect(await objects(kind, key)).toEqual([expect.objectContaining({ id: staged, deleted: false })]);
      }
      const steps = stepRecorder();
      await test.stack.preview({ refresh: true, onEvent: steps.onEvent });
      expect(steps.changed()).toEqual({});
      await test.stack.destroy();
    } finally {
      await test.cleanup();
    }
  });

  it("a flag archived in the UI after this stack created it comes back on up --refresh; someone else's archived flag does not", async () => {
    let keys = ["own-arch-mine"];
    const foreign = await makeOutside("flag", "own-arch-foreign");
    await em.api("PATCH", `/flags/${foreign}`, { archive: true });
    const test = await stackFor(() => em, "own-archived", async () => {
      for (const key of keys) declare("flag", key, key);
    });
    try {
      expect(await outcome(test.stack.up())).toBe("succeeded");
      const [mine] = await objects("flag", "own-arch-mine");
      await em.api("PATCH", `/flags/${mine.id}`, { archive: true });
      expect(await outcome(test.stack.up({ refresh: true }))).toBe("succeeded");
      expect((await objects("flag", "own-arch-mine")).filter((f) => !f.deleted)).toHaveLength(1);

      keys = [...keys, "own-arch-foreign"];
      const result = await outcome(test.stack.up());
      const foreignNow = await objects("flag", "own-arch-foreign");
      if (foreignNow.length === 1) {
        // The archived object keeps its key (default reading): refused, left archived.
        expect(result).toMatch(new RegExp(`already exists \\(id ${foreign}, archived\\).*adopt: true`));
        expect(foreignNow[0].deleted).toBe(true);
      } else {
        // A reading where archived keys are released: a new flag is made, the archived one is left alone.
        expect(result).toBe("succeeded");
        expect(foreignNow.find((f) => f.id === foreign)!.deleted).toBe(true);
      }
    } finally {
      await test.cleanup();
    }
  });
});
