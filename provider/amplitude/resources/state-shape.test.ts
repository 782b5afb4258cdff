import { describe, expect, it } from "vitest";
import type { LiveConfigObject } from "./live-state";
import { managedFieldNames, managedFieldsOf, projectInputs } from "./input-projection";
import { fromState, fullOwner, shortOwner, toState } from "./state-shape";

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

const urn = "urn:pulumi:dev::shop::pulumi-nodejs:dynamic/amplitude:Flag::checkout";

describe("toState / fromState", () => {
  it("leaves out members at their default and puts them back", () => {
    const stored = toState(full());
    expect(stored).not.toHaveProperty("deleted");
    expect(stored).not.toHaveProperty("targetSegments");
    // Top-level nulls and other empty lists stay: only the listed defaults are left out.
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
    const recorded = { ...full({ owner: urn }), adopt: false, deletionPolicy: "archive" } as unknown as Record<string, unknown>;
    expect(toState(full({ owner: urn }), recorded)).toEqual(full({ owner: urn }));
    // A variant the recorded outputs do not know is stored compact; a changed value is stored as it is.
    const live = full({ variants: [...full().variants.map((v) => ({ ...v, name: v.key === "control" ? "Control" : v.name })), { key: "new", name: "", description: "", payload: null, rolloutWeight: 0, users: null, cohorts: null }] });
    expect(toState(live, recorded).variants).toEqual([
      { key: "control", name: "Control", description: "", payload: null, rolloutWeight: 1, users: null, cohorts: null },
      full().variants[1],
      { key: "new", rolloutWeight: 0 },
    ]);
  });

  it("stores the owner URN without its fixed parts, reads both forms as the URN, and keeps a URN it cannot shorten", () => {
    expect(shortOwner(urn)).toBe("dev::shop::Flag::checkout");
    expect(toState(full({ owner: urn })).owner).toBe("dev::shop::Flag::checkout");
    expect(fromState(toState(full({ owner: urn })))).toEqual(full({ owner: urn }));
    expect(fromState(full({ owner: urn })).owner).toBe(urn); // 0.2.0 and ab21d28 stored it whole
    // Recorded whole: kept whole on refresh; recorded short: stays short.
    expect(toState(full({ owner: urn }), { owner: urn }).owner).toBe(urn);
    expect(toState(full({ owner: urn }), { owner: "dev::shop::Flag::checkout" }).owner).toBe("dev::shop::Flag::checkout");
    for (const other of [
      "urn:pulumi:dev::shop::my:component:Shop$pulumi-nodejs:dynamic/amplitude:Flag::checkout", // under a parent
      "urn:pulumi:dev::shop::pulumi-nodejs:dynamic/amplitude:Flag::a::b", // `::` in the name
      "not-a-urn",
    ]) {
      expect(fullOwner(shortOwner(other)), other).toBe(other);
    }
    expect(shortOwner("urn:pulumi:dev::shop::my:component:Shop$pulumi-nodejs:dynamic/amplitude:Flag::checkout")).toMatch(/^urn:pulumi:/);
  });
});

describe("managedFields", () => {
  const inputs = { projectId: "1", key: "k", owner: urn, deployments: ["7"], description: "d", tags: ["t"], variants: [{ key: "on", payload: 1 }] };

  it("stores the managed fields as a bit mask and restates the same inputs from it as from their names", () => {
    const managed = managedFieldsOf(inputs);
    expect(typeof managed.fields).toBe("number");
    expect(managedFieldNames(managed).sort()).toEqual(["deployments", "description", "tags", "variants"]);
    const live = full({ owner: urn, description: "d", tags: ["t"] });
    const byNames = { ...managed, fields: ["deployments", "description", "tags", "variants"] };
    expect(projectInputs(live, managed)).toEqual(projectInputs(live, byNames));
    expect(projectInputs(live, managed)).toMatchObject({ owner: urn, description: "d", tags: ["t"], deployments: ["7"] });
  });

  it("keeps the names when one is not in the table", () => {
    expect(managedFieldsOf({ ...inputs, someFutureField: 1 }).fields).toEqual(["deployments", "description", "tags", "variants", "someFutureField"]);
  });
});
