/**
 * The ConfigCat part of the reliability suite (issue 15): sizes (CI or `FF_FULL=1`), a generated stack of N flags ×
 * E environments on the compiled package (product, config, environments, tags, a segment, flags with tags, values
 * with targeting), convergence checks that compare the emulator with the stack's state and with the program, and
 * fault accounting from the emulator's request log. Kills, cleanup and reporting are the Amplitude harness's.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import type { configcat as configcatNs } from "../../provider";
import type { ConfigCatState } from "../../emulator";
import { stackConfig, type ConfigCatFixture } from "../configcat/fixture";
import { FULL, hardKillPulumi, waitFor } from "./harness";

// The compiled package, exactly as a user's program (and the engine's provider host) loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { configcat } = require("pulumi-feature-flags") as { configcat: typeof configcatNs };

export const ccSizes = {
  // Full size with 10 % injected 429s is slow by design: every 429 pauses its endpoint and cuts its budget.
  faultFlags: FULL ? 100 : 16,
  faultEnvironments: FULL ? 4 : 2,
  interruptFlags: FULL ? 100 : 10,
  interruptSeeds: FULL ? 10 : 2,
  /** Invalid argument sets per resource: the issue asks for ≥ 600 at every size. */
  propertyRuns: FULL ? 2000 : 600,
  /** Per engine test. */
  timeoutMs: FULL ? 3_600_000 : 1_200_000,
};

export const PRODUCT = "Reliability";
export const flagKey = (i: number) => `relFlag${String(i).padStart(3, "0")}`;
const envName = (e: number) => `Env ${e}`;

/** What the generated program declares. */
export interface FleetSpec {
  flags: number;
  environments: number;
  /** Changes every flag's name and hint, flips the tags and the served values (an update of every resource). */
  revision?: number;
  /** Indexes of flags left out of the program (deleted on `up`). */
  skip?: Set<number>;
  /** Resource names declared with `adopt: true` (the documented recovery of a killed run's lost creates). */
  adopt?: Set<string>;
}

/** A flag as the program declares it. */
export interface DesiredFlag {
  key: string;
  name: string;
  hint: string;
  settingType: "boolean" | "string";
  tags: string[];
  /** Per environment: the default value and whether a targeting rule and a split are declared. */
  values: { value: boolean | string; targeted: boolean }[];
}

export function desiredFlags(spec: FleetSpec): DesiredFlag[] {
  const r = spec.revision ?? 0;
  const out: DesiredFlag[] = [];
  for (let i = 0; i < spec.flags; i += 1) {
    if (spec.skip?.has(i)) continue;
    const settingType = i % 5 === 4 ? "string" : "boolean";
    const even = (i + r) % 2 === 0;
    out.push({
      key: flagKey(i),
      name: `Reliability flag ${i}${r ? ` r${r}` : ""}`,
      hint: `generated flag ${i}, revision ${r}`,
      settingType,
      tags: even ? ["reliability", "even"] : r ? ["reliability", "odd"] : ["reliability"],
      values: Array.from({ length: spec.environments }, (_, e) => ({
        value: settingType === "string" ? `v${i}-${e}-${r}` : (i + e + r) % 2 === 0,
        targeted: i % 3 === 0 && e === 0,
      })),
    });
  }
  return out;
}

