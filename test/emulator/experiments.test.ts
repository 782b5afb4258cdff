import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import { call, createConfig, createDeployment, start } from "./helpers";

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await start();
});
afterEach(async () => {
  await emu.stop();
});

/** The experiment-create example from the reference (§6.3). */
function docCreateExample(dep: string): Record<string, unknown> {
  return {
    projectId: "100000", name: "Analyze button clicks experiment", key: "analyze-button-clicks-experiment",
    description: "analyze button clicks on the main page", variants: [{ key: "control" }, { key: "treatment" }],
    rolloutWeights: { control: 1, treatment: 1 },
    targetSegments: [{ name: "Segment 1", conditions: [{ prop: "country", op: "is", type: "property", values: ["United States"] }], percentage: 0, bucketingKey: "amplitude_id", rolloutWeights: { control: 1, treatment: 1 } }],
    deployments: [dep], evaluationMode: "remote", experimentType: "a-b-test",
  };
}

/** The experiment PATCH example from the reference (§6.4), including the exposureEvent example (§3.8). */
const DOC_PATCH_EXAMPLE = {
  name: "updated name", description: "updated description", bucketingKey: "amplitude_id", bucketingSalt: "<bucketingSalt>",
  evaluationMode: "remote", rolloutPercentage: 0, enabled: true, experimentType: "a-b-test", stickyBucketing: false,
  startDate: "2023-07-31T10:26:00.996Z", endDate: "2023-09-23T10:26:00.996Z", tags: ["prod", "staging"],
  exposureEvent: { event_type: "_active", filters: [{ group_type: "User", subprop_key: "amplitude_day_of_week", subprop_op: "is", subprop_type: "day_time_prop", subprop_value: ["Tuesday"] }] },
};

