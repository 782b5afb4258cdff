/**
 * Shared pieces of the reliability and security suite (issue 8): sizes (CI or `FF_FULL=1`), a generated
 * N-flag program built on the compiled package, convergence checks that compare the emulator with the
 * stack's state, fault accounting from the emulator's request log, and a hard kill of a running `pulumi`.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import type { amplitude as amplitudeNs } from "../../provider";
import type { EmulatorState, StoredConfig, StoredDeployment } from "../../emulator";
import type { EmulatorHandle, LoggedRequest } from "../helpers/amplitude-emulator";

// The compiled package, exactly as a user's program (and the engine's provider host) loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { amplitude } = require("pulumi-feature-flags") as { amplitude: typeof amplitudeNs };

/** `FF_FULL=1` switches every test to the sizes the issue asks for; the default fits CI (2 cores). */
export const FULL = process.env.FF_FULL === "1";

export const sizes = {
  faultFlags: FULL ? 200 : 40,
  interruptFlags: FULL ? 200 : 30,
  interruptSeeds: FULL ? 10 : 3,
  propertyRuns: FULL ? 600 : 150,
  fuzzRuns: FULL ? 2000 : 300,
};

export const projectId = "100000";

/** What the generated program declares: `count` flags, some with inclusions, all linked to one deployment. */
export interface FleetSpec {
  count: number;
  /** Changes every flag's description (an update of every resource). */
  revision?: number;
  /** Indexes of flags left out of the program (deleted on `up`). */
  skip?: Set<number>;
  /** Declares the deployment with `adopt: true` (taking over a deployment its label already names). */
  adoptDeployment?: boolean;
}

export const flagKey = (i: number) => `rel-flag-${String(i).padStart(3, "0")}`;

export interface DesiredFlag {
  key: string;
  name: string;
  description: string;
  variants: { key: string; payload?: amplitudeNs.JsonValue; rolloutWeight?: number; users?: string[] }[];
  tags: string[];
}

export function desiredFlags(spec: FleetSpec): DesiredFlag[] {
  const out: DesiredFlag[] = [];
  for (let i = 0; i < spec.count; i += 1) {
    if (spec.skip?.has(i)) continue;
    const variants: DesiredFlag["variants"] = [{ key: "on", payload: { i }, rolloutWeight: 1 }];
    if (i % 3 === 0) variants.push({ key: "treatment", rolloutWeight: 2, users: [`user-${i}@example.com`, `user-${i + 1}`] });
    out.push({
      key: flagKey(i),
      name: `Reliability flag ${i}`,
      description: `generated flag ${i}, revision ${spec.revision ?? 0}`,
      variants,
      tags: i % 2 === 0 ? ["reliability", "even"] : ["reliability"],
    });
  }
  return out;
}

/** An inline program declaring the fleet; `spec` is read at each run so a test can change it between runs. */
export function fleetProgram(spec: () => FleetSpec) {
  return async () => {
    const adopt = spec().adoptDeployment ? { adopt: true } : {};
    const web = new amplitude.Deployment("web", { projectId, label: "rel-web", type: "client", ...adopt });
    for (const f of desiredFlags(spec())) {
      new amplitude.Flag(f.key, { projectId, ...f, deployments: [web.id], rolloutPercentage: 50 });
    }
    return { webKey: web.key };
  };
}

export type ApiState = EmulatorState;

export const emulatorState = (em: EmulatorHandle) => em.admin<ApiState>("GET", "/state");

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  outputs?: Record<string, unknown>;
}

export async function stateOf(stack: Stack) {
  const exported = await stack.exportStack();
  const deployment = exported.deployment as {
    resources?: StateResource[];
    pending_operations?: { resource: StateResource; type: string }[];
  };
  const resources = deployment.resources ?? [];
  const byKind = (kind: string) => resources.filter((r) => r.type.endsWith(`amplitude:${kind}`) || r.type === `amplitude:${kind}`);
  return {
    raw: exported,
    resources,
    flags: byKind("Flag"),
    deployments: byKind("Deployment"),
    pending: deployment.pending_operations ?? [],
  };
}

const count = <T>(items: T[]) => {
  const m = new Map<T, number>();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return m;
};

/** Everything that should be zero after a converged run, plus what differs from the program's intent. */
export interface Convergence {
  liveFlags: number;
  stateFlags: number;
  /** Keys held by more than one unarchived flag, labels held by more than one unarchived deployment. */
  duplicates: string[];
  /** Unarchived objects the stack does not know, and state entries whose object is gone or archived. */
  orphans: string[];
  /** Differences between the program and the emulator. */
  mismatches: string[];
  pendingOperations: number;
}

