/**
 * `npm run demo`: the quickstart stacks through the real Pulumi engine against the embedded emulators, first
 * Amplitude (examples/quickstart), then ConfigCat (examples/configcat-quickstart); `npm run demo -- amplitude` or
 * `npm run demo -- configcat` runs one. For each vendor: start the emulator on a free loopback port with a
 * throw-away file:// backend, run `pulumi up`, show what now exists, change something behind Pulumi's back as a
 * teammate in the vendor's UI would, show the drift with `pulumi preview --refresh --diff`, restore the declared
 * state with `pulumi up --refresh`, and stop what it started.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { LocalWorkspace, PulumiCommand, type ConfigMap, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";
import { startAmplitudeEmulator, startConfigCatEmulator, type ConfigCatState } from "../emulator";
import quickstart = require("../examples/quickstart");
import configcatQuickstart = require("../examples/configcat-quickstart");
import { checkProgramRuns, guardInlinePrograms, trackedProgram } from "../test/helpers/inline-program";

const repoRoot = resolve(__dirname, "..");
const vendors = ["amplitude", "configcat"] as const;
type Vendor = (typeof vendors)[number];

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const print = (out: string) => process.stdout.write(out);

/** Numbered step headings, per vendor. */
function headings(vendor: string, steps: number) {
  let step = 0;
  return (title: string) => console.log(`\n${bold(`== ${vendor} ${++step}/${steps} ${title}`)}\n`);
}

/** A JSON call to an emulator; throws with the status and body on failure. */
async function call<T>(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return (text.startsWith("{") || text.startsWith("[") ? JSON.parse(text) : text) as T;
}

/**
 * An Automation API stack for an example program on the demo's file:// backend. Its `up` and `preview` fail if the
 * program body never ran (an empty run the SDK would report as a success; see test/helpers/inline-program.ts).
 */
async function exampleStack(work: string, projectName: string, program: PulumiFn, config: ConfigMap): Promise<Stack> {
  const tracked = trackedProgram(program);
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "demo", projectName, program: tracked.program },
    {
      pulumiCommand: await PulumiCommand.get({ root: pulumiRoot() }),
      pulumiHome: join(work, "home"),
      projectSettings: { name: projectName, runtime: "nodejs", main: repoRoot, backend: { url: `file://${join(work, "state")}` } },
      envVars: {
        PULUMI_CONFIG_PASSPHRASE: "demo",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      },
    },
  );
  checkProgramRuns(stack, tracked);
  await stack.setAllConfig(config);
  return stack;
}

/** Runs a final `preview --refresh` and says whether the vendor matches the program. */
async function finalCheck(stack: Stack, vendor: string): Promise<void> {
  const after = await stack.preview({ refresh: true });
  const pending = (after.changeSummary.update ?? 0) + (after.changeSummary.create ?? 0) + (after.changeSummary.delete ?? 0) + (after.changeSummary.replace ?? 0);
  console.log(pending === 0 ? `A final preview --refresh shows no changes: ${vendor} matches the program.` : `Unexpected: ${pending} change(s) remain.`);
  if (pending !== 0) process.exitCode = 1;
}

type Flag = { id: string; key: string; name: string; enabled: boolean; rolloutPercentage: number; tags: string[]; deployments: string[]; variants: { key: string }[] };

async function amplitudeDemo(work: string): Promise<void> {
  const heading = headings("Amplitude", 6);
  const projectId = "100000";
  const managementKey = "demo-management-key";
  heading("Start the Amplitude emulator (the embedded stand-in for experiment.amplitude.com)");
  const emulator = await startAmplitudeEmulator({
    projects: [{ id: projectId, keys: [managementKey] }],
    faults: { latencyMs: 20, latencyJitterMs: 10 },
  });
  console.log(`Serving the Management API at ${emulator.url}/api/1 for project ${projectId} (100 requests/s, as documented).`);
  const api = <T>(method: string, path: string, body?: unknown) =>
    call<T>(`${emulator.url}/api/1${path}`, method, { authorization: `Bearer ${managementKey}` }, body);

  try {
    const stack = await exampleStack(work, "quickstart", quickstart as unknown as PulumiFn, {
      "amplitude:serverUrl": { value: emulator.url },
      "amplitude:managementApiKey": { value: managementKey, secret: true },
      "quickstart:projectId": { value: projectId },
    });

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
    await finalCheck(stack, "Amplitude");
  } finally {
    await emulator.stop();
    console.log("\nStopped the Amplitude emulator.");
  }
}

