// Secrets: after up, refresh and destroy with verbose engine logging (-v=11, logs to stderr, --debug), the
// state files, the captured logs and every error message contain no management key; deployment keys appear in
// state only as ciphertext.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../helpers/pulumi-engine";
import { startEmulator, type EmulatorHandle, emulatorConfig } from "../helpers/amplitude-emulator";
import { amplitude, projectId, report } from "./harness";

const managementKey = "mgmt-SECRET-7f3a9c1e5b2d4f60";
const verbose = { logVerbosity: 11, logToStdErr: true, logFlow: true, debug: true } as const;

/** Every encoding of a key a careless log line could carry. */
const encodings = (key: string) => [key, Buffer.from(key).toString("base64"), encodeURIComponent(key), JSON.stringify(key).slice(1, -1)];

describe("secrets never leak", () => {
  let em: EmulatorHandle;
  let test: TestStack;
  let conflict = false;
  const logs: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    em = await startEmulator({ projects: [{ id: projectId, keys: [managementKey] }] });
    test = await createTestStack({
      projectName: "rel-secrets",
      program: async () => {
        const web = new amplitude.Deployment("web", { projectId, label: "sec-web", type: "client" });
        const api = new amplitude.Deployment("api", { projectId, label: "sec-api", type: "server" });
        for (let i = 0; i < 4; i += 1) {
          new amplitude.Flag(`f${i}`, {
            projectId, key: `sec-flag-${i}`, variants: [{ key: "on", payload: { i } }], deployments: [i % 2 ? web.id : api.id],
          });
        }
        // Switched on for one run: a key that already exists with other settings makes `up` fail.
        if (conflict) new amplitude.Flag("clash", { projectId, key: "made-elsewhere", variants: [{ key: "on" }] });
        return { webKey: web.key, apiKey: api.key };
      },
      config: emulatorConfig(em, managementKey),
    });
  });
  afterAll(async () => {
    await test?.cleanup();
    await em?.stop();
  });

  // The results' stdout and stderr hold the whole output (streamed chunks would split lines).
  const capture = {};

  it("up, refresh, a failing up and destroy, verbosely logged: no management key anywhere, deployment keys only encrypted", async () => {
    const up = await test.stack.up({ ...verbose, ...capture });
    logs.push(up.stdout, up.stderr);
    const deploymentKeys = (await em.api<{ deployments: { key: string }[] }>("GET", "/deployments", undefined, managementKey))
      .deployments.map((d) => d.key);
    expect(deploymentKeys).toHaveLength(2);

    const state = test.readBackendFiles();
    expect(state).toContain('"ciphertext"');
    for (const key of deploymentKeys) expect(state).not.toContain(key);

    const refresh = await test.stack.refresh({ ...verbose, ...capture });
    logs.push(refresh.stdout, refresh.stderr);

    // A failure: the error text (the CommandError, with the engine's whole output) must not carry the key either.
    await em.api("POST", "/flags", { projectId, key: "made-elsewhere", name: "Made elsewhere", variants: [{ key: "x" }] }, managementKey);
    conflict = true;
    const failed = await test.stack.up({ ...verbose, ...capture }).then(() => "no error", (e: Error) => `${e.message}\n${e.stack}`);
    conflict = false;
    expect(failed).toMatch(/made-elsewhere' in project 100000 already exists/);
    errors.push(failed);

    const destroy = await test.stack.destroy({ ...verbose, ...capture });
    logs.push(destroy.stdout, destroy.stderr);
    const stateAfter = test.readBackendFiles();

    // The engine itself, at -v=9 and above, logs every property it marshals over gRPC with secret values
    // unwrapped: the provider's Configure inputs ("Marshaling property for RPC[Provider[…].Configure().inputs]:
    // value={<management key>}") and a Create's raw outputs before additionalSecretOutputs applies ("Unmarshaling
    // property for RPC[…Create(…Deployment::web).outputs]: key={client-…}"). That is Pulumi's own behaviour (its
    // docs warn that verbose logs can hold secrets) and no provider can prevent it; those lines are counted and
    // set aside, everything else must be clean.
    const engineRpc = /^.*(?:Un)?[Mm]arshaling property for RPC\[.*$/gm;
    const allLogs = logs.join("\n");
    const allErrors = errors.join("\n");
    const engineLines = [...(allLogs.match(engineRpc) ?? []), ...(allErrors.match(engineRpc) ?? [])];
    const engineConfigureLines = engineLines.filter((l) => l.includes(managementKey)).length;
    const engineDeploymentKeyLines = engineLines.filter((l) => deploymentKeys.some((k) => l.includes(k))).length;
    const everything = { stateDuringLife: state, stateAfterDestroy: stateAfter, logs: allLogs.replace(engineRpc, ""), errors: allErrors.replace(engineRpc, "") };
    if (process.env.FF_SECRETS_DEBUG) {
      const text = everything.logs as string;
      let i = text.indexOf(managementKey);
      for (let n = 0; i >= 0 && n < 6; n += 1, i = text.indexOf(managementKey, i + 1)) console.log("LEAK>>", text.slice(Math.max(0, i - 400), i + 80));
    }
    for (const [where, text] of Object.entries(everything)) {
      for (const enc of encodings(managementKey)) expect(text.includes(enc), `management key in ${where}`).toBe(false);
    }
    for (const key of deploymentKeys) expect(stateAfter.includes(key), "deployment key in state after destroy").toBe(false);
    // The verbose log really is verbose (the check above means something), and it is where a plaintext
    // deployment key could go: record whether it does (the engine logs outputs it knows to be secret as
    // [secret]).
    expect(everything.logs.length).toBeGreaterThan(100_000);
    const deploymentKeysInLogs = deploymentKeys.filter((k) => everything.logs.includes(k)).length;
    if (process.env.FF_SECRETS_DEBUG) for (const k of deploymentKeys) { const i = everything.logs.indexOf(k); if (i >= 0) console.log("DEPKEY>>", everything.logs.slice(i - 300, i + 60)); }
    // Not asserted: at -v≥9/--debug the engine also dumps gRPC structs holding secret-wrapped values
    // (signature 4dabf18193072939515e22adb298388d) in plaintext, deployment keys included; reported only.
    report("secrets", {
      logBytes: everything.logs.length, stateBytes: state.length, errorBytes: everything.errors.length,
      managementKeyHits: 0, deploymentKeysInLogs, engineV9LinesWithManagementKey: engineConfigureLines, engineV9LinesWithDeploymentKey: engineDeploymentKeyLines,
    });
  }, 600_000);
});
