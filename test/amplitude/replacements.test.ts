// Issue 11, kind 3: replacements that collide on a natural key. Every replace-on-change field of every
// resource (Deployment: type, projectId; Flag and Experiment: key, projectId) is changed while dependants use
// the resource: preview promises a replace, and up carries it out end to end (new object, dependants moved,
// old one archived); a preview --refresh afterwards shows nothing to do. Real engine, emulator over HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorHandle } from "../helpers/amplitude-emulator";
import { stepRecorder } from "../helpers/engine-events";
import { amplitude } from "./program";
import { apiReader, outcome, readings, stackFor } from "./readings";

const projects = [{ id: "100000", keys: ["emulator-key"] }, { id: "200000", keys: ["emulator-key"] }];

describe.each(readings)("replacements, emulating $reading", ({ options }) => {
  let em: EmulatorHandle;
  const api = apiReader(() => em);
  const api2 = apiReader(() => em, "200000");
  beforeAll(async () => {
    em = await startEmulator({ ...options, projects });
  });
  afterAll(async () => {
    await em?.stop();
  });

  interface Spec { projectId: string; label: string; type: "client" | "server"; flagKey: string; experimentKey: string }

  /** A deployment used by an enabled flag and by an experiment. */
  const program = (spec: () => Spec) => async () => {
    const { projectId, label, type, flagKey, experimentKey } = spec();
    const dep = new amplitude.Deployment("dep", { projectId, label, type });
    new amplitude.Flag("flag", { projectId, key: flagKey, variants: [{ key: "on" }], deployments: [dep.id], enabled: true });
    new amplitude.Experiment("exp", { projectId, key: experimentKey, variants: [{ key: "control" }, { key: "treatment" }], deployments: [dep.id] });
  };

  async function expectConverged(test: Awaited<ReturnType<typeof stackFor>>, spec: Spec) {
    const reader = spec.projectId === "100000" ? api : api2;
    const live = (await reader.deployments()).filter((d) => d.label === spec.label && !d.deleted && d.projectId === spec.projectId);
    expect(live).toHaveLength(1);
    expect(live[0].key.startsWith(`${spec.type}-`)).toBe(true);
    const flags = (await reader.withKey(spec.flagKey)).filter((f) => !f.deleted);
    expect(flags).toEqual([expect.objectContaining({ enabled: true, deployments: [live[0].id] })]);
    const experiments = (await reader.withKey(spec.experimentKey, "experiments")).filter((e) => !e.deleted);
    expect(experiments).toEqual([expect.objectContaining({ deployments: [live[0].id] })]);
    const after = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: after.onEvent });
    expect(after.changed()).toEqual({});
    return live[0];
  }

  it("a deployment's type changes while a flag and an experiment use it: replaced, dependants moved, old one archived", async () => {
    let spec: Spec = { projectId: "100000", label: "rep-web", type: "client", flagKey: "rep-flag", experimentKey: "rep-exp" };
    const test = await stackFor(() => em, "rep-type", program(() => spec));
    try {
      expect(await outcome(test.stack.up())).toBe("succeeded");
      const first = await expectConverged(test, spec);

      spec = { ...spec, type: "server" };
      const planned = stepRecorder();
      await test.stack.preview({ onEvent: planned.onEvent });
      expect(planned.changed()).toEqual({ dep: "replace", flag: "update", exp: "update" });
      const done = stepRecorder();
      expect(await outcome(test.stack.up({ onEvent: done.onEvent }))).toBe("succeeded");
      expect(done.changed()).toEqual(planned.changed());
      const second = await expectConverged(test, spec);
      expect(second.id).not.toBe(first.id);
      expect((await api.deployments()).find((d) => d.id === first.id)!.deleted).toBe(true);

      // And back, with a new label at the same time (the archived ones keep their labels and block nothing).
      spec = { ...spec, type: "client" };
      expect(await outcome(test.stack.up())).toBe("succeeded");
      const third = await expectConverged(test, spec);
      spec = { ...spec, type: "server", label: "rep-web-2" };
      expect(await outcome(test.stack.up())).toBe("succeeded");
      await expectConverged(test, spec);
      expect((await api.deployments()).filter((d) => [first.id, second.id, third.id].includes(d.id)).every((d) => d.deleted)).toBe(true);
      await test.stack.destroy();
    } finally {
      await test.cleanup();
    }
  }, 600_000);

  it("flag and experiment keys change while they use a deployment: new objects, old ones archived", async () => {
    let spec: Spec = { projectId: "100000", label: "rep-keys", type: "client", flagKey: "rep-key-a", experimentKey: "rep-exp-a" };
    const test = await stackFor(() => em, "rep-keys", program(() => spec));
    try {
      expect(await outcome(test.stack.up())).toBe("succeeded");
      const dep = await expectConverged(test, spec);
      const [oldFlag] = await api.withKey("rep-key-a");
      const [oldExp] = await api.withKey("rep-exp-a", "experiments");
      spec = { ...spec, flagKey: "rep-key-b", experimentKey: "rep-exp-b" };
      const done = stepRecorder();
      expect(await outcome(test.stack.up({ onEvent: done.onEvent }))).toBe("succeeded");
      expect(done.changed()).toEqual({ flag: "replace", exp: "replace" });
      expect((await expectConverged(test, spec)).id).toBe(dep.id);
      expect((await api.withKey("rep-key-a")).find((f) => f.id === oldFlag.id)!.deleted).toBe(true);
      expect((await api.withKey("rep-exp-a", "experiments")).find((e) => e.id === oldExp.id)!.deleted).toBe(true);
      await test.stack.destroy();
    } finally {
      await test.cleanup();
    }
  }, 600_000);

  it("everything moves to another project (projectId replaces all three): made there, archived here", async () => {
    let spec: Spec = { projectId: "100000", label: "rep-proj", type: "client", flagKey: "rep-proj-flag", experimentKey: "rep-proj-exp" };
    const test = await stackFor(() => em, "rep-project", program(() => spec));
    try {
      expect(await outcome(test.stack.up())).toBe("succeeded");
      const old = await expectConverged(test, spec);
      spec = { ...spec, projectId: "200000" };
      const done = stepRecorder();
      expect(await outcome(test.stack.up({ onEvent: done.onEvent }))).toBe("succeeded");
      expect(done.changed()).toEqual({ dep: "replace", flag: "replace", exp: "replace" });
      await expectConverged(test, spec);
      expect((await api.deployments()).find((d) => d.id === old.id)!.deleted).toBe(true);
      expect((await api.withKey("rep-proj-flag")).every((f) => f.deleted)).toBe(true);
      expect((await api.withKey("rep-proj-exp", "experiments")).every((e) => e.deleted)).toBe(true);
      await test.stack.destroy();
    } finally {
      await test.cleanup();
    }
  }, 600_000);

  it.each([
    { name: "a flag's new key", field: "flagKey" as const, taken: "rep-ui-flag", make: () => em.api("POST", "/flags", { projectId: "100000", key: "rep-ui-flag" }) },
    { name: "an experiment's new key", field: "experimentKey" as const, taken: "rep-ui-exp", make: () => em.api("POST", "/experiments", { projectId: "100000", key: "rep-ui-exp" }) },
    { name: "a deployment's label in its new project", field: "projectId" as const, taken: "200000", make: () => em.api("POST", "/deployments", { projectId: "200000", label: "rep-held", type: "client" }) },
  ])("$name held by an object made outside the stack: preview says so instead of promising a replace; nothing changes", async ({ field, taken, make }) => {
    let spec: Spec = { projectId: "100000", label: "rep-held", type: "client", flagKey: "rep-held-flag", experimentKey: "rep-held-exp" };
    const test = await stackFor(() => em, "rep-held", program(() => spec));
    try {
      expect(await outcome(test.stack.up())).toBe("succeeded");
      await expectConverged(test, spec);
      await make();
      const before = JSON.stringify([await api.list("flags"), await api.list("experiments"), await api.deployments()]);
      spec = { ...spec, [field]: taken };
      for (const run of [() => test.stack.preview(), () => test.stack.up()]) {
        const failure = await outcome(run());
        expect(failure).toMatch(/replacing (flag|experiment|deployment) .* is not possible: .*already exists/);
        expect(failure).toMatch(/[Ss]et `adopt: true`/);
      }
      expect(JSON.stringify([await api.list("flags"), await api.list("experiments"), await api.deployments()])).toBe(before);
      spec = { projectId: "100000", label: "rep-held", type: "client", flagKey: "rep-held-flag", experimentKey: "rep-held-exp" };
      await test.stack.destroy();
    } finally {
      await test.cleanup();
    }
  }, 300_000);
});
