/**
 * `npm run demo`: the quickstart stack against the embedded Amplitude emulator, through the real Pulumi
 * engine. Starts the emulator on a free loopback port and a throw-away file:// backend, runs `pulumi up`,
 * shows what now exists, changes a flag behind Pulumi's back as a teammate in the Amplitude UI would, shows
 * the drift with `pulumi preview --refresh --diff`, restores the declared state, and stops what it started.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { LocalWorkspace, PulumiCommand, type PulumiFn } from "@pulumi/pulumi/automation";
import { startAmplitudeEmulator } from "../emulator";
import quickstart = require("../examples/quickstart");
import { checkProgramRuns, guardInlinePrograms, trackedProgram } from "../test/helpers/inline-program";

const repoRoot = resolve(__dirname, "..");
const projectId = "100000";
const managementKey = "demo-management-key";

type Flag = { id: string; key: string; name: string; enabled: boolean; rolloutPercentage: number; tags: string[]; deployments: string[]; variants: { key: string }[] };

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
let step = 0;
const heading = (title: string) => console.log(`\n${bold(`== ${++step}/6 ${title}`)}\n`);

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "pulumi-feature-flags-demo-"));
  mkdirSync(join(work, "state"));
  heading("Start the Amplitude emulator (the embedded stand-in for experiment.amplitude.com)");
  const emulator = await startAmplitudeEmulator({
    projects: [{ id: projectId, keys: [managementKey] }],
    faults: { latencyMs: 20, latencyJitterMs: 10 },
  });
  console.log(`Serving the Management API at ${emulator.url}/api/1 for project ${projectId} (100 requests/s, as documented).`);
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${emulator.url}/api/1${path}`, {
      method,
      headers: { authorization: `Bearer ${managementKey}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text.startsWith("{") || text.startsWith("[") ? JSON.parse(text) : text) as T;
  };

  try {
    // An inline program's first engine call can fail on a loaded machine, and the SDK then reports an empty
    // run as a success: retry that call, and refuse such a run (see test/helpers/inline-program.ts).
    guardInlinePrograms();
    const tracked = trackedProgram(quickstart as unknown as PulumiFn);
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "demo", projectName: "quickstart", program: tracked.program },
      {
        pulumiCommand: await PulumiCommand.get({ root: pulumiRoot() }),
        pulumiHome: join(work, "home"),
        projectSettings: { name: "quickstart", runtime: "nodejs", main: repoRoot, backend: { url: `file://${join(work, "state")}` } },
        envVars: {
          PULUMI_CONFIG_PASSPHRASE: "demo",
          PULUMI_SKIP_UPDATE_CHECK: "true",
          PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        },
      },
    );
    checkProgramRuns(stack, tracked);
    await stack.setAllConfig({
      "amplitude:serverUrl": { value: emulator.url },
      "amplitude:managementApiKey": { value: managementKey, secret: true },
      "quickstart:projectId": { value: projectId },
    });
    const print = (out: string) => process.stdout.write(out);

    heading("pulumi up: create the deployments, flags and experiment the quickstart declares");
    await stack.up({ onOutput: print, color: "auto" });

    heading("What now exists in the (emulated) Amplitude project");
    const flags = (await api<{ flags: Flag[] }>("GET", `/flags?projectId=${projectId}&limit=1000`)).flags;
    const experiments = (await api<{ experiments: Flag[] }>("GET", `/experiments?projectId=${projectId}&limit=1000`)).experiments;
    const deployments = (await api<{ deployments: { id: string; label: string; deleted: boolean }[] }>("GET", "/deployments")).deployments;
    const label = (id: string) => deployments.find((d) => d.id === id)?.label ?? id;
    console.log(`Deployments: ${deployments.filter((d) => !d.deleted).map((d) => `${d.label} (id ${d.id})`).join(", ")}`);
    console.table(
      [...flags.map((f) => ({ ...f, kind: "flag" })), ...experiments.map((f) => ({ ...f, kind: "experiment" }))].map((f) => ({
        kind: f.kind,
        key: f.key,
        enabled: f.enabled,
        "rollout %": f.rolloutPercentage,
        variants: f.variants.map((v) => v.key).join(", "),
        deployments: f.deployments.map(label).join(", "),
        tags: f.tags.join(", "),
      })),
    );

    heading("A teammate edits a flag in the Amplitude UI (an out-of-band change)");
    const target = flags[flags.length - 1];
    const change = { name: `${target.name} (edited in the UI)`, rolloutPercentage: 100, tags: target.tags.slice(1) };
    await api("PATCH", `/flags/${target.id}`, change);
    console.log(`PATCH /api/1/flags/${target.id} ${JSON.stringify(change)}`);

    heading("pulumi preview --refresh --diff: the drift, as a reviewer sees it");
    const preview = await stack.preview({ refresh: true, diff: true, onOutput: print, color: "auto" });
    const summary = preview.changeSummary;
    console.log(`\nDrift found: ${summary.update ?? 0} resource(s) to update, ${summary.create ?? 0} to create.`);

    heading("pulumi up --refresh: restore the declared state");
    await stack.up({ refresh: true, onOutput: print, color: "auto" });
    const restored = await api<Flag>("GET", `/flags/${target.id}`);
    console.log(`\n${restored.key}: name "${restored.name}", rollout ${restored.rolloutPercentage}%, tags [${restored.tags.join(", ")}]`);
    const after = await stack.preview({ refresh: true });
    const pending = (after.changeSummary.update ?? 0) + (after.changeSummary.create ?? 0) + (after.changeSummary.delete ?? 0);
    console.log(pending === 0 ? "A final preview --refresh shows no changes: Amplitude matches the program." : `Unexpected: ${pending} change(s) remain.`);
  } finally {
    await emulator.stop();
    rmSync(work, { recursive: true, force: true });
    console.log("\nStopped the emulator and removed the demo's temporary state.");
  }
}

function pulumiRoot(): string {
  const out = execFileSync("bash", [join(repoRoot, "scripts", "bootstrap-pulumi.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  return out.trim().split("\n").pop()!;
}

main().catch((error: unknown) => {
  // A person reads this, not a debugger: the message, not the stack.
  // The engine's own error lines say what went wrong; the wrapping command error adds only noise.
  const message = error instanceof Error ? error.message : String(error);
  const engineErrors = [...new Set(message.split("\n").filter((line) => /^\s*error: /.test(line)).map((l) => l.trim()))];
  console.error(`\ndemo failed: ${engineErrors.length > 0 ? engineErrors.join("\n  ") : message}`);
  process.exitCode = 1;
});
