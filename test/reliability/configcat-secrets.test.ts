// ConfigCat secrets: after up, refresh, a failing up and destroy with verbose engine logging (-v=11, logs to stderr,
// --debug), the state files, the captured logs and every error message contain neither the Public API password nor
// its base64 `Authorization` value, and the SDK keys appear in state only as ciphertext.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../helpers/pulumi-engine";
import { startConfigCat, type ConfigCatFixture } from "../configcat/fixture";
import { report } from "./harness";
import { configcat, providerConfig } from "./configcat-harness";

const password = "cc-PASSWORD-SECRET-3f9a7c1e5b2d4f60aa";
const username = "secrets-user";
const verbose = { logVerbosity: 11, logToStdErr: true, logFlow: true, debug: true } as const;

/** Every encoding of a secret a careless log line could carry. */
const encodings = (s: string) => [s, Buffer.from(s).toString("base64"), encodeURIComponent(s), JSON.stringify(s).slice(1, -1)];

describe("ConfigCat secrets never leak", () => {
  let fx: ConfigCatFixture;
  let test: TestStack;
  let conflict = false;

  beforeAll(async () => {
    fx = await startConfigCat({ users: [{ username, password }] });
    test = await createTestStack({
      projectName: "rel-cc-secrets",
      program: async () => {
        const product = new configcat.Product("product", { organizationId: fx.organizationId, name: "Secrets" });
        const config = new configcat.Config("config", { productId: product.id, name: "Main" });
        const outputs: Record<string, unknown> = {};
        for (const name of ["Test", "Production"]) {
          const env = new configcat.Environment(name, { productId: product.id, name });
          outputs[name] = new configcat.SdkKeys(`keys-${name}`, { configId: config.id, environmentId: env.id }).primary;
        }
        const flag = new configcat.Setting("flag", { configId: config.id, key: "secretsFlag" });
        // Switched on for one run: a key that already exists (made in the Dashboard) makes `up` fail.
        if (conflict) new configcat.Setting("clash", { configId: config.id, key: "madeElsewhere" });
        return { ...outputs, flagId: flag.id };
      },
      config: providerConfig(fx),
    });
  });
  afterAll(async () => {
    await test?.cleanup();
    await fx?.stop();
  });

  it("up, refresh, a failing up and destroy, verbosely logged: no password anywhere, SDK keys only encrypted", async () => {
    const logs: string[] = [];
    const up = await test.stack.up(verbose);
    logs.push(up.stdout, up.stderr);
    expect(up.outputs.Production).toMatchObject({ secret: true });
    const sdkKeys = fx.emu.getState().sdkKeys.map((k) => k.primary);
    expect(sdkKeys).toHaveLength(2);
    const state = test.readBackendFiles();
    expect(state).toContain('"ciphertext"');
    for (const key of sdkKeys) expect(state).not.toContain(key);

    // A Dashboard rotation, picked up by refresh: the new key is encrypted too.
    const [config] = fx.emu.getState().configs;
    const environmentId = fx.emu.getState().environments[0]!.environmentId;
    const rotated = await fx.admin<{ primary: string; secondary: string }>("POST", "/sdk-keys/rotate", { configId: config!.configId, environmentId });
    const refresh = await test.stack.refresh(verbose);
    logs.push(refresh.stdout, refresh.stderr);
    const refreshed = test.readBackendFiles();
    for (const key of [rotated.primary, rotated.secondary]) expect(refreshed).not.toContain(key);

    const flags = await fx.api<{ settingId: number }[]>("GET", `/v1/configs/${config!.configId}/settings`);
    expect(flags).toHaveLength(1);
    await fx.api("POST", `/v1/configs/${config!.configId}/settings`, { key: "madeElsewhere", name: "Made elsewhere", settingType: "boolean" });
    conflict = true;
    const failed = await test.stack.up(verbose).then(() => "no error", (e: Error) => `${e.message}\n${e.stack}`);
    conflict = false;
    expect(failed).toMatch(/a flag with key 'madeElsewhere' already exists/);

    const destroy = await test.stack.destroy(verbose);
    logs.push(destroy.stdout, destroy.stderr);
    const stateAfter = test.readBackendFiles();

    // At -v≥9 the engine itself logs every property it marshals over gRPC with secret values unwrapped (the
    // provider's Configure inputs, a Create's raw outputs before additionalSecretOutputs applies): Pulumi's own
    // behaviour, documented as such, which no provider can prevent. Those lines are counted and set aside.
    const engineRpc = /^.*(?:Un)?[Mm]arshaling property for RPC\[.*$/gm;
    const allLogs = logs.join("\n");
    const engineLines = [...(allLogs.match(engineRpc) ?? []), ...(failed.match(engineRpc) ?? [])];
    const everything = {
      stateDuringLife: state, stateAfterRefresh: refreshed, stateAfterDestroy: stateAfter,
      logs: allLogs.replace(engineRpc, ""), errors: failed.replace(engineRpc, ""),
    };
    const authorization = Buffer.from(`${username}:${password}`).toString("base64");
    for (const [where, text] of Object.entries(everything)) {
      for (const enc of [...encodings(password), authorization]) expect(text.includes(enc), `credential in ${where}`).toBe(false);
    }
    for (const key of [...sdkKeys, rotated.primary]) {
      for (const where of ["stateDuringLife", "stateAfterRefresh", "stateAfterDestroy"] as const) expect(everything[where].includes(key), `SDK key in ${where}`).toBe(false);
    }
    // The verbose log really is verbose, so the checks above mean something.
    expect(everything.logs.length).toBeGreaterThan(100_000);
    const sdkKeysInLogs = [...sdkKeys, rotated.primary].filter((k) => everything.logs.includes(k)).length;
    // At -v≥9/--debug the engine also dumps gRPC structs holding secret-wrapped values in plaintext (the value right
    // after Pulumi's secret signature, as for Amplitude's deployment keys). An SDK key may appear there and nowhere else.
    const secretSignature = "4dabf18193072939515e22adb298388d";
    const keyLines = everything.logs.split("\n").filter((l) => [...sdkKeys, rotated.primary].some((k) => l.includes(k)));
    expect(keyLines.filter((l) => !l.includes(secretSignature))).toEqual([]);
    if (process.env.FF_SECRETS_DEBUG) {
      for (const k of [...sdkKeys, rotated.primary]) {
        for (let i = everything.logs.indexOf(k), n = 0; i >= 0 && n < 4; i = everything.logs.indexOf(k, i + 1), n += 1) console.log("SDKKEY>>", everything.logs.slice(Math.max(0, i - 300), i + 60));
      }
    }
    report("configcat-secrets", {
      logBytes: everything.logs.length, stateBytes: state.length, errorBytes: everything.errors.length, credentialHits: 0, sdkKeysInState: 0,
      // Only inside the engine's -v≥9 dumps of secret-wrapped values (asserted above).
      sdkKeysInLogs, sdkKeyLinesOutsideEngineSecretDumps: 0, engineV9LinesWithPassword: engineLines.filter((l) => l.includes(password)).length,
      engineV9LinesWithSdkKey: engineLines.filter((l) => sdkKeys.some((k) => l.includes(k))).length,
    });
  }, 600_000);
});
