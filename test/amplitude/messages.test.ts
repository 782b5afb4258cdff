// Issue 11, kind 6: messages that point the right way. A deployment still used by a retained flag names the
// flag and the ways out; a 400 about a situation (archived, in use, conflict) gets that situation's remedy,
// never "fix the field"; a check failure inside a list names its path instead of `value {<nil>}`. Real engine,
// emulator over HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorHandle } from "../helpers/amplitude-emulator";
import { amplitude, projectId } from "./program";
import { apiReader, outcome, readings, stackFor } from "./readings";

const GENERIC = "fix the field named in the server message";

describe.each(readings)("messages, emulating $reading", ({ options }) => {
  let em: EmulatorHandle;
  const api = apiReader(() => em);
  beforeAll(async () => {
    em = await startEmulator(options);
  });
  afterAll(async () => {
    await em?.stop();
  });

  it.each(["flag", "experiment"] as const)(
    "destroy of a deployment a retained %s still uses names it and the ways out, on every retry; retaining the deployment too lets destroy finish",
    async (kind) => {
      const key = `msg-kept-${kind}`;
      let keepDeployment = false;
      const test = await stackFor(() => em, `msg-in-use-${kind}`, async () => {
        const dep = new amplitude.Deployment("dep", { projectId, label: `msg-web-${kind}`, type: "client", ...(keepDeployment ? { deletionPolicy: "retain" as const } : {}) });
        const args = { projectId, key, variants: [{ key: "on" }], deployments: [dep.id], deletionPolicy: "retain" as const };
        if (kind === "flag") new amplitude.Flag("kept", args);
        else new amplitude.Experiment("kept", args);
      });
      try {
        expect(await outcome(test.stack.up())).toBe("succeeded");
        const [obj] = await api.withKey(key, kind === "flag" ? "flags" : "experiments");
        for (let attempt = 0; attempt < 2; attempt += 1) {
          const failure = await outcome(test.stack.destroy());
          expect(failure).toContain(`${kind} '${key}' (id ${obj.id}) still uses it`);
          expect(failure).toContain('deletionPolicy: "retain"');
          expect(failure).toMatch(/remove it from those flags' and experiments' `deployments`/);
          expect(failure).not.toContain(GENERIC);
        }
        expect((await api.deployments()).find((d) => d.label === `msg-web-${kind}`)!.deleted).toBe(false);

        keepDeployment = true;
        expect(await outcome(test.stack.up())).toBe("succeeded");
        expect(await outcome(test.stack.destroy())).toBe("succeeded");
        expect((await api.deployments()).find((d) => d.label === `msg-web-${kind}`)!.deleted).toBe(false);
        expect((await api.withKey(key, kind === "flag" ? "flags" : "experiments"))[0].deleted).toBe(false);
      } finally {
        await test.cleanup();
      }
    },
  );

  it("a flag linked to a deployment archived in the UI gets the 'archived' remedy, not the generic one", async () => {
    let withFlag = false;
    const test = await stackFor(() => em, "msg-archived", async () => {
      const dep = new amplitude.Deployment("dep", { projectId, label: "msg-arch-web", type: "client" });
      if (withFlag) new amplitude.Flag("late", { projectId, key: "msg-late", variants: [{ key: "on" }], deployments: [dep.id] });
    });
    try {
      expect(await outcome(test.stack.up())).toBe("succeeded");
      const dep = (await api.deployments()).find((d) => d.label === "msg-arch-web")!;
      await em.api("PATCH", `/deployments/${dep.id}`, { archive: true });
      withFlag = true;
      const failure = await outcome(test.stack.up());
      expect(failure).toMatch(/creating flag 'msg-late' in project 100000 failed: 400 .*archived deployment/);
      expect(failure).toContain("archived outside Pulumi");
      expect(failure).toContain("pulumi up --refresh");
      expect(failure).not.toContain(GENERIC);
      // And the remedy is right: after up --refresh everything is in place.
      expect(await outcome(test.stack.up({ refresh: true }))).toBe("succeeded");
      const live = (await api.deployments()).find((d) => d.label === "msg-arch-web" && !d.deleted)!;
      expect((await api.withKey("msg-late"))[0].deployments).toEqual([live.id]);
      await test.stack.destroy();
    } finally {
      await test.cleanup();
    }
  });

  it.each([
    { name: "an empty tag", args: { tags: ["ok", ""] }, path: "tags[1]" },
    { name: "a reserved variant key", args: { variants: [{ key: "on" }, { key: "off" }] }, path: "variants[1].key" },
    { name: "a condition operator", args: { targetSegments: [{ name: "s", conditions: [{ prop: "p", op: "equals" as never, values: [] }], percentage: 1, rolloutWeights: {} }] }, path: "targetSegments[0].conditions[0].op" },
  ])("a check failure inside a list ($name) names $path, never `value {<nil>}`", async ({ args, path }) => {
    const test = await stackFor(() => em, "msg-check", async () => {
      new amplitude.Flag("bad", { projectId, key: "msg-check", ...args });
    });
    try {
      const failure = await outcome(test.stack.preview());
      expect(failure).toContain(`has a problem: ${path}: `);
      expect(failure).not.toContain("{<nil>}");
    } finally {
      await test.cleanup();
    }
  });
});
