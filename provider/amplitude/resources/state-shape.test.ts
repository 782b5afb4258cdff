import { describe, expect, it } from "vitest";
import type { LiveConfigObject } from "./live-state";
import { fromState, toState } from "./state-shape";

const full = (extra: Partial<LiveConfigObject> = {}): LiveConfigObject => ({
  projectId: "1", key: "k", name: "k", description: "", enabled: false, evaluationMode: "remote", bucketingKey: "amplitude_id",
  bucketingSalt: "s", bucketingUnit: "User", rolloutPercentage: 0, targetSegments: [], deployments: ["7"], tags: [], url: null,
  deleted: false,
  variants: [
    { key: "control", name: "", description: "", payload: null, rolloutWeight: 1, users: null, cohorts: null },
    { key: "on", name: "On", description: null, payload: { a: 1 }, rolloutWeight: 2, users: [], cohorts: ["c"] },
  ],
  ...extra,
});

describe("toState / fromState", () => {
  it("leaves out members at their default and puts them back", () => {
    const stored = toState(full());
    expect(stored).not.toHaveProperty("deleted");
    // Top-level nulls and empty lists of documented outputs stay: only the listed defaults are left out.
    expect(stored).toMatchObject({ description: "", url: null, tags: [] });
    expect(stored.variants).toEqual([
      { key: "control", rolloutWeight: 1 },
      // `null` description (none sent) is not the default `""`; managed empty users stay `[]`.
      { key: "on", name: "On", description: null, payload: { a: 1 }, rolloutWeight: 2, users: [], cohorts: ["c"] },
    ]);
    expect(fromState(stored)).toEqual(full());
    expect(toState(full({ deleted: true }))).toMatchObject({ deleted: true });
  });

  it("keeps every member that recorded outputs (0.2.0's shape) hold, so a refresh of such state changes nothing", () => {
    const recorded = { ...full(), adopt: false, deletionPolicy: "archive" } as unknown as Record<string, unknown>;
    expect(toState(full(), recorded)).toEqual(full());
    // A variant the recorded outputs do not know is stored compact; a changed value is stored as it is.
    const live = full({ variants: [...full().variants.map((v) => ({ ...v, name: v.key === "control" ? "Control" : v.name })), { key: "new", name: "", description: "", payload: null, rolloutWeight: 0, users: null, cohorts: null }] });
    expect(toState(live, recorded).variants).toEqual([
      { key: "control", name: "Control", description: "", payload: null, rolloutWeight: 1, users: null, cohorts: null },
      full().variants[1],
      { key: "new", rolloutWeight: 0 },
    ]);
  });
});
