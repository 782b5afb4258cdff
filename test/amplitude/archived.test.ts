// Issue 11, kind 4: a write to an object archived outside Pulumi, by `up` without a refresh. The object is
// still this resource's own (its id is in the state): it is restored (unarchived, then the change applied),
// as `up --refresh` does. Real engine, emulator over HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorHandle } from "../helpers/amplitude-emulator";
import { stepRecorder } from "../helpers/engine-events";
import { amplitude, projectId } from "./program";
import { apiReader, outcome, readings, stackFor } from "./readings";

describe.each(readings)("writes to objects archived outside Pulumi, emulating $reading", ({ options }) => {
  let em: EmulatorHandle;
  const api = apiReader(() => em);
  beforeAll(async () => {
    em = await startEmulator(options);
  });
  afterAll(async () => {
    await em?.stop();
  });

  const changes: { name: string; collection: "flags" | "experiments"; change: Record<string, unknown>; expected: Record<string, unknown> }[] = [
    { name: "a flag's description", collection: "flags", change: { description: "changed" }, expected: { description: "changed" } },
    { name: "a flag's rollout and tags", collection: "flags", change: { rolloutPercentage: 40, tags: ["b", "a"] }, expected: { rolloutPercentage: 40 } },
    { name: "a flag turned on", collection: "flags", change: { enabled: true }, expected: { enabled: true } },
    { name: "an experiment's name", collection: "experiments", change: { name: "Renamed" }, expected: { name: "Renamed" } },
    // Written only to the variants endpoint: the flag's own PATCH, which would be refused, is never sent.
    { name: "a flag's variant payload only", collection: "flags", change: { variants: [{ key: "on", payload: { v: 2 } }] }, expected: {} },
  ];

  it.each(changes)("$name changed after it was archived in the UI: up restores it and applies the change", async ({ collection, change, expected }) => {
    const key = `arch-${collection}-${Object.keys(change).join("-")}`;
    let extra: Record<string, unknown> = {};
    const test = await stackFor(() => em, "archived", async () => {
      const dep = new amplitude.Deployment("dep", { projectId, label: `${key}-dep`, type: "client" });
      const args = { projectId, key, name: "Original", variants: [{ key: "on" }], deployments: [dep.id], ...extra };
      if (collection === "flags") new amplitude.Flag("obj", args);
      else new amplitude.Experiment("obj", args);
    });
    try {
      expect(await outcome(test.stack.up())).toBe("succeeded");
      const [created] = await api.withKey(key, collection);
      await em.api("PATCH", `/${collection}/${created.id}`, { archive: true });

      extra = change;
      const up = await outcome(test.stack.up());
      expect(up).toBe("succeeded");
      const now = await api.withKey(key, collection);
      expect(now).toEqual([expect.objectContaining({ id: created.id, deleted: false, ...expected })]);
      if (change.tags) expect([...now[0].tags].sort()).toEqual(["a", "b"]);
      if (change.variants) {
        const stored = (await em.admin<{ flags: { id: string; variants: { key: string; payload?: unknown }[] }[] }>("GET", "/state")).flags.find((f) => f.id === created.id)!;
        expect(stored.variants).toEqual([expect.objectContaining({ key: "on", payload: { v: 2 } })]);
      }
      const after = stepRecorder();
      await test.stack.preview({ refresh: true, onEvent: after.onEvent });
      expect(after.changed()).toEqual({});
      await test.stack.destroy();
    } finally {
      await test.cleanup();
    }
  });
});
