// ConfigCat lookups (issue 16): a stack reads objects another team manages, through the real engine, with the
// stack's own `configcat:*` configuration, under the emulator's default and alternative readings. The SDK keys stay
// secret (exported checkpoint and backend files hold no plaintext key); 58 lookups cost one list per collection and
// parent; lookups run in previews; what is not found fails naming what was looked up and where.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import type { ConfigCatFidelity } from "../../emulator";
import { stepRecorder } from "../helpers/engine-events";
import { createTestStack, pulumiRoot, type TestStack } from "../helpers/pulumi-engine";
import { startConfigCat, type ConfigCatFixture } from "./fixture";
import { configcat } from "./program";
import { readings } from "./readings";


interface Seeded {
  productId: string;
  configId: string;
  liveId: string;
  qaId: string;
  otherProductId: string;
  otherEnvironmentId: string;
  primary: string;
  secondary: string;
}

/** Another team's product, made through the API as the Dashboard would: a config with 50 flags, two environments, keys in rotation. */
async function seedOtherTeam(fx: ConfigCatFixture): Promise<Seeded> {
  type Id<K extends string> = Record<K, string>;
  const product = await fx.api<Id<"productId">>("POST", `/v1/organizations/${fx.organizationId}/products`, { name: "Team Shop" });
  // A second product with a config and an environment of the same names: lookups are scoped by product.
  const other = await fx.api<Id<"productId">>("POST", `/v1/organizations/${fx.organizationId}/products`, { name: "Other Shop" });
  await fx.api("POST", `/v1/products/${other.productId}/configs`, { name: "Web", evaluationVersion: "v2" });
  const otherEnv = await fx.api<Id<"environmentId">>("POST", `/v1/products/${other.productId}/environments`, { name: "Live" });
  const config = await fx.api<Id<"configId">>("POST", `/v1/products/${product.productId}/configs`, { name: "Web", evaluationVersion: "v2" });
  const live = await fx.api<Id<"environmentId">>("POST", `/v1/products/${product.productId}/environments`, { name: "Live" });
  const qa = await fx.api<Id<"environmentId">>("POST", `/v1/products/${product.productId}/environments`, { name: "QA" });
  const tag = await fx.api<{ tagId: number }>("POST", `/v1/products/${product.productId}/tags`, { name: "payments" });
  for (let i = 0; i < 50; i += 1) {
    await fx.api("POST", `/v1/configs/${config.configId}/settings`, {
      key: `flag${i}`, name: `Flag ${i}`, settingType: i % 2 ? "boolean" : "string", ...(i % 5 === 0 ? { tags: [tag.tagId] } : {}),
    });
  }
  await fx.api("GET", `/v1/configs/${config.configId}/environments/${live.environmentId}`);
  const keys = await fx.admin<{ primary: string; secondary: string }>("POST", "/sdk-keys/rotate", { configId: config.configId, environmentId: live.environmentId });
  return {
    productId: product.productId, configId: config.configId, liveId: live.environmentId, qaId: qa.environmentId,
    otherProductId: other.productId, otherEnvironmentId: otherEnv.environmentId, primary: keys.primary, secondary: keys.secondary,
  };
}

let fx: ConfigCatFixture | undefined;
let test: TestStack | undefined;
afterEach(async () => {
  await test?.cleanup();
  await fx?.stop();
  test = fx = undefined;
});

/**
 * The checkpoint as `pulumi stack export` prints it. (`Stack.exportStack` of the Automation API passes
 * `--show-secrets`, which decrypts every secret.)
 */
