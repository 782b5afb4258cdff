/*
 * Large stacks as users run them (issue 18): the package in the installed layout, the engine writing
 * checkpoints as it does by default on a file:// (or S3) backend, and the same run with
 * PULUMI_SKIP_CHECKPOINTS=true. For each size N and each checkpoint mode, one stack goes through `up`
 * (N flags, 2 deployments), `preview --refresh` and an `up` that changes 10% of the flags; the same three
 * operations on N trivial dynamic resources (no requests, a few bytes of state each) give the engine's own
 * floor for N dynamic resources, measured in the same run on the same machine.
 *
 * Each row: wall time, requests, the API floor (requests ÷ 100/s), the engine floor (the trivial stack's
 * wall for the same operation), both ratios, the engine's CPU seconds, and state bytes per resource.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "@pulumi/pulumi/automation";
import { createTestStack } from "../test/helpers/pulumi-engine";
import { benchKey, emulatorLimits, startBenchEmulator, type BenchEmulator } from "./amplitude/emulator-process";
import { measure, round, type ScenarioResult } from "./amplitude/measure";
import { benchProgram, type BenchSpec } from "./amplitude/program";
import { installedLayout, type InstalledLayout } from "./installed-layout";

export type CheckpointMode = "on" | "skipped";

export interface LargeStackRow {
  flags: number;
  checkpoints: CheckpointMode;
  operation: string;
  wallSeconds: number;
  requests: number;
  received429: number;
  failedResources: number;
  /** Requests ÷ the API's 100 requests/s. */
  apiFloorSeconds: number;
  /** The same operation on N trivial dynamic resources: what the engine alone needs. */
  engineFloorSeconds: number;
  wallOverApiFloor: number | null;
  wallOverEngineFloor: number;
  /** CPU seconds of the `pulumi` process (whole seconds, from `ps`): where checkpoints cost. */
  engineCpuSeconds: number;
  trivialEngineCpuSeconds: number;
}

export interface LargeStackResult {
  rows: LargeStackRow[];
  /** Bytes of state per flag resource and per trivial resource (the exported checkpoint's entries). */
  stateBytes: { flags: number; perFlag: number; perTrivialResource: number }[];
}

const operations = ["up", "preview --refresh", "up, 10% changed"] as const;

// The engine's floor: N dynamic resources whose provider (installed beside the package, so stored as a
// `require` like ours) only echoes its inputs.
class Trivial extends pulumi.dynamic.Resource {
  constructor(provider: pulumi.dynamic.ResourceProvider, name: string, props: { key: string; description: string }) {
    super(provider, name, props, undefined, "bench", "Trivial");
  }
}

function trivialProgram(spec: () => BenchSpec, layout: InstalledLayout) {
  const provider = layout.trivialProvider as pulumi.dynamic.ResourceProvider;
  return async () => {
    const { flags, description } = spec();
    for (let i = 0; i < flags; i++) {
      new Trivial(provider, `trivial${i}`, { key: `trivial-${i}`, description: description(i) });
    }
    return {};
  };
}

interface Subject {
  kind: "flags" | "trivial";
  flags: number;
  checkpoints: CheckpointMode;
}

/** Runs the three operations on one fresh stack; returns their measurements and the state bytes per resource. */
async function runSubject(s: Subject, layout: InstalledLayout, em: BenchEmulator, parallel: number, log: (l: string) => void) {
  let spec: BenchSpec = { flags: s.flags, description: () => "" };
  const test = await createTestStack({
    projectName: `large-${s.kind}`,
    main: layout.dir,
    program: s.kind === "flags" ? benchProgram(() => spec, layout.amplitude) : trivialProgram(() => spec, layout),
    config: {
      "amplitude:serverUrl": { value: em.url },
      "amplitude:managementApiKey": { value: benchKey, secret: true },
    },
    env: s.checkpoints === "skipped" ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {},
  });
  const stack: Stack = test.stack;
  const results: ScenarioResult[] = [];
  let bytesPerResource = 0;
  try {
    const run = async (operation: (typeof operations)[number], go: (onEvent: Parameters<Parameters<typeof measure>[0]["run"]>[0]) => Promise<unknown>) => {
      const { result } = await measure({ id: operation, title: operation, operation, parallel, em, run: go });
      log(`${s.kind} N=${s.flags} checkpoints ${s.checkpoints}: ${operation} ${result.wallSeconds} s, ${result.requests} requests, ${result.failedResources} failed`);
      results.push(result);
    };
    await run("up", (onEvent) => stack.up({ onEvent, parallel }));
    const exported = await stack.exportStack();
    const resources = (exported.deployment as { resources: { type: string }[] }).resources;
    const mine = resources.filter((r) => r.type.endsWith(s.kind === "flags" ? ":Flag" : "bench:Trivial"));
    bytesPerResource = Math.round(mine.reduce((a, r) => a + JSON.stringify(r).length, 0) / Math.max(1, mine.length));
    await run("preview --refresh", (onEvent) => stack.preview({ onEvent, parallel, refresh: true }));
    spec = { flags: s.flags, description: (i) => (i % 10 === 0 ? "changed" : "") };
    await run("up, 10% changed", (onEvent) => stack.up({ onEvent, parallel }));
  } finally {
    await test.cleanup();
  }
  return { results, bytesPerResource };
}

