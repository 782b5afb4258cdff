/*
 * `npm run bench -- --vendor configcat`: the ConfigCat scenarios (issue 15) on the real engine, with the package
 * in the installed layout and the emulator in its own process at the documented per-endpoint limits. Writes the
 * results as JSON and Markdown and prints the table with the targets.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname } from "node:path";
import { createTestStack } from "../../test/helpers/pulumi-engine";
import { installedLayout } from "../installed-layout";
import { markdownReport, textReport } from "../amplitude/table";
import { benchPassword, benchUser, configcatLimits, startConfigCatBenchEmulator } from "./emulator-process";
import { configcatBenchProgram, environmentNames, type ConfigCatBenchSpec } from "./program";
import { clientBudget, runConfigCatScenarios } from "./scenarios";
import { checkConfigCatTargets } from "./table";

export interface ConfigCatBenchOptions {
  repoRoot: string;
  flags: number;
  parallel: number;
  checkpoints: boolean;
  /** JSON path; the Markdown goes next to it. */
  out: string;
  log(line: string): void;
}

/** Runs the scenarios; returns whether every resource succeeded and every state check passed. */
export async function runConfigCatBench(o: ConfigCatBenchOptions): Promise<boolean> {
  const em = await startConfigCatBenchEmulator(o.repoRoot);
  const layout = installedLayout(o.repoRoot);
  let spec: ConfigCatBenchSpec = { organizationId: em.organizationId, flags: o.flags, value: () => false };
  const test = await createTestStack({
    projectName: "configcat-bench",
    main: layout.dir,
    program: configcatBenchProgram(() => spec, layout.configcat),
    config: {
      "configcat:serverUrl": { value: em.url },
      "configcat:basicAuthUsername": { value: benchUser },
      "configcat:basicAuthPassword": { value: benchPassword, secret: true },
    },
    env: o.checkpoints ? {} : { PULUMI_SKIP_CHECKPOINTS: "true" },
  });
  const windows = em.windows.map((w) => `${w.limit}/${w.periodMs / 1000} s`).join(" and ");
  o.log(`ConfigCat emulator ${em.url} (${windows} per endpoint), ${o.flags} flags × ${environmentNames.length} environments, engine parallel ${o.parallel}, checkpoints ${o.checkpoints ? "on" : "off"}, ${cpus().length} cores`);
  const started = new Date();
  try {
    const results = await runConfigCatScenarios({ stack: test.stack, em, flags: o.flags, parallel: o.parallel, setSpec: (s) => (spec = s), log: o.log });
    const targets = checkConfigCatTargets(results);
    const meta = {
      date: started.toISOString(), vendor: "configcat", flags: o.flags, environments: environmentNames.length, parallel: o.parallel,
      cores: cpus().length, node: process.version, engine: { PULUMI_SKIP_CHECKPOINTS: !o.checkpoints }, layout: "installed",
      emulator: { ...configcatLimits, windowsPerEndpoint: em.windows, rateLimitKey: "template" },
      provider: { requestsPerSecond: clientBudget[0].limit, requestsPerMinute: clientBudget[1].limit, maxInFlight: 8, batchReads: true },
    };
    mkdirSync(dirname(o.out), { recursive: true });
    writeFileSync(o.out, JSON.stringify({ meta, scenarios: results, targets }, null, 2) + "\n");
    const header = `# ConfigCat benchmark results: ${o.flags} flags × ${environmentNames.length} environments\n\n${meta.date}, ${meta.cores} cores, Node ${meta.node}, engine parallel ${o.parallel}, PULUMI_SKIP_CHECKPOINTS=${!o.checkpoints}, installed layout; emulator ${windows} per endpoint (method + path template), latency ${configcatLimits.latencyMs + configcatLimits.latencyJitterMs / 2} ms ± ${configcatLimits.latencyJitterMs / 2} ms; provider defaults (${clientBudget[0].limit}/s and ${clientBudget[1].limit}/min per endpoint, 8 in flight). floor s = the busiest endpoint's minimum time under the emulator's windows. See bench/README.md for how to read it.`;
    writeFileSync(o.out.replace(/\.json$/, ".md"), markdownReport(results, targets, header));
    process.stdout.write(textReport(results, targets) + `\n\nwritten: ${o.out}\n`);
    return !results.some((r) => r.failedResources > 0 || !r.state?.ok);
  } finally {
    await test.cleanup();
    await em.stop();
    layout.cleanup();
  }
}
