/*
 * The ConfigCat targets (issue 15, design §1.6), checked next to the figures. The tables themselves are the
 * Amplitude bench's (same columns), fed with ConfigCat's per-endpoint floor.
 */
import type { ScenarioResult } from "../amplitude/measure";
import type { TargetCheck } from "../amplitude/table";

/** Refresh of 1,000 flags × 4 environments (issue 14). Lists are unpaginated, so the count does not grow with N. */
export const refreshRequestLimit = 15;
/** `up` of the stack against the per-endpoint floor (design §1.6). */
export const upWallOverFloorLimit = 1.15;

export function checkConfigCatTargets(results: ScenarioResult[]): TargetCheck[] {
  const by = (id: string) => results.find((r) => r.id === id)!;
  const out: TargetCheck[] = [];
  const add = (scenario: string, target: string, actual: string, met: boolean) => out.push({ scenario, target, actual, met });
  const s1 = by("1");
  add("1", `wall ≤ ${upWallOverFloorLimit} × per-endpoint floor`, `${s1.wallOverFloor}× (floor ${s1.floorSeconds} s on ${s1.notes.floorEndpoint})`,
    (s1.wallOverFloor ?? Infinity) <= upWallOverFloorLimit);
  add("2", "0 requests", String(by("2").requests), by("2").requests === 0);
  const s3 = by("3");
  add("3", `≤ ${refreshRequestLimit} requests`, String(s3.requests), s3.requests <= refreshRequestLimit);
  const drift = s3.notes.reportedChanges as string[];
  add("3", "0 changes reported", String(drift.length), drift.length === 0);
  const s4 = by("4");
  add("4", "updates exactly the 10 edited values", `${(s4.notes.reportedChanges as string[]).length} changed, exact: ${s4.notes.updatesExactlyTheEdits}`,
    s4.notes.updatesExactlyTheEdits === true);
  for (const r of results) {
    add(r.id, "0 failed resources; emulator state = intent", `${r.failedResources} failed; ${r.state?.ok ? "state ok" : "state differs"}`, r.failedResources === 0 && r.state?.ok === true);
  }
  return out;
}