/** A V2 served value (`ValueModel`): the one member that is set. */
type ValueModel = Record<string, boolean | string | number | null>;
type Formula = {
  defaultValue: ValueModel;
  targetingRules: { conditions: unknown[]; value: ValueModel | null; percentageOptions: { percentage: number; value: ValueModel }[] }[];
};
const shown = (v: ValueModel | null) => JSON.stringify(Object.values(v ?? {}).find((x) => x !== null) ?? null);
/** A served value in a table cell: `false, 2 rules, else 10% true / 90% false`. */
function summarize(f: Formula): string {
  const rules = f.targetingRules.filter((r) => r.conditions.length > 0);
  const rest = f.targetingRules.find((r) => r.conditions.length === 0);
  return [
    rest ? `else ${rest.percentageOptions.map((o) => `${o.percentage}% ${shown(o.value)}`).join(" / ")}` : shown(f.defaultValue),
    ...(rules.length > 0 ? [`${rules.length} rule${rules.length > 1 ? "s" : ""}`] : []),
  ].join(", ");
}

async function configcatDemo(work: string): Promise<void> {
  const heading = headings("ConfigCat", 6);
  heading("Start the ConfigCat emulator (the embedded stand-in for api.configcat.com)");
  const emulator = await startConfigCatEmulator({ faults: { latencyMs: 20, latencyJitterMs: 10 } });
  const organizationId = [...emulator.app.store.organizations.keys()][0]!;
  console.log(`Serving the Public Management API at ${emulator.url}/v1 for organization ${organizationId} (20 requests/s and 500/min per endpoint, as documented).`);
  const api = <T>(method: string, path: string, body?: unknown) => call<T>(`${emulator.url}${path}`, method, { authorization: emulator.authorization }, body);
  const admin = <T>(method: string, path: string, body?: unknown) => call<T>(`${emulator.url}/__admin${path}`, method, {}, body);

  try {
    const stack = await exampleStack(work, "configcat-quickstart", configcatQuickstart as unknown as PulumiFn, {
      "configcat:serverUrl": { value: emulator.url },
      "configcat:basicAuthUsername": { value: emulator.credentials.username },
      "configcat:basicAuthPassword": { value: emulator.credentials.password, secret: true },
      "configcat-quickstart:organizationId": { value: organizationId },
    });

    heading("pulumi up: create the product, config, environments, segment and flags the ConfigCat quickstart declares");
    await stack.up({ onOutput: print, color: "auto" });

    heading("What now exists in the (emulated) ConfigCat organization");
    const [product] = await api<{ productId: string; name: string }[]>("GET", "/v1/products");
    const [config] = await api<{ configId: string; name: string; evaluationVersion: string }[]>("GET", `/v1/products/${product!.productId}/configs`);
    const environments = await api<{ environmentId: string; name: string }[]>("GET", `/v1/products/${product!.productId}/environments`);
    const segments = await api<{ name: string }[]>("GET", `/v1/products/${product!.productId}/segments`);
    const settings = (await api<{ settingId: number; key: string; settingType: string; order: number; tags: { name: string }[] }[]>("GET", `/v1/configs/${config!.configId}/settings`))
      .sort((a, b) => a.order - b.order);
    const served: Record<string, Map<number, Formula>> = {};
    for (const e of environments) {
      const list = await api<{ settingFormulas: (Formula & { setting: { settingId: number } })[] }>("GET", `/v2/configs/${config!.configId}/environments/${e.environmentId}/values`);
      served[e.name] = new Map(list.settingFormulas.map((f) => [f.setting.settingId, f]));
    }
    console.log(`Product "${product!.name}", config "${config!.name}" (${config!.evaluationVersion}), environments ${environments.map((e) => e.name).join(", ")}, segments ${segments.map((s) => s.name).join(", ")}`);
    console.table(settings.map((s) => ({
      key: s.key,
      type: s.settingType,
      tags: s.tags.map((t) => t.name).join(", "),
      ...Object.fromEntries(environments.map((e) => [e.name, summarize(served[e.name]!.get(s.settingId)!)])),
    })));

    heading("A teammate changes a flag in the ConfigCat Dashboard (an out-of-band change, through the emulator's admin API)");
    // The edit goes straight into the emulator's state, as a Dashboard edit lands on ConfigCat's side: the provider
    // only learns of it by reading.
    const state = await admin<ConfigCatState>("GET", "/state");
    const production = state.environments.find((e) => e.name === "Production")!;
    const checkout = state.settings.find((s) => s.key === "newCheckout")!;
    const value = state.values.find((v) => v.environmentId === production.environmentId && v.settingId === checkout.settingId)!;
    const everyoneElse = (value.formula as Formula).targetingRules.find((r) => r.conditions.length === 0)!;
    const before = everyoneElse.percentageOptions.map((o) => o.percentage);
    everyoneElse.percentageOptions[0]!.percentage = 50;
    everyoneElse.percentageOptions[1]!.percentage = 50;
    await admin("PUT", "/state", state);
    console.log(`newCheckout in Production: everyone else ${before.join("/")} → 50/50 (true/false)`);

    heading("pulumi preview --refresh --diff: the drift, as a reviewer sees it");
    const preview = await stack.preview({ refresh: true, diff: true, onOutput: print, color: "auto" });
    const summary = preview.changeSummary;
    console.log(`\nDrift found: ${summary.update ?? 0} resource(s) to update, ${summary.create ?? 0} to create.`);

    heading("pulumi up --refresh: restore the declared state");
    await stack.up({ refresh: true, onOutput: print, color: "auto" });
    const restored = await api<Formula>("GET", `/v2/environments/${production.environmentId}/settings/${checkout.settingId}/value`);
    console.log(`\nnewCheckout in Production: ${summarize(restored)}`);
    await finalCheck(stack, "ConfigCat");
  } finally {
    await emulator.stop();
    console.log("\nStopped the ConfigCat emulator.");
  }
}

