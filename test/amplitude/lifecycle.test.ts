// End-to-end: the real Pulumi engine drives Flag, Experiment and Deployment against the emulator over
// loopback HTTP. Each step asserts what the emulator holds and which requests it received.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../helpers/pulumi-engine";
import { defaultKey, startEmulator, writes, type EmulatorHandle, emulatorConfig, type LoggedRequest } from "../helpers/amplitude-emulator";
import { stepRecorder } from "../helpers/engine-events";
import type { EmulatorOptions } from "../../emulator";
import { baseExperiment, baseFlags, projectId, stackProgram, type StackSpec } from "./program";

type ApiFlag = {
  id: string; key: string; name: string; description: string; enabled: boolean; deleted?: boolean;
  rolloutPercentage: number; tags: string[]; deployments: string[]; targetSegments: unknown[];
  variants: { key: string }[];
};
type ApiVariant = { key: string; name: string; payload: unknown; rolloutWeight: number };
type ApiDeployment = { id: string; label: string; key: string; deleted: boolean };

// The docs leave some behaviour open (see emulator/README.md); the provider must work under every reading: the
// emulator's defaults, every alternative switch at once, and keys-only lists on their own (the docs' examples,
// where a refresh must rely on `lastModifiedAt` to skip per-object reads).
const objects = 6; // 5 flags and 1 experiment
const readings: { reading: string; options: EmulatorOptions; variantReadsOnRefresh: number }[] = [
  { reading: "the emulator's defaults", options: {}, variantReadsOnRefresh: 0 },
  { reading: "keys-only lists", options: { fidelity: { variantsInLists: "keys" } }, variantReadsOnRefresh: 0 },
  {
    reading: "every alternative reading at once",
    options: {
      fidelity: {
        variantsInLists: "keys", lastPageCursor: "null", archivedKeepKey: false, errorBody: "hapi", filterAfterPaging: true,
        maxPageSize: 2, writeOnlyExposureEvent: true, arrayOrder: "reversed", listsWithoutTimestamps: true,
      },
      retryAfterHeader: true,
    },
    // Without `lastModifiedAt` in lists nothing says which objects changed: each one's variants are read.
    variantReadsOnRefresh: objects,
  },
];

