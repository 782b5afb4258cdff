// A user's own stack program, run from the user's project directory with the user's Node.js: it loads
// `@pulumi/pulumi` and `pulumi-feature-flags` from that project's node_modules (never from this
// repository), the way `pulumi up` in a stack directory does. Plain CommonJS so it runs without a build.
//
// usage: node user-stack.cjs <up|preview|preview-refresh|destroy|export>
// env:   FF_PULUMI_ROOT (CLI root), FF_BACKEND (directory), FF_SERVER_URL, FF_API_KEY, FF_PROJECT_ID
// prints one JSON line: the operation's summary (steps by resource name, change summary, outputs).
"use strict";
const { LocalWorkspace, PulumiCommand } = require("@pulumi/pulumi/automation");

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const projectId = env("FF_PROJECT_ID");

// Required inside the program, as a stack program's imports are: the package is loaded by the run.
function program() {
  const { amplitude } = require("pulumi-feature-flags");
  const web = new amplitude.Deployment("web", { projectId, label: "web", type: "client" });
  const flag = new amplitude.Flag("flag", {
    projectId,
    key: "installed",
    variants: [{ key: "on", payload: { layout: "v2" } }],
    deployments: [web.id],
    enabled: true,
  });
  new amplitude.Experiment("experiment", { projectId, key: "installed-exp", deployments: [web.id] });
  return Promise.resolve({ webKey: web.key, flagId: flag.id });
}

async function main() {
  const op = process.argv[2];
  const backend = env("FF_BACKEND");
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "dev", projectName: "user-stack", program },
    {
      pulumiCommand: await PulumiCommand.get({ root: env("FF_PULUMI_ROOT") }),
      pulumiHome: `${backend}/.home`,
      projectSettings: { name: "user-stack", runtime: "nodejs", main: process.cwd(), backend: { url: `file://${backend}` } },
      envVars: {
        PULUMI_CONFIG_PASSPHRASE: "user-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      },
    },
  );
  await stack.setAllConfig({
    "amplitude:serverUrl": { value: env("FF_SERVER_URL") },
    "amplitude:managementApiKey": { value: env("FF_API_KEY"), secret: true },
  });
  const steps = {};
  const onEvent = (event) => {
    const meta = event.resourcePreEvent && event.resourcePreEvent.metadata;
    if (!meta || meta.op === "refresh" || !meta.type.startsWith("pulumi-nodejs:dynamic/")) return;
    steps[meta.urn.split("::").pop()] = meta.op;
  };
  let result;
  if (op === "up") {
    const up = await stack.up({ onEvent });
    result = { summary: up.summary.resourceChanges, outputs: Object.keys(up.outputs) };
  } else if (op === "preview" || op === "preview-refresh") {
    const preview = await stack.preview({ refresh: op === "preview-refresh", onEvent });
    result = { summary: preview.changeSummary };
  } else if (op === "destroy") {
    const destroy = await stack.destroy({ onEvent });
    result = { summary: destroy.summary.resourceChanges };
  } else if (op === "export") {
    result = { state: await stack.exportStack() };
  } else {
    throw new Error(`unknown operation ${op}`);
  }
  process.stdout.write(`${JSON.stringify({ op, steps, ...result })}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
