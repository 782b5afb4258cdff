// Issue 11, kind 1: inputs that are unknown during a preview. Every `check` rule that reads a value which may
// be unknown (a whole list from `apply`, `pulumi.all`, one element, one nested field) is skipped while the
// value is unknown, and enforced once it is known (at `up`). Real engine, emulator over HTTP.
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorHandle } from "../helpers/amplitude-emulator";
import { amplitude, projectId } from "./program";
import { apiReader, outcome, readings, stackFor } from "./readings";

/** A resolved value that is unknown during a preview: it depends on the id of a deployment created in the run. */
const later = <T>(dep: pulumi.Resource & { id: pulumi.Output<string> }, value: T) => dep.id.apply(() => value);

describe.each(readings)("unknown inputs during preview, emulating $reading", ({ options }) => {
  let em: EmulatorHandle;
  const api = apiReader(() => em);
  beforeAll(async () => {
    em = await startEmulator(options);
  });
  afterAll(async () => {
    await em?.stop();
  });

  // Each case is valid once its values are known; today's check judged the unknowns and failed the preview.
  const validProgram = async () => {
    const web = new amplitude.Deployment("web", { projectId, label: "unk-web", type: "client" });
    const api = new amplitude.Deployment("api", { projectId, label: later(web, "unk-api"), type: later(web, "server" as const) });
    // A whole list from apply, with `enabled: true` (needs a deployment).
    new amplitude.Flag("whole-list", { projectId, key: "unk-whole-list", enabled: true, deployments: web.id.apply((id) => [id]) });
    // A list from pulumi.all.
    new amplitude.Flag("all-list", { projectId, key: "unk-all", enabled: true, deployments: pulumi.all([web.id, api.id]).apply((ids) => [...ids]) });
    // One element unknown: a variant key a segment's weights refer to.
    new amplitude.Flag("element", {
      projectId, key: "unk-element", deployments: [web.id],
      variants: [{ key: "on" }, { key: later(web, "beta") }],
      targetSegments: [{ name: "beta users", conditions: [{ prop: "gp:beta", op: "is", values: ["yes"] }], percentage: 100, rolloutWeights: { beta: 1 } }],
    });
    // Two unknown elements: not duplicates of each other.
    new amplitude.Flag("two-elements", { projectId, key: "unk-two", variants: [{ key: later(web, "a") }, { key: later(web, "b") }] });
    // A nested field unknown (a payload inside a variant), next to a known rule.
    new amplitude.Flag("nested", { projectId, key: "unk-nested", variants: [{ key: "on", payload: later(web, { layout: "v2" }) }], rolloutPercentage: 50 });
    // Experiments: the rolled-out variant is among variants whose key is unknown; dates from apply.
    new amplitude.Experiment("exp-element", {
      projectId, key: "unk-exp", deployments: [web.id],
      variants: [{ key: "control" }, { key: later(web, "treatment") }], rolledOutVariant: "treatment",
      startDate: later(web, "2026-12-01"), endDate: "2026-12-31",
    });
    new amplitude.Experiment("exp-whole", {
      projectId, key: "unk-exp-whole", enabled: true, deployments: api.id.apply((id) => [id]),
      variants: later(web, [{ key: "control" }, { key: "treatment" }]), rolledOutVariant: later(web, "control"),
    });
  };

  it("preview of a fresh stack passes, and up creates what the program says once the values are known", async () => {
    const test = await stackFor(() => em, "unknowns", validProgram);
    try {
      expect(await outcome(test.stack.preview())).toBe("succeeded");
      expect(await outcome(test.stack.up())).toBe("succeeded");
      const web = (await api.deployments()).find((d) => d.label === "unk-web")!;
      const apiDep = (await api.deployments()).find((d) => d.label === "unk-api")!;
      expect(apiDep.key).toMatch(/^server-/);
      const [whole] = await api.withKey("unk-whole-list");
      expect(whole).toMatchObject({ enabled: true, deployments: [web.id] });
      expect((await api.withKey("unk-all"))[0].deployments.sort()).toEqual([web.id, apiDep.id].sort());
      const element = (await api.withKey("unk-element"))[0];
      expect((await api.variants(element.id)).map((v) => v.key).sort()).toEqual(["beta", "on"]);
      expect((await api.variants((await api.withKey("unk-two"))[0].id)).map((v) => v.key).sort()).toEqual(["a", "b"]);
      expect((await api.variants((await api.withKey("unk-nested"))[0].id))[0].payload).toEqual({ layout: "v2" });
      expect((await api.withKey("unk-exp", "experiments"))[0]).toMatchObject({ rolledOutVariant: "treatment" });
      expect((await api.withKey("unk-exp-whole", "experiments"))[0]).toMatchObject({ enabled: true, deployments: [apiDep.id] });
      // A second preview (everything known now) shows no change.
      expect(await outcome(test.stack.preview())).toBe("succeeded");
      await test.stack.destroy();
    } finally {
      await test.cleanup();
    }
  });

  // The same rules, with values that break them once known: preview passes (they are unknown then), `up`
  // fails with the rule's message and creates nothing for the resource.
  const violations: { name: string; key: string; collection: "flags" | "experiments"; message: RegExp; declare: (web: InstanceType<typeof amplitude.Deployment>) => void }[] = [
    {
      name: "enabled with an empty list from apply", key: "unk-bad-enabled", collection: "flags", message: /enabled.*cannot be true without at least one deployment/,
      declare: (web) => new amplitude.Flag("bad", { projectId, key: "unk-bad-enabled", enabled: true, deployments: web.id.apply(() => []) }),
    },
    {
      name: "two unknown variant keys that turn out equal", key: "unk-bad-dup", collection: "flags", message: /variants\[1\]\.key: duplicate variant key 'same'/,
      declare: (web) => new amplitude.Flag("bad", { projectId, key: "unk-bad-dup", variants: [{ key: later(web, "same") }, { key: later(web, "same") }] }),
    },
    {
      name: "a segment weighing a variant the unknown key does not become", key: "unk-bad-weight", collection: "flags", message: /rolloutWeights\.beta: refers to variant 'beta'/,
      declare: (web) => new amplitude.Flag("bad", {
        projectId, key: "unk-bad-weight", variants: [{ key: "on" }, { key: later(web, "gamma") }],
        targetSegments: [{ name: "s", conditions: [], percentage: 100, rolloutWeights: { beta: 1 } }],
      }),
    },
    {
      name: "an experiment's rolled-out variant missing from variants known later", key: "unk-bad-exp", collection: "experiments", message: /rolledOutVariant.*'treatment' is not one of the variants/,
      declare: (web) => new amplitude.Experiment("bad", { projectId, key: "unk-bad-exp", variants: [{ key: "control" }, { key: later(web, "other") }], rolledOutVariant: "treatment" }),
    },
    {
      name: "an experiment ending before a start date known later", key: "unk-bad-dates", collection: "experiments", message: /endDate.*must not be before startDate/,
      declare: (web) => new amplitude.Experiment("bad", { projectId, key: "unk-bad-dates", startDate: later(web, "2026-12-01"), endDate: "2026-11-01" }),
    },
    {
      name: "a deployment label from apply that is invalid", key: "", collection: "flags", message: /label.*may contain only letters, digits/,
      declare: (web) => new amplitude.Deployment("bad", { projectId, label: later(web, "not valid!"), type: "server" }),
    },
  ];

  it.each(violations)("$name: preview passes, up refuses with the rule's message and creates nothing", async ({ key, collection, message, declare }) => {
    const test = await stackFor(() => em, "unknowns-bad", async () => {
      declare(new amplitude.Deployment("web", { projectId, label: `unk-bad-web-${key || "dep"}`, type: "client" }));
    });
    try {
      expect(await outcome(test.stack.preview())).toBe("succeeded");
      const up = await outcome(test.stack.up());
      expect(up).toMatch(message);
      if (key) expect(await api.withKey(key, collection)).toEqual([]);
      else expect((await api.deployments()).filter((d) => d.label === "not valid!")).toEqual([]);
      await test.stack.destroy();
    } finally {
      await test.cleanup();
    }
  });
});