describe("experiments", () => {
  it("creates from the documented example and reads back the experiment fields", async () => {
    const dep = await createDeployment(emu);
    const r = await call(emu, "POST", "/api/1/experiments", docCreateExample(dep));
    expect(r.status).toBe(200);
    expect(r.json.url).toBe(`http://experiment.amplitude.com/amplitude/100000/config/${r.json.id}`);
    const { json } = await call(emu, "GET", `/api/1/experiments/${r.json.id}`);
    expect(json).toMatchObject({
      key: "analyze-button-clicks-experiment", deployments: [dep], experimentType: "a-b-test", state: "planning",
      stickyBucketing: false, startDate: null, endDate: null, decision: null, decisionReason: null, rolledOutVariant: null,
      exposureEvent: null, deliveryMethod: "feature", rolloutWeights: { control: 1, treatment: 1 }, deleted: false, tags: [],
    });
  });

  it("defaults variants to control/treatment", async () => {
    const id = await createConfig(emu, "experiments", { key: "e" });
    const { json } = await call(emu, "GET", `/api/1/experiments/${id}`);
    expect(json.variants.map((v: { key: string }) => v.key)).toEqual(["control", "treatment"]);
    expect(json.rolloutWeights).toEqual({ control: 1, treatment: 1 });
  });

  it("applies the documented PATCH example: dates read back date-only, exposureEvent kept, state running", async () => {
    const dep = await createDeployment(emu);
    const id = await createConfig(emu, "experiments", { key: "e", deployments: [dep] });
    const r = await call(emu, "PATCH", `/api/1/experiments/${id}`, DOC_PATCH_EXAMPLE);
    expect(r).toMatchObject({ status: 200, text: "OK" });
    const { json } = await call(emu, "GET", `/api/1/experiments/${id}`);
    expect(json).toMatchObject({
      name: "updated name", description: "updated description", bucketingSalt: "<bucketingSalt>", enabled: true,
      startDate: "2023-07-31", endDate: "2023-09-23", tags: ["prod", "staging"], state: "running",
      exposureEvent: DOC_PATCH_EXAMPLE.exposureEvent,
    });
    await call(emu, "PATCH", `/api/1/experiments/${id}`, { endDate: null, exposureEvent: null });
    expect((await call(emu, "GET", `/api/1/experiments/${id}`)).json).toMatchObject({ endDate: null, exposureEvent: null });
  });

  it("moves state to decision-made when a decision is set, and leaves state out of version snapshots", async () => {
    const id = await createConfig(emu, "experiments", { key: "d" });
    const r = await call(emu, "PATCH", `/api/1/experiments/${id}`, { decision: "rollout", decisionReason: "won", rolledOutVariant: "treatment" });
    expect(r.status).toBe(200);
    expect((await call(emu, "GET", `/api/1/experiments/${id}`)).json).toMatchObject({ state: "decision-made", decision: "rollout", decisionReason: "won", rolledOutVariant: "treatment" });
    const versions = (await call(emu, "GET", `/api/1/experiments/${id}/versions`)).json;
    expect(versions[0].flagConfig.decision).toBe("rollout");
    expect("state" in versions[0].flagConfig).toBe(false);
  });

  it("accepts legacy experimentType values and refuses unknown ones", async () => {
    const a = await call(emu, "POST", "/api/1/experiments", { projectId: "100000", key: "legacy", experimentType: "hypothesis-testing" });
    expect(a.status).toBe(200);
    expect((await call(emu, "PATCH", `/api/1/experiments/${a.json.id}`, { experimentType: "no-harm" })).status).toBe(200);
    expect((await call(emu, "PATCH", `/api/1/experiments/${a.json.id}`, { experimentType: "multi-arm-bandit" })).status).toBe(200);
    expect((await call(emu, "POST", "/api/1/experiments", { projectId: "100000", key: "x", experimentType: "bayes" })).status).toBe(400);
  });

  it.each([
    [{ startDate: "tuesday" }, `"startDate" must be a valid ISO 8601 date`],
    [{ decision: "maybe" }, `"decision" must be one of [rollout, rollback, continue-running]`],
    [{ rolledOutVariant: "nope" }, "Variant key does not exist"],
    [{ exposureEvent: { filters: [] } }, `"exposureEvent.event_type" is required`],
    [{ exposureEvent: { event_type: "_active" } }, `"exposureEvent.filters" is required`],
    [{ exposureEvent: { event_type: "e", filters: [{ subprop_op: "is", subprop_type: "user", subprop_value: [] }] } }, `"exposureEvent.filters[0].subprop_key" is required`],
    [{ exposureEvent: { event_type: "e", filters: [{ subprop_key: null, subprop_op: "set is", subprop_type: "user", subprop_value: [] }] } }, `"exposureEvent.filters[0].subprop_op" must be one of`],
    [{ stickyBucketing: 1 }, `"stickyBucketing" must be a boolean`],
  ])("refuses %j", async (body, message) => {
    const id = await createConfig(emu, "experiments", { key: "bad" });
    const r = await call(emu, "PATCH", `/api/1/experiments/${id}`, body);
    expect(r.status).toBe(400);
    expect(r.json.error).toContain(message);
  });

  it("takes a null subprop_key, as the docs at HEAD allow", async () => {
    const id = await createConfig(emu, "experiments", { key: "nullkey" });
    const ev = { event_type: "e", filters: [{ subprop_key: null, subprop_op: "is", subprop_type: "user", subprop_value: ["x"] }] };
    expect((await call(emu, "PATCH", `/api/1/experiments/${id}`, { exposureEvent: ev })).status).toBe(200);
  });

  it("refuses flag-only or create-only fields where they do not belong", async () => {
    expect((await call(emu, "POST", "/api/1/flags", { projectId: "100000", key: "f", experimentType: "a-b-test" })).json).toEqual({ error: `"experimentType" is not allowed` });
    expect((await call(emu, "POST", "/api/1/experiments", { projectId: "100000", key: "f", stickyBucketing: true })).json).toEqual({ error: `"stickyBucketing" is not allowed` });
    const flag = await createConfig(emu, "flags", { key: "fl" });
    expect((await call(emu, "PATCH", `/api/1/flags/${flag}`, { decision: "rollout" })).json).toEqual({ error: `"decision" is not allowed` });
  });

  it("refuses edits and deployment links on web experiments (set up through the admin state)", async () => {
    const dep = await createDeployment(emu);
    const id = await createConfig(emu, "experiments", { key: "web" });
    const state = emu.getState();
    state.experiments[0].experiment!.deliveryMethod = "web";
    expect((await call(emu, "PUT", "/__admin/state", state)).status).toBe(200);
    const msg = { error: "Web Experiments are not supported by Management API yet" };
    expect(await call(emu, "PATCH", `/api/1/experiments/${id}`, { name: "x" })).toMatchObject({ status: 400, json: msg });
    expect(await call(emu, "POST", `/api/1/experiments/${id}/deployments`, { deployments: [dep] })).toMatchObject({ status: 400, json: msg });
  });

  it("lists experiments under `experiments` with the same pagination", async () => {
    for (let i = 0; i < 3; i++) await createConfig(emu, "experiments", { key: `x${i}` });
    await createConfig(emu, "flags", { key: "not-an-experiment" });
    const p1 = await call(emu, "GET", "/api/1/experiments?limit=2");
    expect(p1.json.experiments.map((e: { key: string }) => e.key)).toEqual(["x2", "x1"]);
    expect(p1.json.nextCursor).toBe(2);
    const p2 = await call(emu, "GET", "/api/1/experiments?limit=2&cursor=2");
    expect(p2.json).toEqual({ experiments: [expect.objectContaining({ key: "x0", state: "planning" })] });
  });
});
