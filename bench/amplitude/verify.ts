/*
 * Checks the emulator's state against the program's intent, field by field for every flag, so a scenario
 * that "succeeds" while leaving the API different from the program is reported, not hidden.
 */
import type { EmulatorState, StoredConfig } from "../../emulator";
import { deploymentLabels, flagDeployment, flagKey, flagTag, flagVariants, type BenchSpec } from "./program";

export interface StateCheck {
  ok: boolean;
  /** Live (unarchived) bench flags found. */
  liveFlags: number;
  /** Flags that differ from the intent (or are missing), with the first differing field. */
  mismatches: string[];
  /** One line for the table. */
  summary: string;
}

/** `present`: every flag and deployment exists as declared. `destroyed`: all of them archived. */
export function checkState(state: EmulatorState, spec: BenchSpec, expect: "present" | "destroyed"): StateCheck {
  const bench = state.flags.filter((f) => f.key.startsWith("bench-flag-"));
  const live = bench.filter((f) => !f.deleted);
  const liveDeployments = state.deployments.filter((d) => !d.deleted);
  const mismatches: string[] = [];
  if (expect === "destroyed") {
    for (const f of live) mismatches.push(`${f.key}: still live`);
    for (const d of liveDeployments) mismatches.push(`deployment ${d.label}: still live`);
  } else {
    const deploymentId = new Map(liveDeployments.map((d) => [d.label, d.id]));
    for (const label of deploymentLabels) if (!deploymentId.has(label)) mismatches.push(`deployment ${label}: missing`);
    if (liveDeployments.length !== deploymentLabels.length) mismatches.push(`${liveDeployments.length} live deployments`);
    const byKey = new Map(live.map((f) => [f.key, f]));
    for (let i = 0; i < spec.flags; i++) {
      const f = byKey.get(flagKey(i));
      const diff = f ? flagDiff(f, i, spec, deploymentId.get(flagDeployment(i))) : "missing";
      if (diff) mismatches.push(`${flagKey(i)}: ${diff}`);
    }
    if (live.length !== spec.flags) mismatches.push(`${live.length} live flags, ${spec.flags} declared`);
  }
  const ok = mismatches.length === 0;
  const what = expect === "present" ? `${live.length}/${spec.flags} flags match` : `${bench.length - live.length}/${bench.length} flags archived`;
  return { ok, liveFlags: live.length, mismatches, summary: ok ? `ok (${what})` : `${mismatches.length} mismatches: ${mismatches.slice(0, 3).join("; ")}` };
}

function flagDiff(f: StoredConfig, i: number, spec: BenchSpec, deploymentId: string | undefined): string | undefined {
  if (f.description !== spec.description(i)) return `description "${f.description}" ≠ "${spec.description(i)}"`;
  if (f.tags.length !== 1 || f.tags[0] !== flagTag) return `tags ${JSON.stringify(f.tags)}`;
  if (f.deployments.length !== 1 || f.deployments[0] !== deploymentId) return `deployments ${JSON.stringify(f.deployments)}`;
  const want = flagVariants(i);
  const have = f.variants.map((v) => ({ key: v.key, payload: v.payload }));
  const same =
    have.length === want.length &&
    want.every((w) => JSON.stringify(have.find((h) => h.key === w.key)?.payload ?? null) === JSON.stringify("payload" in w ? w.payload : null));
  if (!same) return `variants ${JSON.stringify(have)}`;
  return undefined;
}
