/*
 * `npm run bench [-- --flags N] [--quick] [--parallel P] [--out path]`: drives the real Pulumi engine
 * (Automation API, inline program, file:// backend) through the scenarios of issue 7 against the emulator
 * at the documented limits, prints a table and writes JSON (plus Markdown next to it).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createTestStack } from "../test/helpers/pulumi-engine";
import { benchKey, emulatorLimits, startBenchEmulator } from "./amplitude/emulator-process";
import { benchProgram, type BenchSpec } from "./amplitude/program";
import { runScenarios } from "./amplitude/scenarios";
import { checkTargets, markdownReport, textReport } from "./amplitude/table";

const repoRoot = resolve(__dirname, "..");

const { values } = parseArgs({
  options: {
    flags: { type: "string" },
    quick: { type: "boolean", default: false },
    // See bench/README.md, "Engine parallelism", for how this default was chosen.
    parallel: { type: "string", default: "16" },
    out: { type: "string" },
    // The engine's per-step checkpoint rewrites the whole state file: O(N²) for N resources on a file://
    // backend (a 1,000-flag `up` did not finish in 300 s with it, 53 s without). See bench/README.md.
    checkpoints: { type: "boolean", default: false },
  },
});
const flags = Number(values.flags ?? (values.quick ? 100 : 1000));
const parallel = Number(values.parallel);
if (!Number.isInteger(flags) || flags < 10 || flags % 10 !== 0) throw new Error("--flags must be a multiple of 10, at least 10");
if (!Number.isInteger(parallel) || parallel < 1) throw new Error("--parallel must be a positive integer");
const out = resolve(values.out ?? join(repoRoot, "bench", "results", values.quick ? "quick.json" : "latest.json"));

async function main(): Promise<void> {
  const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
  const em = await startBenchEmulator(repoRoot);
  let spec: BenchSpec = { flags, description: () => "" };
  const test = await createTestStack({
    projectName: "amplitude-bench",
    program: benchProgram(() => spec),
    config: {
      "amplitude:serverUrl": { value: em.url },
      "amplitude:managementApiKey": { value: benchKey, secret: true },
    },
    env: values.checkpoints ? {} : { PULUMI_SKIP_CHECKPOINTS: "true" },
  });
  log(`emulator ${em.url} (${JSON.stringify(emulatorLimits)}), ${flags} flags, engine parallel ${parallel}, checkpoints ${values.checkpoints ? "on" : "off"}, ${cpus().length} cores`);
  const started = new Date();
  try {
    const results = await runScenarios({ stack: test.stack, em, flags, parallel, setSpec: (s) => (spec = s), log });
    const targets = checkTargets(results, flags);
    const meta = {
      date: started.toISOString(), flags, parallel, cores: cpus().length, node: process.version,
      engine: { PULUMI_SKIP_CHECKPOINTS: !values.checkpoints },
      emulator: emulatorLimits, provider: { requestsPerSecond: 100, maxInFlight: 16, batchReads: true },
    };
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify({ meta, scenarios: results, targets }, null, 2) + "\n");
    const header = `# Benchmark results: ${flags} flags\n\n${meta.date}, ${meta.cores} cores, Node ${meta.node}, engine parallel ${parallel}, PULUMI_SKIP_CHECKPOINTS=${!values.checkpoints}; emulator ${emulatorLimits.rateLimitPerSecond} req/s, ${emulatorLimits.dailyLimit}/day, latency ${emulatorLimits.latencyMs + emulatorLimits.latencyJitterMs / 2} ms ± ${emulatorLimits.latencyJitterMs / 2} ms. See bench/README.md for how to read it.`;
    writeFileSync(out.replace(/\.json$/, ".md"), markdownReport(results, targets, header));
    process.stdout.write(textReport(results, targets) + `\n\nwritten: ${out}\n`);
    if (results.some((r) => r.failedResources > 0 || !r.state?.ok)) process.exitCode = 1;
  } finally {
    await test.cleanup();
    await em.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
