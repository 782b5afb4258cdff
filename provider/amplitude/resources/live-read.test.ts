import { describe, expect, it } from "vitest";
import { liveReader } from "./live-read";
import type { LiveConfigObject } from "./live-state";

const reader = liveReader({ collection: "experiments", patchFields: ["name", "exposureEvent", "tags"], readOnlyFields: ["state", "lastModifiedAt"] });
const options = { adopt: false, deletionPolicy: "archive" };
const variant = (key: string) => ({ key, name: "", description: "", payload: null, rolloutWeight: 1, users: null, cohorts: null });
const exposureEvent = { event_type: "onboarding_viewed", filters: [] };
const previous = {
  projectId: "100000", key: "e", name: "E", exposureEvent, state: "planning", lastModifiedAt: "2026-01-01T00:00:00.000Z",
  variants: [variant("control"), variant("treatment")], deployments: ["1", "2"], tags: ["a", "b"], targetSegments: [], url: "http://x",
} as unknown as LiveConfigObject;

describe("outputsFrom", () => {
  it("keeps the last-applied value of a field the body leaves out (write-only), and null stays null", () => {
    const outs = reader.outputsFrom({ projectId: "100000", key: "e", name: "E", state: "running", variants: [], exposureEvent: undefined }, options, previous);
    expect(outs.exposureEvent).toEqual(exposureEvent);
    expect(outs.state).toBe("running");
    expect(outs.lastModifiedAt).toBe(previous.lastModifiedAt);
    expect(reader.outputsFrom({ key: "e", exposureEvent: null }, options, previous).exposureEvent).toBeNull();
    expect(reader.outputsFrom({ key: "e", projectId: "1" }, options).exposureEvent).toBeNull();
  });

  it("keeps the recorded order of variants, deployments and tags whatever order the server sends", () => {
    const outs = reader.outputsFrom(
      { projectId: "100000", key: "e", variants: [variant("new"), variant("treatment"), variant("control")], deployments: ["2", "1"], tags: ["c", "b", "a"] },
      options, previous,
    );
    expect(outs.variants.map((v) => v.key)).toEqual(["control", "treatment", "new"]);
    expect(outs.deployments).toEqual(["1", "2"]);
    expect(outs.tags).toEqual(["a", "b", "c"]);
    expect(outs.url).toBe("http://x");
    expect(outs.deleted).toBe(false);
  });
});
