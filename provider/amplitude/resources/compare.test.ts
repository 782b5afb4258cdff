import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../core/dynamic/unknown";
import { changedFields } from "./compare";
import type { LiveConfigObject, LiveVariant } from "./live-state";

const variant = (key: string, extra: Partial<LiveVariant> = {}): LiveVariant => ({
  key, name: "", description: "", payload: null, rolloutWeight: 1, users: null, cohorts: null, ...extra,
});

const live: LiveConfigObject = {
  projectId: "1", key: "k", name: "k", description: "", enabled: false, evaluationMode: "remote",
  bucketingKey: "amplitude_id", bucketingSalt: "abcdefgh", bucketingUnit: "User", rolloutPercentage: 0,
  variants: [variant("a", { payload: { x: 1, y: [1, 2] }, users: ["u1", "u2"] }), variant("b")],
  targetSegments: [
    { name: "s1", conditions: [{ prop: "p", op: "is", type: "property", values: ["1"] }], percentage: 10, bucketingKey: "amplitude_id", rolloutWeights: { a: 1 } },
    { name: "s2", conditions: [], percentage: 20, bucketingKey: "amplitude_id", rolloutWeights: { b: 1 } },
  ],
  deployments: ["1", "2"], tags: ["x", "y"], url: null, adopt: false, deletionPolicy: "archive",
};
const managed = ["variants", "deployments", "name", "description", "enabled", "targetSegments", "tags", "bucketingSalt"];

describe("diff of desired inputs against live outputs", () => {
  it("ignores order of variants, deployments, tags and inclusions, and payload formatting", () => {
    expect(changedFields(live, {
      variants: [{ key: "b" }, { key: "a", payload: { y: [1, 2], x: 1 }, users: ["u2", "u1"] }],
      deployments: ["2", "1"], tags: ["y", "x"],
    }, managed)).toEqual([]);
  });

  it("does not manage fields the program leaves unset, nor fields the server fills in", () => {
    expect(changedFields(live, { targetSegments: [
      { name: "s1", conditions: [{ prop: "p", op: "is", values: ["1"] }], percentage: 10, rolloutWeights: { a: 1 } },
      { name: "s2", conditions: [], percentage: 20, rolloutWeights: { b: 1 } },
    ] }, managed)).toEqual([]);
  });

  it("treats segments as an ordered list", () => {
    const [s1, s2] = live.targetSegments;
    expect(changedFields(live, { targetSegments: [s2, s1] }, managed)).toEqual(["targetSegments"]);
  });

  it.each([
    [{ variants: [{ key: "a" }] }, ["variants"]],
    [{ variants: [{ key: "a", payload: { x: 2, y: [1, 2] } }, { key: "b" }] }, ["variants"]],
    [{ variants: [{ key: "a", users: ["u1"] }, { key: "b" }] }, ["variants"]],
    [{ variants: [{ key: "a" }, { key: "b", cohorts: ["c1"] }] }, ["variants"]],
    [{ tags: ["x"] }, ["tags"]],
    [{ name: "new", enabled: true }, ["name", "enabled"]],
    [{ deployments: [UNKNOWN] }, ["deployments"]],
  ])("reports %j as a change of %j", (desired, fields) => {
    expect(changedFields(live, desired, managed)).toEqual(fields);
  });
});