async function exportCheckpoint(t: TestStack): Promise<string> {
  const ws = t.stack.workspace;
  const env = { ...ws.envVars, ...(ws.pulumiHome ? { PULUMI_HOME: ws.pulumiHome } : {}) };
  const { stdout } = await promisify(execFile)(join(pulumiRoot(), "bin", "pulumi"), ["stack", "export", "--stack", t.stack.name, "--non-interactive"], {
    cwd: ws.workDir, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

const stackConfig = (f: ConfigCatFixture) => ({
  "configcat:serverUrl": { value: f.emu.url },
  "configcat:basicAuthUsername": { value: f.emu.credentials.username },
  "configcat:basicAuthPassword": { value: f.emu.credentials.password, secret: true },
});

describe.each(readings)("ConfigCat lookups under $reading", ({ fidelity }) => {
  it("read another team's product, config, environments, 50 flags and SDK keys: keys secret, one list per collection, in previews too", async () => {
    // The documented limits stay on: 20 per second and 500 per minute.
    const f = (fx = await startConfigCat({ limits: { perSecond: 20, perMinute: 500 }, fidelity }));
    const seeded = await seedOtherTeam(f);
    test = await createTestStack({
      projectName: "configcat-lookups",
      config: stackConfig(f),
      program: async () => {
        // Output forms chained on each other, and promise forms, reading the same lists.
        const product = configcat.getProductOutput({ organizationId: f.organizationId, name: "Team Shop" });
        const byId = await configcat.getProduct({ productId: seeded.productId });
        const config = configcat.getConfigOutput({ productId: product.id, name: "Web" });
        const cfg = await configcat.getConfig({ productId: byId.id, name: "Web" });
        const live = configcat.getEnvironmentOutput({ productId: product.id, name: "Live" });
        const qa = await configcat.getEnvironment({ productId: byId.id, name: "QA" });
        const keys = configcat.getSdkKeysOutput({ configId: config.id, environmentId: live.id });
        const sameKeys = configcat.getSdkKeysOutput({ configId: cfg.id, environmentId: live.id });
        const flags = await Promise.all(Array.from({ length: 25 }, (_, i) => configcat.getSetting({ configId: cfg.id, key: `flag${i}` })));
        const later = Array.from({ length: 25 }, (_, i) => configcat.getSettingOutput({ configId: config.id, key: `flag${i + 25}` }));
        // The program branches on what it found, in previews as in updates: this stack's own tag in their product.
        if (flags[0]!.settingType === "string" && flags[0]!.tagNames.includes("payments")) {
          new configcat.Tag("mine", { productId: product.id, name: "team-b", color: "whale" });
        }
        return {
          sdkKey: keys.primary,
          previousSdkKey: keys.secondary,
          sameKey: sameKeys.primary,
          organizationName: product.organizationName,
          evaluationVersion: config.evaluationVersion,
          qaId: qa.id,
          paymentFlags: flags.filter((s) => s.tagNames.includes("payments")).map((s) => s.key),
          laterTypes: later.map((s) => s.settingType),
          settingIds: later.map((s) => s.id),
        };
      },
    });

    const lists = () => {
      const log = f.emu.app.stats.requests();
      const count = (route: string) => log.filter((r) => r.route === route && r.status === 200).length;
      return {
        products: count("GET /v1/products"),
        configs: count("GET /v1/products/:productId/configs"),
        environments: count("GET /v1/products/:productId/environments"),
        settings: count("GET /v1/configs/:configId/settings"),
        sdkKeys: count("GET /v1/configs/:configId/environments/:environmentId"),
      };
    };
    const once = { products: 1, configs: 1, environments: 1, settings: 1, sdkKeys: 1 };
    const writes = () => f.emu.app.stats.requests().filter((r) => r.method !== "GET").map((r) => r.route);

    // A first preview of a new stack: the lookups run and the program branches on them.
    f.emu.resetStats();
    const preview = stepRecorder();
    const previewed = await test.stack.preview({ onEvent: preview.onEvent });
    expect(preview.changed()).toEqual({ mine: "create" });
    expect(lists()).toEqual(once);
    expect(writes()).toEqual([]);
    for (const secret of [seeded.primary, seeded.secondary, f.emu.credentials.password]) expect(previewed.stdout).not.toContain(secret);

    f.emu.resetStats();
    const up = await test.stack.up();
    // 58 lookups, a new run: again one request per collection and parent.
    expect(lists()).toEqual(once);
    // Nothing of theirs is written to; the stack's own tag is created in their product (under its pending name, then
    // renamed: README "Interrupted creates").
    expect(writes()).toEqual(["POST /v1/products/:productId/tags", "PUT /v1/tags/:tagId"]);
    expect(up.outputs.sdkKey).toEqual({ value: seeded.primary, secret: true });
    expect(up.outputs.previousSdkKey).toEqual({ value: seeded.secondary, secret: true });
    expect(up.outputs.sameKey).toEqual({ value: seeded.primary, secret: true });
    expect(up.outputs.organizationName).toEqual({ value: "Emulator Organization", secret: false });
    expect(up.outputs.evaluationVersion.value).toBe("v2");
    expect(up.outputs.qaId.value).toBe(seeded.qaId);
    expect(up.outputs.paymentFlags.value).toEqual(["flag0", "flag5", "flag10", "flag15", "flag20"]);
    expect(up.outputs.laterTypes.value).toEqual(Array.from({ length: 25 }, (_, i) => ((i + 25) % 2 ? "boolean" : "string")));
    const live = await f.api<{ settingId: number; key: string }[]>("GET", `/v1/configs/${seeded.configId}/settings`);
    expect(up.outputs.settingIds.value).toEqual(Array.from({ length: 25 }, (_, i) => String(live.find((s) => s.key === `flag${i + 25}`)!.settingId)));

    // Secret in state: no plaintext key (nor the credential) in the exported checkpoint, the backend files or the output.
    const exported = await exportCheckpoint(test);
    const backend = test.readBackendFiles();
    const basic = Buffer.from(`${f.emu.credentials.username}:${f.emu.credentials.password}`).toString("base64");
    for (const secret of [seeded.primary, seeded.secondary, f.emu.credentials.password, basic]) {
      expect(exported).not.toContain(secret);
      expect(backend).not.toContain(secret);
      expect(up.stdout).not.toContain(secret);
    }
    // The keys are there, as secrets (the signature Pulumi marks secret values with) holding ciphertext.
    const outputs = (JSON.parse(exported) as { deployment: { resources: { type: string; outputs?: Record<string, unknown> }[] } })
      .deployment.resources.find((r) => r.type === "pulumi:pulumi:Stack")!.outputs!;
    for (const name of ["sdkKey", "previousSdkKey", "sameKey"]) {
      expect(outputs[name]).toEqual({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: expect.any(String) });
    }

    // A preview of the existing stack runs the lookups again and finds the same objects: nothing changes.
    f.emu.resetStats();
    const again = stepRecorder();
    await test.stack.preview({ onEvent: again.onEvent });
    expect(again.changed()).toEqual({});
    expect(lists()).toEqual(once);
  }, 300_000);

  it("fail naming what was looked up and where, before any request when an argument is malformed", async () => {
    const f = (fx = await startConfigCat({ fidelity }));
    const seeded = await seedOtherTeam(f);
    const missing = "00000000-0000-4000-8000-000000000000";
    const cases: [string, () => Promise<unknown>, string][] = [
      ["missing flag", () => configcat.getSetting({ configId: seeded.configId, key: "noSuchFlag" }), `configcat lookup: no flag with key 'noSuchFlag' in config ${seeded.configId}. Check the key and the config`],
      ["key of another case", () => configcat.getSetting({ configId: seeded.configId, key: "FLAG7" }), `no flag with key 'FLAG7' in config ${seeded.configId} (there is 'flag7': keys are case-sensitive)`],
      ["missing config", () => configcat.getSetting({ configId: missing, key: "flag1" }), `configcat lookup: no config with id ${missing} (looking for flag 'flag1' in it)`],
      ["missing environment", () => configcat.getEnvironment({ productId: seeded.productId, name: "Staging" }), `configcat lookup: no environment named 'Staging' in product ${seeded.productId}`],
      ["missing product", () => configcat.getProduct({ organizationId: f.organizationId, name: "Team shop" }), `no product named 'Team shop' in organization ${f.organizationId} (there is 'Team Shop': names are case-sensitive)`],
      ["keys across products", () => configcat.getSdkKeys({ configId: seeded.configId, environmentId: seeded.otherEnvironmentId }), `configcat lookup: no SDK keys for config ${seeded.configId} in environment ${seeded.otherEnvironmentId}`],
      ["malformed id", () => configcat.getSetting({ configId: "web", key: "flag1" }), "configcat lookup getSetting: configId: must be a ConfigCat config id (a uuid). Nothing was sent."],
      ["name and id", () => configcat.getProduct({ name: "Team Shop", productId: seeded.productId }), "configcat lookup getProduct: give exactly one of `name` and `productId`. Nothing was sent."],
    ];
    for (const [, lookup, message] of cases) {
      f.emu.resetStats();
      test = await createTestStack({ config: stackConfig(f), program: async () => void (await lookup()) });
      const failure = await test.stack.up().then(() => "succeeded", (e: Error) => String(e));
      expect(failure).toContain(message);
      expect(failure).not.toContain(f.emu.credentials.password);
      if (message.endsWith("Nothing was sent.")) expect(f.emu.app.stats.requests()).toEqual([]);
      await test.cleanup();
      test = undefined;
    }
  }, 300_000);
});