/** An inline program declaring the fleet; `spec` is read at each run so a test can change it between runs. */
export function fleetProgram(organizationId: string, spec: () => FleetSpec) {
  return async () => {
    const s = spec();
    const adopt = (name: string) => (s.adopt?.has(name) ? { adopt: true } : {});
    const product = new configcat.Product("product", { organizationId, name: PRODUCT, ...adopt("product") });
    const productId = product.id;
    const config = new configcat.Config("config", { productId, name: "Main", ...adopt("config") });
    const environments = Array.from({ length: s.environments }, (_, e) =>
      new configcat.Environment(`env${e}`, { productId, name: envName(e), ...adopt(`env${e}`) }));
    const tags = Object.fromEntries(["reliability", "even", "odd"].map((t) => [t, new configcat.Tag(`tag-${t}`, { productId, name: t, ...adopt(`tag-${t}`) })]));
    const staff = new configcat.Segment("staff", {
      productId, name: "Staff", comparisonAttribute: "Email", comparator: "contains", comparisonValue: "@example.com", ...adopt("staff"),
    });
    for (const f of desiredFlags(s)) {
      const flag = new configcat.Setting(f.key, {
        configId: config.id, key: f.key, name: f.name, hint: f.hint, settingType: f.settingType, tags: f.tags.map((t) => tags[t]!.tagId), ...adopt(f.key),
      });
      f.values.forEach((v, e) => {
        const other = f.settingType === "string" ? "targeted" : !v.value;
        new configcat.SettingValue(`${f.key}@env${e}`, {
          environmentId: environments[e]!.id, settingId: flag.id, settingType: flag.settingType, value: v.value,
          targetingRules: v.targeted
            ? [{
              conditions: [
                { user: { attribute: "Email", comparator: "isOneOf", comparisonValue: [`a${f.key}@example.com`, "b@example.com"] } },
                { segment: { segmentId: staff.id, comparator: "isIn" } },
              ],
              value: other,
            }]
            : [],
          percentageOptions: v.targeted ? [{ percentage: 30, value: other }, { percentage: 70, value: v.value }] : [],
        });
      });
    }
    const keys = new configcat.SdkKeys("keys", { configId: config.id, environmentId: environments[0]!.id });
    return { sdkKey: keys.primary };
  };
}

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  outputs?: Record<string, unknown>;
}

/** The stack's resources by kind and its pending operations. */
export async function stackState(stack: Stack) {
  const deployment = (await stack.exportStack()).deployment as {
    resources?: StateResource[];
    pending_operations?: { resource: StateResource; type: string }[];
  };
  const resources = (deployment.resources ?? []).filter((r) => r.type.includes("configcat:"));
  const of = (kind: string) => resources.filter((r) => r.type.endsWith(`configcat:${kind}`));
  return { resources, of, pending: deployment.pending_operations ?? [] };
}