describe.each(readings)("Amplitude resources under the real engine, emulating $reading", ({ options, variantReadsOnRefresh }) => {
  let em: EmulatorHandle;
  let test: TestStack;
  let spec: StackSpec = { flags: baseFlags(), experiment: baseExperiment() };

  // Every page (the alternative readings page by 2 and may send empty pages).
  const pages = async <T>(collection: string, query: string): Promise<T[]> => {
    const out: T[] = [];
    let cursor: unknown;
    do {
      const page = await em.api<Record<string, unknown>>("GET", `/${collection}?${query}${cursor == null ? "" : `&cursor=${cursor}`}`);
      out.push(...(page[collection] as T[]));
      cursor = page.nextCursor;
    } while (cursor != null && cursor !== "");
    return out;
  };
  const list = (collection: "flags" | "experiments") => pages<ApiFlag>(collection, `projectId=${projectId}&limit=1000&includeArchived=true`);
  const byKey = async (key: string, collection: "flags" | "experiments" = "flags") =>
    (await list(collection)).find((f) => f.key === key)!;
  const variants = (id: string, collection = "flags") => em.api<ApiVariant[]>("GET", `/${collection}/${id}/variants`);
  const deployments = () => pages<ApiDeployment>("deployments", "limit=1000");
  // The emulator's own view, whatever the fidelity switches hide from API bodies.
  const stored = async (key: string) =>
    (await em.admin<{ experiments: { key: string; experiment: { exposureEvent: unknown } }[] }>("GET", "/state")).experiments.find((e) => e.key === key)!;
  const resourceOutputs = async () => {
    const exported = await test.stack.exportStack();
    const resources = (exported.deployment as { resources: { urn: string; type: string; outputs: Record<string, unknown> }[] }).resources;
    return Object.fromEntries(resources.filter((r) => /amplitude/.test(r.type)).map((r) => [r.urn.split("::").pop()!, r.outputs]));
  };
  const variantReads = (log: LoggedRequest[]) => log.filter((r) => /^GET \/api\/1\/(flags|experiments)\/:id\/variants$/.test(r.route)).length;

  beforeAll(async () => {
    em = await startEmulator(options);
    test = await createTestStack({
      projectName: "amplitude-e2e",
      program: stackProgram(() => spec),
      config: emulatorConfig(em),
    });
  });
  afterAll(async () => {
    await test?.cleanup();
    await em?.stop();
  });

  it("1. up creates exactly what the program declares; preview and preview --refresh then show no change", async () => {
    const up = await test.stack.up();
    expect(up.summary.result).toBe("succeeded");

    const deps = await deployments();
    const web = deps.find((d) => d.label === "web")!;
    const api = deps.find((d) => d.label === "api")!;
    expect(web.key).toMatch(/^client-/);
    expect(api.key).toMatch(/^server-/);

    const checkout = await byKey("new-checkout");
    expect(checkout).toMatchObject({
      name: "New checkout", description: "Checkout v2", enabled: true, rolloutPercentage: 10, deleted: false,
      deployments: [web.id],
      targetSegments: [expect.objectContaining({ name: "Internal", percentage: 100, rolloutWeights: { on: 1 } })],
    });
    expect([...checkout.tags].sort()).toEqual(["checkout", "team-payments"]);
    expect(await variants(checkout.id)).toEqual([expect.objectContaining({ key: "on", payload: { layout: "v2", steps: [1, 2, 3] }, rolloutWeight: 1 })]);
    expect((await em.api<string[]>("GET", `/flags/${checkout.id}/variants/on/users`)).sort()).toEqual(["alice@example.com", "bob"]);

    const search = await byKey("search-ranking");
    const searchVariants = await variants(search.id);
    expect(searchVariants.map((v) => [v.key, v.name, v.rolloutWeight]).sort()).toEqual([["control", "Control", 1], ["ml", "ML ranking", 3]]);
    expect(searchVariants.find((v) => v.key === "ml")!.payload).toBe("model-v3");
    expect(await em.api("GET", `/flags/${search.id}/variants/ml/cohorts`)).toEqual(["cohort1"]);
    expect((await byKey("holiday-banner")).deployments.sort()).toEqual([web.id, api.id].sort());
    expect((await list("flags")).filter((f) => !f.deleted)).toHaveLength(5);

    const experiment = await byKey("checkout-button", "experiments");
    expect(experiment).toMatchObject({ experimentType: "a-b-test", startDate: "2026-12-01", deployments: [web.id], tags: ["checkout"] });
    expect((await stored("checkout-button")).experiment.exposureEvent).toEqual(baseExperiment().exposureEvent);

    // Every documented output is set right after create, as the server has it (not on the next refresh).
    const outs = await resourceOutputs();
    expect(outs.button).toMatchObject({ state: "planning", exposureEvent: baseExperiment().exposureEvent, bucketingSalt: expect.any(String) });
    // `lastModifiedAt` is recorded when lists carry it: it is what lets a refresh skip detail reads.
    const listsCarryTimestamps = !options.fidelity?.listsWithoutTimestamps;
    for (const name of ["checkout", "search", "banner", "legacy", "darkMode", "button"]) {
      expect(outs[name], name).toMatchObject({ bucketingSalt: expect.stringMatching(/^\w{8}$/) });
      expect(outs[name], name).not.toHaveProperty("deleted"); // stored only when true (archived outside Pulumi)
      if (listsCarryTimestamps) expect(outs[name].lastModifiedAt, name).toEqual(expect.any(String));
    }

    await em.resetStats();
    const preview = stepRecorder();
    await test.stack.preview({ onEvent: preview.onEvent });
    expect(preview.changed()).toEqual({});
    expect(await em.requests()).toEqual([]); // a plain preview sends nothing

    // The first refresh after `up` is clean: no resource to change and no output rewritten.
    const refreshed = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: refreshed.onEvent });
    expect(refreshed.changed()).toEqual({});
    expect(refreshed.outputChanges()).toEqual({});
    const log = await em.requests();
    expect(writes(log)).toEqual([]);
    expect(variantReads(log)).toBe(variantReadsOnRefresh);

    // `up --refresh` with nothing changed sends no write either (no perpetual PATCH of a write-only field).
    await em.resetStats();
    const again = stepRecorder();
    await test.stack.up({ refresh: true, onEvent: again.onEvent });
    expect(again.changed()).toEqual({});
    expect(again.outputChanges()).toEqual({});
    expect(writes(await em.requests())).toEqual([]);
  });

  it("2. out-of-band edits show in preview --refresh exactly, and up --refresh restores them", async () => {
    const checkout = await byKey("new-checkout");
    const search = await byKey("search-ranking");
    const banner = await byKey("holiday-banner");
    const legacy = await byKey("legacy-api");
    await em.api("PATCH", `/flags/${checkout.id}`, { name: "Renamed in the UI" });
    await em.api("POST", `/flags/${search.id}/variants`, { key: "extra" });
    await em.api("PATCH", `/flags/${banner.id}`, { tags: ["marketing"] });
    await em.api("PATCH", `/flags/${legacy.id}`, { archive: true });
    const apiDeployment = (await deployments()).find((d) => d.label === "api")!;
    await em.api("PATCH", `/deployments/${apiDeployment.id}`, { label: "renamed-in-ui" });

    const drift = stepRecorder();
    const preview = await test.stack.preview({ refresh: true, diff: true, onEvent: drift.onEvent });
    // The archived flag is restored (an update of the same object), not created again.
    expect(drift.changed()).toEqual({ checkout: "update", search: "update", banner: "update", legacy: "update", api: "update" });
    expect(drift.outputChanges()).toMatchObject({ checkout: expect.arrayContaining(["name"]), legacy: expect.arrayContaining(["deleted"]) });
    // The reviewer sees each drifted property marked, in the program's terms.
    expect(preview.stdout).toMatch(/~ name\s*: "Renamed in the UI" => "New checkout"/);
    expect(preview.stdout).toMatch(/~ label\s*: "renamed-in-ui" => "api"/);

    await expect(test.stack.up({ refresh: true })).resolves.toMatchObject({ summary: { result: "succeeded" } });
    expect((await byKey("new-checkout")).name).toBe("New checkout");
    expect((await variants(search.id)).map((v) => v.key).sort()).toEqual(["control", "ml"]);
    expect([...(await byKey("holiday-banner")).tags].sort()).toEqual(["marketing", "seasonal"]);
    expect((await deployments()).find((d) => d.id === apiDeployment.id)!.label).toBe("api");
    const legacyNow = (await list("flags")).filter((f) => f.key === "legacy-api" && !f.deleted);
    expect(legacyNow.map((f) => f.id)).toEqual([legacy.id]); // same id, so the same salt and bucketing
    expect((await list("flags")).filter((f) => f.key === "legacy-api")).toHaveLength(1);

    const after = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: after.onEvent });
    expect(after.changed()).toEqual({});
    expect(after.outputChanges()).toEqual({});
  });

  it("3. one changed field is one PATCH; a changed key replaces the flag", async () => {
    spec = { ...spec, flags: { ...spec.flags, darkMode: { ...spec.flags.darkMode, description: "Dark theme, v2" } } };
    await em.resetStats();
    const steps = stepRecorder();
    await test.stack.up({ onEvent: steps.onEvent });
    expect(steps.changed()).toEqual({ darkMode: "update" });
    const log = await em.requests();
    expect(writes(log).map((r) => r.route)).toEqual(["PATCH /api/1/flags/:id"]);
    expect(log.length).toBeLessThanOrEqual(3); // the PATCH, and reading the result back (with variants if lists lack them)
    expect((await byKey("dark-mode")).description).toBe("Dark theme, v2");

    const oldId = (await byKey("dark-mode")).id;
    spec = { ...spec, flags: { ...spec.flags, darkMode: { ...spec.flags.darkMode, key: "dark-theme" } } };
    const replace = stepRecorder();
    await test.stack.up({ onEvent: replace.onEvent });
    expect(replace.changed()).toEqual({ darkMode: "replace" });
    const all = await list("flags");
    expect(all.find((f) => f.id === oldId)!.deleted).toBe(true);
    expect(all.filter((f) => f.key === "dark-theme" && !f.deleted)).toHaveLength(1);

    const after = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: after.onEvent });
    expect(after.changed()).toEqual({});
    expect(after.outputChanges()).toEqual({});
  });

  it("4. adopting an existing flag by key: matching args send no write, different args one PATCH", async () => {
    const web = (await deployments()).find((d) => d.label === "web")!;
    await em.api("POST", "/flags", { projectId, key: "made-in-ui", name: "Made in UI", variants: [{ key: "on" }], deployments: [web.id] });
    await em.api("POST", "/flags", { projectId, key: "made-in-ui-2", name: "Old name", variants: [{ key: "on" }] });
    spec = {
      ...spec,
      flags: {
        ...spec.flags,
        adopted: { key: "made-in-ui", name: "Made in UI", variants: [{ key: "on" }], deploymentNames: ["web"], adopt: true },
        adoptedChanged: { key: "made-in-ui-2", name: "New name", variants: [{ key: "on" }], adopt: true },
      },
    };
    await em.resetStats();
    await test.stack.up();
    const changes = writes(await em.requests());
    const adoptedId = (await byKey("made-in-ui")).id;
    const changedId = (await byKey("made-in-ui-2")).id;
    expect(changes.filter((r) => r.path.includes(`/flags/${adoptedId}`))).toEqual([]);
    expect(changes.filter((r) => r.path.includes(`/flags/${changedId}`)).map((r) => r.route)).toEqual(["PATCH /api/1/flags/:id"]);
    expect(changes.filter((r) => r.method === "POST" && r.route === "POST /api/1/flags")).toEqual([]);
    expect((await byKey("made-in-ui-2")).name).toBe("New name");

    const after = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: after.onEvent });
    expect(after.changed()).toEqual({});
  });

  it("5. invalid arguments fail at preview with the property named and no request sent", async () => {
    const good = spec;
    spec = {
      ...spec,
      flags: {
        ...spec.flags,
        broken: { key: "bad key!", variants: [{ key: "off" }, { key: "a", rolloutWeight: -1 }], rolloutPercentage: 150 },
      },
    };
    await em.resetStats();
    const failure = await test.stack.preview().then(() => "no error", (e: Error) => String(e));
    spec = good;
    expect(failure).toMatch(/key/);
    expect(failure).toContain("variants[0].key");
    expect(failure).toContain("variants[1].rolloutWeight");
    expect(failure).toContain("rolloutPercentage");
    expect(await em.requests()).toEqual([]);
  });

  it("6. destroy archives per policy; state holds no management key and deployment keys only encrypted", async () => {
    spec = { ...spec, flags: { ...spec.flags, legacy: { ...spec.flags.legacy, deploymentNames: [], deletionPolicy: "retain" } } };
    await test.stack.up();
    const deploymentKeys = (await deployments()).map((d) => d.key);
    const assertNoSecrets = () => {
      const state = test.readBackendFiles();
      expect(state).not.toContain(defaultKey);
      expect(state).not.toContain(Buffer.from(defaultKey).toString("base64"));
      for (const key of deploymentKeys) expect(state).not.toContain(key);
      return state;
    };
    expect(assertNoSecrets()).toContain('"ciphertext"');

    await test.stack.destroy();
    assertNoSecrets();
    const flags = await list("flags");
    const live = flags.filter((f) => !f.deleted).map((f) => f.key);
    expect(live).toEqual(["legacy-api"]); // its policy is "retain"
    expect((await byKey("checkout-button", "experiments")).deleted).toBe(true);
    expect((await deployments()).map((d) => d.deleted)).toEqual([true, true]);
  });
});