function pulumiRoot(): string {
  const out = execFileSync("bash", [join(repoRoot, "scripts", "bootstrap-pulumi.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  return out.trim().split("\n").pop()!;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const chosen = args.length === 0 ? [...vendors] : args;
  const unknown = chosen.filter((a) => !(vendors as readonly string[]).includes(a));
  if (unknown.length > 0) {
    console.error(`Unknown ${unknown.join(", ")}. Usage: npm run demo [-- amplitude | configcat] (default: both)`);
    process.exitCode = 2;
    return;
  }
  const work = mkdtempSync(join(tmpdir(), "pulumi-feature-flags-demo-"));
  mkdirSync(join(work, "state"));
  // An inline program's first engine call can fail on a loaded machine, and the SDK then reports an empty
  // run as a success: retry that call (and each stack refuses such a run, see exampleStack).
  guardInlinePrograms();
  const demos: Record<Vendor, (work: string) => Promise<void>> = { amplitude: amplitudeDemo, configcat: configcatDemo };
  try {
    for (const vendor of chosen as Vendor[]) await demos[vendor](work);
  } finally {
    rmSync(work, { recursive: true, force: true });
    console.log("Removed the demo's temporary state.");
  }
}

main().catch((error: unknown) => {
  // A person reads this, not a debugger: the message, not the stack.
  // The engine's own error lines say what went wrong; the wrapping command error adds only noise.
  const message = error instanceof Error ? error.message : String(error);
  const engineErrors = [...new Set(message.split("\n").filter((line) => /^\s*error: /.test(line)).map((l) => l.trim()))];
  console.error(`\ndemo failed: ${engineErrors.length > 0 ? engineErrors.join("\n  ") : message}`);
  process.exitCode = 1;
});