/**
 * Compares the emulator with the stack's state and with the program: no duplicates, no orphans (in both
 * directions), every declared flag live with the declared fields and nothing else live in the project
 * but the flags with `foreignKeys`, which the stack does not own.
 */
export async function convergence(
  em: EmulatorHandle, stack: Stack, spec: FleetSpec, deploymentLabels = ["rel-web"], foreignKeys: readonly string[] = [],
): Promise<Convergence> {
  const api = await emulatorState(em);
  const state = await stateOf(stack);
  // Flags someone else made (the UI, another stack) are not the stack's: not orphans, not part of the intent.
  const live = api.flags.filter((f) => f.projectId === projectId && !f.deleted && !foreignKeys.includes(f.key));
  const liveDeps = api.deployments.filter((d) => d.projectId === projectId && !d.deleted);
  const duplicates = [
    ...[...count(live.map((f) => f.key))].filter(([, n]) => n > 1).map(([k, n]) => `flag ${k} ×${n}`),
    ...[...count(liveDeps.map((d) => d.label))].filter(([, n]) => n > 1).map(([k, n]) => `deployment ${k} ×${n}`),
    ...[...count(state.flags.map((r) => r.id))].filter(([, n]) => n > 1).map(([k, n]) => `state flag id ${k} ×${n}`),
  ];
  const stateFlagIds = new Set(state.flags.map((r) => r.id));
  const stateDepIds = new Set(state.deployments.map((r) => r.id));
  const liveIds = new Set(live.map((f) => f.id));
  const liveDepIds = new Set(liveDeps.map((d) => d.id));
  const orphans = [
    ...live.filter((f) => !stateFlagIds.has(f.id)).map((f) => `live flag ${f.key} (${f.id}) not in state`),
    ...liveDeps.filter((d) => !stateDepIds.has(d.id)).map((d) => `live deployment ${d.label} (${d.id}) not in state`),
    ...state.flags.filter((r) => !liveIds.has(r.id!)).map((r) => `state flag ${r.urn.split("::").pop()} (${r.id}) not live`),
    ...state.deployments.filter((r) => !liveDepIds.has(r.id!)).map((r) => `state deployment ${r.id} not live`),
  ];
  return {
    liveFlags: live.length,
    stateFlags: state.flags.length,
    duplicates,
    orphans,
    mismatches: intentMismatches(live, liveDeps, spec, deploymentLabels),
    pendingOperations: state.pending.length,
  };
}

function intentMismatches(live: StoredConfig[], deps: StoredDeployment[], spec: FleetSpec, labels: string[]): string[] {
  const out: string[] = [];
  const want = desiredFlags(spec);
  const wantKeys = new Set(want.map((f) => f.key));
  const depIds = deps.filter((d) => labels.includes(d.label)).map((d) => d.id);
  if (deps.map((d) => d.label).sort().join() !== [...labels].sort().join()) out.push(`deployments ${deps.map((d) => d.label)}`);
  for (const f of live) if (!wantKeys.has(f.key)) out.push(`unexpected live flag ${f.key}`);
  for (const w of want) {
    const f = live.find((l) => l.key === w.key);
    if (!f) {
      out.push(`missing flag ${w.key}`);
      continue;
    }
    const diffs: string[] = [];
    if (f.name !== w.name) diffs.push(`name=${f.name}`);
    if (f.description !== w.description) diffs.push(`description=${f.description}`);
    if (f.rolloutPercentage !== 50) diffs.push(`rolloutPercentage=${f.rolloutPercentage}`);
    if ([...f.tags].sort().join() !== [...w.tags].sort().join()) diffs.push(`tags=${f.tags}`);
    if ([...f.deployments].sort().join() !== [...depIds].sort().join()) diffs.push(`deployments=${f.deployments}`);
    const vKeys = f.variants.map((v) => v.key).sort().join();
    if (vKeys !== w.variants.map((v) => v.key).sort().join()) diffs.push(`variants=${vKeys}`);
    for (const wv of w.variants) {
      const v = f.variants.find((x) => x.key === wv.key);
      if (!v) continue;
      if (wv.payload !== undefined && JSON.stringify(v.payload) !== JSON.stringify(wv.payload)) diffs.push(`${wv.key}.payload`);
      if (wv.rolloutWeight !== undefined && v.rolloutWeight !== wv.rolloutWeight) diffs.push(`${wv.key}.rolloutWeight=${v.rolloutWeight}`);
      const users = (v.inclusions as unknown[]).map(String);
      if (wv.users && [...users].sort().join() !== [...wv.users].sort().join()) diffs.push(`${wv.key}.users=${users}`);
    }
    if (diffs.length) out.push(`${w.key}: ${diffs.join(", ")}`);
  }
  return out;
}