const repeated = (items: string[]) => {
  const m = new Map<string, number>();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return [...m].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`);
};

/** Everything that should be empty after a converged run. */
export interface Convergence {
  liveFlags: number;
  stateFlags: number;
  /** Objects with the same natural key (product, config, environment, tag, segment names; flag keys). */
  duplicates: string[];
  /** Flags carrying a tag more than once. */
  doublyTagged: string[];
  /** Live objects of the product the stack does not know, and state entries whose object is gone. */
  orphans: string[];
  /** Differences between the program and the emulator. */
  mismatches: string[];
  pendingOperations: number;
}

/** Compares the emulator (its state, read directly) with the stack's state and with the program. */
export async function convergence(fx: ConfigCatFixture, stack: Stack, spec: FleetSpec): Promise<Convergence> {
  const live: ConfigCatState = fx.emu.getState();
  const st = await stackState(stack);
  const products = live.products.filter((p) => p.name === PRODUCT);
  const productIds = new Set(products.map((p) => p.productId));
  const configs = live.configs.filter((c) => productIds.has(c.productId));
  const configIds = new Set(configs.map((c) => c.configId));
  const envs = live.environments.filter((e) => productIds.has(e.productId));
  const tags = live.tags.filter((t) => productIds.has(t.productId));
  const segments = live.segments.filter((s) => productIds.has(s.productId));
  const settings = live.settings.filter((s) => configIds.has(s.configId));
  const tagName = new Map(tags.map((t) => [t.tagId, t.name]));

  const duplicates = [
    ...repeated(products.map((p) => `product ${p.name}`)),
    ...repeated(configs.map((c) => `config ${c.name}`)),
    ...repeated(envs.map((e) => `environment ${e.name}`)),
    ...repeated(tags.map((t) => `tag ${t.name}`)),
    ...repeated(segments.map((s) => `segment ${s.name}`)),
    ...repeated(settings.map((s) => `flag ${s.configId}/${s.key}`)),
  ];
  const doublyTagged = settings.filter((s) => new Set(s.tags.map((t) => t.tagId)).size !== s.tags.length).map((s) => s.key);

  const ids = (kind: string) => new Set(st.of(kind).map((r) => r.id));
  const orphans: string[] = [];
  const liveVsState = (kind: string, items: { id: string; label: string }[]) => {
    const inState = ids(kind);
    const liveIds = new Set(items.map((i) => i.id));
    for (const i of items) if (!inState.has(i.id)) orphans.push(`live ${kind} ${i.label} (${i.id}) not in state`);
    for (const r of st.of(kind)) if (!liveIds.has(r.id ?? "")) orphans.push(`state ${kind} ${r.urn.split("::").pop()} (${r.id}) not live`);
  };
  liveVsState("Product", products.map((p) => ({ id: p.productId, label: p.name })));
  liveVsState("Config", configs.map((c) => ({ id: c.configId, label: c.name })));
  liveVsState("Environment", envs.map((e) => ({ id: e.environmentId, label: e.name })));
  liveVsState("Tag", tags.map((t) => ({ id: String(t.tagId), label: t.name })));
  liveVsState("Segment", segments.map((s) => ({ id: s.segmentId, label: s.name })));
  liveVsState("Setting", settings.map((s) => ({ id: String(s.settingId), label: s.key })));

  const mismatches: string[] = [];
  const want = desiredFlags(spec);
  const wantKeys = new Set(want.map((f) => f.key));
  for (const s of settings) if (!wantKeys.has(s.key)) mismatches.push(`unexpected live flag ${s.key}`);
  const envIds = Array.from({ length: spec.environments }, (_, e) => envs.find((x) => x.name === envName(e))?.environmentId);
  if (envs.length !== spec.environments || envIds.some((e) => e === undefined)) mismatches.push(`environments ${envs.map((e) => e.name)}`);
  for (const w of want) {
    const s = settings.find((x) => x.key === w.key);
    if (!s) {
      mismatches.push(`missing flag ${w.key}`);
      continue;
    }
    const diffs: string[] = [];
    if (s.name !== w.name) diffs.push(`name=${s.name}`);
    if (s.hint !== w.hint) diffs.push(`hint=${s.hint}`);
    if (s.settingType !== w.settingType) diffs.push(`settingType=${s.settingType}`);
    const liveTags = s.tags.map((t) => tagName.get(t.tagId)).sort().join();
    if (liveTags !== [...w.tags].sort().join()) diffs.push(`tags=${liveTags}`);
    w.values.forEach((v, e) => {
      const stored = live.values.find((x) => x.settingId === s.settingId && x.environmentId === envIds[e]);
      const f = stored?.formula as { defaultValue: Record<string, unknown>; targetingRules: { conditions: unknown[] }[] } | undefined;
      const served = f ? (f.defaultValue.boolValue ?? f.defaultValue.stringValue) : undefined;
      if (served !== v.value) diffs.push(`env${e}.value=${String(served)}`);
      // A targeted value: one rule with two conditions and the split as a trailing rule without conditions.
      const shape = (f?.targetingRules ?? []).map((r) => r.conditions.length).join();
      if (shape !== (v.targeted ? "2,0" : "")) diffs.push(`env${e}.rules=${shape}`);
    });
    if (diffs.length) mismatches.push(`${w.key}: ${diffs.join(", ")}`);
  }
  return {
    liveFlags: settings.length, stateFlags: st.of("Setting").length, duplicates, doublyTagged, orphans, mismatches, pendingOperations: st.pending.length,
  };
}

/** Injected faults by kind, from the emulator's request log. */
export function faultCounts(fx: ConfigCatFixture): Record<string, number> {
  const out: Record<string, number> = { "429": 0, "429-without-retry-after": 0, "500": 0, "502": 0, "503": 0, reset: 0, "drop-after-write": 0 };
  for (const r of fx.emu.app.stats.requests()) if (r.fault) out[r.fault] = (out[r.fault] ?? 0) + 1;
  return out;
}

/** Runs `up` and SIGKILLs the CLI once the emulator has received `killAt` requests; says whether it killed. */
export async function upKilledAfter(stack: Stack, fx: ConfigCatFixture, killAt: number): Promise<{ killed: boolean; requests: number }> {
  fx.emu.resetStats();
  let killed = false;
  let finished = false;
  const up = stack.up().then(() => "succeeded", (e: Error) => String(e)).finally(() => (finished = true));
  await waitFor(async () => {
    if (finished) return true;
    if (fx.emu.stats().total < killAt) return false;
    killed = hardKillPulumi().length > 0;
    return true;
  }, 10);
  const outcome = await up;
  if (killed && outcome === "succeeded") throw new Error("the up finished although its CLI was killed");
  return { killed, requests: fx.emu.stats().total };
}

/** Stack configuration pointing the provider at the fixture's emulator. */
export const providerConfig = stackConfig;