/** The whole matrix: for each size and checkpoint mode, the flag stack and the trivial stack. */
export async function runLargeStacks(options: { repoRoot: string; sizes: number[]; parallel: number; log: (l: string) => void }): Promise<LargeStackResult> {
  const layout = installedLayout(options.repoRoot);
  const rows: LargeStackRow[] = [];
  const stateBytes: LargeStackResult["stateBytes"] = [];
  try {
    for (const flags of options.sizes) {
      for (const checkpoints of ["skipped", "on"] as const) {
        const em = await startBenchEmulator(options.repoRoot);
        try {
          const real = await runSubject({ kind: "flags", flags, checkpoints }, layout, em, options.parallel, options.log);
          const trivial = await runSubject({ kind: "trivial", flags, checkpoints }, layout, em, options.parallel, options.log);
          if (checkpoints === "on") stateBytes.push({ flags, perFlag: real.bytesPerResource, perTrivialResource: trivial.bytesPerResource });
          real.results.forEach((r, i) => {
            const t = trivial.results[i];
            const cpu = (x: ScenarioResult) => (x.notes.cpuSeconds as { engineCpuS?: number } | undefined)?.engineCpuS ?? 0;
            rows.push({
              flags, checkpoints, operation: r.operation, wallSeconds: r.wallSeconds, requests: r.requests,
              received429: r.received429, failedResources: r.failedResources + t.failedResources,
              apiFloorSeconds: r.floorSeconds, engineFloorSeconds: t.wallSeconds,
              wallOverApiFloor: r.wallOverFloor, wallOverEngineFloor: round(r.wallSeconds / t.wallSeconds),
              engineCpuSeconds: cpu(r), trivialEngineCpuSeconds: cpu(t),
            });
          });
        } finally {
          await em.stop();
        }
      }
    }
  } finally {
    layout.cleanup();
  }
  return { rows, stateBytes };
}

/** The rows as a Markdown table, plus state bytes. */
export function largeStacksMarkdown(result: LargeStackResult): string {
  const lines = [
    `| N flags | checkpoints | operation | wall s | requests | API floor s | wall/API floor | engine floor s | wall/engine floor | engine CPU s (flags / trivial) | 429s | failed |`,
    `|---|---|---|---|---|---|---|---|---|---|---|---|`,
    ...result.rows.map((r) =>
      `| ${r.flags} | ${r.checkpoints} | ${r.operation} | ${r.wallSeconds} | ${r.requests} | ${r.apiFloorSeconds} | ${r.wallOverApiFloor ?? "–"} | ${r.engineFloorSeconds} | ${r.wallOverEngineFloor} | ${r.engineCpuSeconds} / ${r.trivialEngineCpuSeconds} | ${r.received429} | ${r.failedResources} |`),
    "",
    `State per resource (exported checkpoint entry, installed layout): ${result.stateBytes.map((s) => `N=${s.flags}: ${s.perFlag} B per flag, ${s.perTrivialResource} B per trivial resource`).join("; ")}.`,
    `API floor: requests ÷ ${emulatorLimits.rateLimitPerSecond}/s. Engine floor: the same operation on N trivial dynamic resources (no requests) in the same run.`,
  ];
  return lines.join("\n") + "\n";
}
