/*
 * `npm run bench [-- --flags N] [--quick] [--parallel P] [--out path] [--layout installed|repo]
 *                  [--sizes 250,500,1000] [--only scenarios|large] [--vendor amplitude|configcat]`:
 * drives the real Pulumi engine (Automation API, inline program, file:// backend) against the emulator at
 * the documented limits, with the package installed as users install it (default): the scenarios of
 * issue 7 at `--flags` N, then the large-stack matrix of issue 18 (`--sizes`, checkpoints on and skipped,
 * with the engine's own floor). Prints tables and writes JSON (plus Markdown next to it).
 * `--vendor configcat` (or `--only configcat`) runs the ConfigCat scenarios of issue 15 instead (bench/configcat).
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
import { runConfigCatBench } from "./configcat/run";
import { installedLayout } from "./installed-layout";
import { largeStacksMarkdown, runLargeStacks } from "./large-stacks";

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
    // `installed`: the packed package under a project's node_modules, as users have it (providers stored
    // as a `require`); `repo`: this repository's own layout (the 4 KB serialized shim).
    layout: { type: "string", default: "installed" },
    sizes: { type: "string" },
    only: { type: "string" },
    vendor: { type: "string", default: "amplitude" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  process.stdout.write(`Usage: npm run bench -- [options]   (see bench/README.md)
  --vendor amplitude|configcat  which vendor's benchmark (default amplitude; --only configcat = --vendor configcat)
  --flags N             flags (Amplitude: multiple of 10, default 1,000, 100 with --quick;
                        ConfigCat: default 100, 1,000 with FF_FULL=1; each flag has a value in 4 environments)
  --quick               CI-sized run (writes quick.* / configcat-quick.*)
  --sizes a,b,c         Amplitude large-stack matrix sizes (default 250,500,1000; 50,100 with --quick)
  --parallel P          engine parallelism (default 16)
  --checkpoints         let the engine write checkpoints (off by default)
  --layout installed|repo   Amplitude only (ConfigCat always runs installed)
  --only scenarios|large|configcat
  --out path            JSON results (Markdown next to it)
`);
  process.exit(0);
}
const configcat = values.vendor === "configcat" || values.only === "configcat";
if (values.vendor !== "amplitude" && values.vendor !== "configcat") throw new Error("--vendor must be amplitude or configcat");
// ConfigCat's full size (1,000 flags × 4 environments) took 29 min on 2 loaded cores: opt in with FF_FULL=1 or --flags.
const flags = Number(values.flags ?? (configcat ? (process.env.FF_FULL === "1" && !values.quick ? 1000 : 100) : values.quick ? 100 : 1000));
const parallel = Number(values.parallel);
if (!Number.isInteger(flags) || flags < 10 || flags % 10 !== 0) throw new Error("--flags must be a multiple of 10, at least 10");
if (!Number.isInteger(parallel) || parallel < 1) throw new Error("--parallel must be a positive integer");
const out = resolve(values.out ?? join(repoRoot, "bench", "results",
  configcat ? (flags >= 1000 ? "configcat.json" : "configcat-quick.json") : values.quick ? "quick.json" : "latest.json"));
if (values.layout !== "installed" && values.layout !== "repo") throw new Error("--layout must be installed or repo");
const sizes = (values.sizes ?? (values.quick ? "50,100" : "250,500,1000")).split(",").map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 10)) throw new Error("--sizes must be whole numbers of at least 10, comma-separated");
if (values.only !== undefined && values.only !== "scenarios" && values.only !== "large" && values.only !== "configcat") throw new Error("--only must be scenarios, large or configcat");
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function scenarios(): Promise<void> {
  const em = await startBenchEmulator(repoRoot);
  const layout = values.layout === "installed" ? installedLayout(repoRoot) : undefined;
  let spec: BenchSpec = { flags, description: () => "" };
  const test = await createTestStack({
    projectName: "amplitude-bench",
    main: layout?.dir,
    program: benchProgram(() => spec, layout?.amplitude),
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
      engine: { PULUMI_SKIP_CHECKPOINTS: !values.checkpoints }, layout: values.layout,
      emulator: emulatorLimits, provider: { requestsPerSecond: 100, maxInFlight: 16, batchReads: true },
    };
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify({ meta, scenarios: results, targets }, null, 2) + "\n");
    const header = `# Benchmark results: ${flags} flags\n\n${meta.date}, ${meta.cores} cores, Node ${meta.node}, engine parallel ${parallel}, PULUMI_SKIP_CHECKPOINTS=${!values.checkpoints}, ${values.layout} layout; emulator ${emulatorLimits.rateLimitPerSecond} req/s, ${emulatorLimits.dailyLimit}/day, latency ${emulatorLimits.latencyMs + emulatorLimits.latencyJitterMs / 2} ms ± ${emulatorLimits.latencyJitterMs / 2} ms. See bench/README.md for how to read it.`;
    writeFileSync(out.replace(/\.json$/, ".md"), markdownReport(results, targets, header));
    process.stdout.write(textReport(results, targets) + `\n\nwritten: ${out}\n`);
    if (results.some((r) => r.failedResources > 0 || !r.state?.ok)) process.exitCode = 1;
  } finally {
    await test.cleanup();
    await em.stop();
    layout?.cleanup();
  }
}

/** Issue 18's matrix; written next to `--out` as `large-stacks.{json,md}` (or `quick-large-stacks`). */
async function largeStacks(): Promise<void> {
  const started = new Date();
  const result = await runLargeStacks({ repoRoot, sizes, parallel, log });
  const file = join(dirname(out), `${values.quick ? "quick-" : ""}large-stacks.json`);
  const meta = { date: started.toISOString(), sizes, parallel, cores: cpus().length, node: process.version, layout: "installed", emulator: emulatorLimits };
  writeFileSync(file, JSON.stringify({ meta, ...result }, null, 2) + "\n");
  const table = largeStacksMarkdown(result);
  const header = `# Large stacks: ${sizes.join(", ")} flags, checkpoints on and skipped\n\n${meta.date}, ${meta.cores} cores, Node ${meta.node}, engine parallel ${parallel}, installed layout. See bench/README.md.\n\n`;
  writeFileSync(file.replace(/\.json$/, ".md"), header + table);
  process.stdout.write(`\n${table}\nwritten: ${file}\n`);
  if (result.rows.some((r) => r.failedResources > 0)) process.exitCode = 1;
}

async function main(): Promise<void> {
  mkdirSync(dirname(out), { recursive: true });
  if (configcat) {
    if (!(await runConfigCatBench({ repoRoot, flags, parallel, checkpoints: values.checkpoints ?? false, out, log }))) process.exitCode = 1;
    return;
  }
  if (values.only !== "large") await scenarios();
  if (values.only !== "scenarios") await largeStacks();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