/** Injected faults by kind, read from the emulator's request log. */
export function faultCounts(log: (LoggedRequest & { fault?: string })[]): Record<string, number> {
  const out: Record<string, number> = { "429": 0, "500": 0, "502": 0, "503": 0, reset: 0, "drop-after-write": 0 };
  for (const r of log) if (r.fault) out[r.fault] = (out[r.fault] ?? 0) + 1;
  return out;
}

export const addCounts = (a: Record<string, number>, b: Record<string, number>) => {
  for (const [k, v] of Object.entries(b)) a[k] = (a[k] ?? 0) + v;
  return a;
};

/** Pids of every descendant of `root` (children first found, then theirs). */
export function descendants(root: number): number[] {
  const table = execFileSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/).map(Number));
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const [pid, ppid] of table) {
      if (ppid === parent && !out.includes(pid)) {
        out.push(pid);
        queue.push(pid);
      }
    }
  }
  return out;
}

/**
 * SIGKILLs the `pulumi` CLI this process started (through the Automation API) and every process under it
 * (the provider host), by pid: what a CI runner that loses its machine does. Returns the pids killed.
 */
export function hardKillPulumi(): number[] {
  const mine = descendants(process.pid);
  const table = execFileSync("ps", ["-o", "pid=,comm=", "-p", mine.join(",") || String(process.pid)], { encoding: "utf8" });
  const clis = table
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter(([, comm]) => comm === "pulumi")
    .map(([pid]) => Number(pid));
  const victims = clis.flatMap((pid) => [pid, ...descendants(pid)]);
  for (const pid of victims) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  return victims;
}

/** Runs `up` and SIGKILLs the CLI once the emulator has received `killAt` requests; says whether it killed. */
export async function upKilledAfter(stack: Stack, em: EmulatorHandle, killAt: number): Promise<{ killed: boolean; requests: number }> {
  await em.resetStats();
  let killed = false;
  let finished = false;
  const up = stack.up().then(
    () => "succeeded",
    (e: Error) => String(e),
  ).finally(() => (finished = true));
  await waitFor(async () => {
    if (finished) return true;
    const { total } = await em.admin<{ total: number }>("GET", "/stats");
    if (total < killAt) return false;
    killed = hardKillPulumi().length > 0;
    return true;
  }, 10);
  const outcome = await up;
  if (killed && outcome === "succeeded") throw new Error("the up finished although its CLI was killed");
  return { killed, requests: (await em.requests()).length };
}

/**
 * Pulumi's file backend writes a stack's checkpoint and then its `.attrs` sidecar; a SIGKILL between the two
 * leaves the sidecar empty and every command fails with `failed to load checkpoint: EOF`. The README's
 * cleanup removes an empty sidecar (the checkpoint itself is complete; the backend reads it without one).
 */
export function repairTornSidecar(stateDir: string) {
  execFileSync("find", [stateDir, "-name", "*.attrs", "-size", "0", "-delete"]);
}

/**
 * The standard cleanup after a killed run, as the README documents it:
 *   pulumi cancel --yes                                # releases the killed run's lock (file:// and cloud backends)
 *   pulumi refresh --clear-pending-creates --yes       # drops the pending operations it left, reads the rest
 * `pulumi cancel` fails when there is nothing to cancel (the kill landed before the lock was taken), so it is
 * allowed to fail.
 */
export async function standardCleanup(stack: Stack) {
  await stack.cancel().catch(() => undefined);
  await stack.refresh({ clearPendingCreates: true });
}

/** A seeded PRNG for kill points, so a failing seed can be replayed: the emulator's own. */
export { createPrng as prng } from "../../emulator/core/prng";

/** Figures for the closing note: printed, and appended as JSON lines to $FF_RELIABILITY_REPORT (or tmp). */
export function report(name: string, figures: Record<string, unknown>): void {
  const line = JSON.stringify({ test: name, full: FULL, ...figures });
  console.log(`[reliability] ${line}`);
  appendFileSync(process.env.FF_RELIABILITY_REPORT ?? join(tmpdir(), "ff-reliability-report.jsonl"), line + "\n");
}

/** Polls `until` every `ms` milliseconds (no deadline: the caller's test timeout is the deadline). */
export async function waitFor(until: () => Promise<boolean>, ms = 25): Promise<void> {
  while (!(await until())) await new Promise((r) => setTimeout(r, ms));
}
