// The ConfigCat generator end to end: seed an emulated product the way people build one in the ConfigCat Dashboard
// (flags of every type, tags, segments, values with every kind of condition, percentage options, prerequisites, a V1
// config), generate a program from it (as a function call and through the built CLI), type-check it, run `up` with it
// through the real engine, and require that adopting sent no write at all and a refresh finds no drift.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, repoRoot, type TestStack } from "../helpers/pulumi-engine";
import { stepRecorder } from "../helpers/engine-events";
import { stackConfig, startConfigCat, type ConfigCatFixture } from "../configcat/fixture";
import { typeErrors } from "./helpers";
import type * as apiNs from "../../provider/configcat/api";
import type * as generateNs from "../../provider/configcat/generate";
import type * as cliNs from "../../provider/cli";
import { everyAlternative } from "../configcat/readings";

// The compiled package, as users run it.
/* eslint-disable @typescript-eslint/no-require-imports */
const { configcatClient } = require(join(repoRoot, "dist/provider/configcat/api")) as typeof apiNs;
const { generateConfigCatProgram } = require(join(repoRoot, "dist/provider/configcat/generate")) as typeof generateNs;
const cli = require(join(repoRoot, "dist/provider/cli")) as typeof cliNs;
/* eslint-enable @typescript-eslint/no-require-imports */

const run = promisify(execFile);

type Id = { productId?: string; configId?: string; environmentId?: string; tagId?: number; segmentId?: string; settingId?: number };

/** Seeds a product as the Dashboard would; returns its id and the ids the assertions need. */
async function seed(fx: ConfigCatFixture) {
  const post = (path: string, body: unknown) => fx.api<Id>("POST", path, body);
  const { productId } = await post(`/v1/organizations/${fx.organizationId}/products`, { name: "Shop", description: "Web shop" });
  const p = `/v1/products/${productId}`;
  // A reading where a new product comes with "Test" and "Production" environments: seed those, not second ones.
  const existing = await fx.api<{ environmentId: string; name: string }[]>("GET", `${p}/environments`);
  const environment = async (body: { name: string } & Record<string, unknown>) => {
    const found = existing.find((e) => e.name === body.name);
    return found ? (await fx.api<Id>("PUT", `/v1/environments/${found.environmentId}`, body)) : post(`${p}/environments`, body);
  };
  const { environmentId: test } = await environment({ name: "Test", color: "#00aa00" });
  const { environmentId: prod } = await environment({ name: "Production", description: "Live traffic", order: 1 });
  const { tagId: beta } = await post(`${p}/tags`, { name: "beta", color: "koala" });
  const { tagId: payments } = await post(`${p}/tags`, { name: "team payments" });
  const { segmentId: staff } = await post(`${p}/segments`, {
    name: "Staff", comparisonAttribute: "Email", comparator: "contains", comparisonValue: "@example.com",
  });
  await post(`${p}/segments`, { name: "Neighbours", description: "HU and AT", comparisonAttribute: "Country", comparator: "isOneOf", comparisonValue: "HU,AT" });
  const { configId: web } = await post(`${p}/configs`, { name: "Web", description: "Web app", evaluationVersion: "v2" });
  const { configId: legacy } = await post(`${p}/configs`, { name: "Legacy", evaluationVersion: "v1", order: 3 });

  const flag = async (configId: string, body: Record<string, unknown>) => (await post(`/v1/configs/${configId}/settings`, body)).settingId!;
  const checkout = await flag(web!, { key: "newCheckout", name: "New checkout", hint: "Checkout v2", settingType: "boolean", tags: [beta, payments] });
  const banner = await flag(web!, { key: "bannerText", name: "Banner text", settingType: "string", order: 2 });
  const maxItems = await flag(web!, { key: "maxItems", name: "Max items", settingType: "int", tags: [beta] });
  const price = await flag(web!, { key: "price", name: "Price", settingType: "double" });
  await flag(web!, { key: "theme", name: "Theme", settingType: "string", isJson: true });
  const gone = await flag(web!, { key: "removedFlag", name: "Removed", settingType: "boolean" });
  await fx.api("DELETE", `/v1/settings/${gone}`);
  await flag(legacy!, { key: "oldSwitch", name: "Old switch", settingType: "boolean" });

  const value = (env: string, settingId: number, body: unknown) => fx.api("PUT", `/v2/environments/${env}/settings/${settingId}/value?reason=seed`, body);
  await value(prod!, checkout, {
    defaultValue: { boolValue: false },
    percentageEvaluationAttribute: "Email",
    targetingRules: [
      {
        conditions: [
          { userCondition: { comparisonAttribute: "Email", comparator: "isOneOf", comparisonValue: { listValue: [{ value: "a@example.com" }, { value: "b@example.com", hint: "Bob" }] } } },
          { segmentCondition: { segmentId: staff, comparator: "isIn" } },
        ],
        value: { boolValue: true },
      },
      {
        conditions: [{ userCondition: { comparisonAttribute: "Country", comparator: "textEquals", comparisonValue: { stringValue: "HU" } } }],
        percentageOptions: [{ percentage: 30, value: { boolValue: true } }, { percentage: 70, value: { boolValue: false } }],
      },
      {
        conditions: [
          { userCondition: { comparisonAttribute: "AppVersion", comparator: "semVerGreater", comparisonValue: { stringValue: "2.0.0" } } },
          { userCondition: { comparisonAttribute: "Age", comparator: "numberGreaterOrEquals", comparisonValue: { doubleValue: 18 } } },
        ],
        value: { boolValue: true },
      },
      { conditions: [], percentageOptions: [{ percentage: 20, value: { boolValue: true } }, { percentage: 80, value: { boolValue: false } }] },
    ],
  });
  await value(test!, checkout, { defaultValue: { boolValue: true }, targetingRules: [] });
  await value(prod!, banner, {
    defaultValue: { stringValue: "Welcome" },
    targetingRules: [{
      conditions: [{ prerequisiteFlagCondition: { prerequisiteSettingId: checkout, comparator: "equals", prerequisiteComparisonValue: { boolValue: true } } }],
      value: { stringValue: "Try the new checkout!" },
    }],
  });
  await value(test!, banner, {
    defaultValue: { stringValue: "" },
    targetingRules: [{
      conditions: [{ userCondition: { comparisonAttribute: "Now", comparator: "dateTimeAfter", comparisonValue: { doubleValue: 1767225600.5 } } }],
      value: { stringValue: "Happy new year" },
    }],
  });
  await value(test!, maxItems, { defaultValue: { intValue: 5 }, targetingRules: [] });
  await value(prod!, price, { defaultValue: { doubleValue: 9.99 }, targetingRules: [] });

  // Another product, which must not appear.
  const { productId: other } = await post(`/v1/organizations/${fx.organizationId}/products`, { name: "Other" });
  const { configId: otherConfig } = await post(`/v1/products/${other}/configs`, { name: "Other config", evaluationVersion: "v2" });
  await flag(otherConfig!, { key: "otherFlag", name: "Other", settingType: "boolean" });
  return { productId: productId!, prod: prod!, checkout };
}

describe("pulumi-feature-flags generate configcat, end to end", () => {
  let fx: ConfigCatFixture;
  let workDir: string;
  let program: string;
  let productId: string;
  let test: TestStack | undefined;
  const writes = () => fx.emu.app.stats.requests().filter((r) => r.method !== "GET");

  beforeAll(async () => {
    // The documented limits stay on: 20 per second and 500 per minute.
    fx = await startConfigCat({ limits: { perSecond: 20, perMinute: 500 } });
    ({ productId } = await seed(fx));
    // Inside the repository, so the generated program resolves `pulumi-feature-flags` like a user's would.
    workDir = mkdtempSync(join(repoRoot, "test", "examples", ".generated-"));
  });
  afterAll(async () => {
    await test?.cleanup();
    await fx?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("generates an adopting program that reads only (function call)", async () => {
    fx.emu.resetStats();
    const client = configcatClient({ basicAuthUsername: fx.emu.credentials.username, basicAuthPassword: fx.emu.credentials.password, serverUrl: fx.emu.url });
    const result = await generateConfigCatProgram(client, productId);
    program = result.program;
    expect(writes()).toEqual([]);
    const s = result.snapshot;
    expect(s.configs.map((c) => [c.config.name, c.settings.map((f) => f.key)])).toEqual([
      ["Web", ["maxItems", "newCheckout", "price", "theme", "bannerText"]], ["Legacy", ["oldSwitch"]],
    ]);
    expect(s.environments.map((e) => e.name)).toEqual(["Test", "Production"]);
    expect(s.tags.map((t) => t.name)).toEqual(["beta", "team payments"]);
    expect(s.segments.map((x) => x.name)).toEqual(["Neighbours", "Staff"]);
    expect(program).toContain('import { configcat } from "pulumi-feature-flags";');
    expect(program).toContain("export = async () => {");
    expect(program).toContain("const common = { adopt: true } as const;");
    expect(program).toContain("tags: [betaTag.tagId, teamPaymentsTag.tagId]");
    expect(program).toContain("segmentId: staffSegment.id");
    expect(program).toContain("settingId: newCheckoutFlag.settingId");
    expect(program).toContain('{ value: "b@example.com", hint: "Bob" }');
    expect(program).toContain('percentageEvaluationAttribute: "Email"');
    expect(program).toContain("isJson: true");
    expect(program).toContain("values of V1 config 'Legacy' are not declared");
    expect(program).not.toContain("removedFlag");
    expect(program).not.toContain("otherFlag");
    expect(program).not.toContain(fx.emu.credentials.password);
    // 5 flags × 2 environments of the V2 config.
    expect(program.match(/new configcat\.SettingValue\(/g)).toHaveLength(10);
  });

  it("the CLI writes the same program (built dist/provider/cli.js as a child process), never printing the credential", async () => {
    const out = join(workDir, "cli.ts");
    const { stdout, stderr } = await run(
      process.execPath,
      [join(repoRoot, "dist/provider/cli.js"), "generate", "configcat", "--product", productId, "--server-url", fx.emu.url, "--out", out],
      { env: { ...process.env, CONFIGCAT_BASIC_AUTH_USERNAME: fx.emu.credentials.username, CONFIGCAT_BASIC_AUTH_PASSWORD: fx.emu.credentials.password } },
    );
    expect(stdout).toBe("");
    expect(stderr).toContain(`2 configs, 2 environments, 2 tags, 2 segments, 6 flags, 10 values from product ${productId}`);
    expect(stderr + stdout).not.toContain(fx.emu.credentials.password);
    const fromCli = readFileSync(out, "utf8");
    const body = (text: string) => text.slice(text.indexOf("import "));
    expect(body(fromCli)).toBe(body(program));
    expect(fromCli.split("\n")[0]).toBe(`// Generated by \`pulumi-feature-flags generate configcat --product ${productId} --server-url ${fx.emu.url}\`.`);
  });

  it("the generated program type-checks under strict TypeScript", () => {
    writeFileSync(join(workDir, "index.ts"), program);
    expect(typeErrors([join(workDir, "index.ts")])).toEqual([]);
  });

  it("up with the generated program sends 0 writes; preview --refresh then shows no change", async () => {
    const mod = (await import(join(workDir, "index.ts"))) as { default: PulumiFn };
    test = await createTestStack({
      projectName: "generated-configcat",
      program: mod.default,
      config: stackConfig(fx),
    });
    const before = fx.emu.getState();
    fx.emu.resetStats();
    const up = stepRecorder();
    const result = await test.stack.up({ onEvent: up.onEvent });
    expect(result.summary.result).toBe("succeeded");
    expect(Object.values(up.changed()).every((op) => op === "create")).toBe(true);
    // product, 2 configs, 2 environments, 2 tags, 2 segments, 6 flags, 10 values
    expect(Object.keys(up.changed())).toHaveLength(25);
    expect(writes()).toEqual([]);
    expect(fx.emu.getState()).toEqual(before);

    const refreshed = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: refreshed.onEvent });
    expect(refreshed.changed()).toEqual({});
    expect(refreshed.outputChanges()).toEqual({});
    expect(writes()).toEqual([]);
  }, 300_000);
});

// Rule 2 of the guide: the same adoption under every alternative reading of what ConfigCat leaves undocumented (the
// set the lifecycle tests use), with the documented limits counted per credential and no rate-limit headers.
describe("pulumi-feature-flags generate configcat under every alternative reading at once", () => {
  let fx: ConfigCatFixture;
  let workDir: string;
  let test: TestStack | undefined;
  const writes = () => fx.emu.app.stats.requests().filter((r) => r.method !== "GET");

  beforeAll(async () => {
    fx = await startConfigCat({
      limits: { perSecond: 20, perMinute: 500 },
      fidelity: everyAlternative,
    });
    workDir = mkdtempSync(join(repoRoot, "test", "examples", ".generated-"));
  });
  afterAll(async () => {
    await test?.cleanup();
    await fx?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("the generated program's up sends 0 writes and leaves a clean refresh", async () => {
    const { productId } = await seed(fx);
    const client = configcatClient({ basicAuthUsername: fx.emu.credentials.username, basicAuthPassword: fx.emu.credentials.password, serverUrl: fx.emu.url });
    const { program } = await generateConfigCatProgram(client, productId);
    writeFileSync(join(workDir, "index.ts"), program);
    const mod = (await import(join(workDir, "index.ts"))) as { default: PulumiFn };
    test = await createTestStack({
      projectName: "generated-configcat-alt",
      program: mod.default,
      config: stackConfig(fx),
    });
    const before = fx.emu.getState();
    fx.emu.resetStats();
    expect((await test.stack.up()).summary.result).toBe("succeeded");
    expect(writes()).toEqual([]);
    expect(fx.emu.getState()).toEqual(before);
    const refreshed = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: refreshed.onEvent });
    expect(refreshed.changed()).toEqual({});
    expect(refreshed.outputChanges()).toEqual({});
    expect(writes()).toEqual([]);
  }, 300_000);
});

describe("pulumi-feature-flags generate configcat: command line", () => {
  const io = (env: Record<string, string> = {}) => {
    const out = { stdout: "", stderr: "" };
    return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), env } };
  };
  const uuid = "08d86d63-2721-4da6-8c06-584521d516bc";

  it("parses the ConfigCat form, and the Amplitude form keeps its shape (with or without the vendor word)", () => {
    expect(cli.parseCommand(["generate", "configcat", "--product", uuid.toUpperCase()], { CONFIGCAT_SERVER_URL: "http://x" })).toEqual({
      command: "generate", vendor: "configcat", productId: uuid, serverUrl: "http://x", out: undefined, deletionPolicy: undefined,
    });
    expect(cli.parseCommand(["generate", "configcat", "--product", uuid, "--deletion-policy", "retain", "--out", "a.ts"], { CONFIGCAT_BASE_PATH: "http://y" }))
      .toMatchObject({ deletionPolicy: "retain", out: "a.ts", serverUrl: "http://y" });
    const amplitude = { command: "generate", projectId: "123", region: "us", serverUrl: undefined, out: undefined, deletionPolicy: undefined };
    expect(cli.parseCommand(["generate", "--project", "123"], {})).toEqual(amplitude);
    expect(cli.parseCommand(["generate", "amplitude", "--project", "123"], {})).toEqual(amplitude);
  });

  it.each([
    [["generate", "configcat"], "--product <id> is required"],
    [["generate", "configcat", "--product", "123"], "--product <id> is required"],
    [["generate", "configcat", "--product", uuid, "--deletion-policy", "archive"], "--deletion-policy must be one of delete, retain"],
    [["generate", "configcat", "--product", uuid, "--project", "1"], "Amplitude options"],
    [["generate", "--product", uuid], "generate configcat --product"],
    [["generate", "launchdarkly"], "unknown vendor 'launchdarkly'"],
    [["generate", "configcat", "x", "--product", uuid], "unexpected argument 'x'"],
    [["generate", "configcat", "--product", uuid, "--password", "p"], "Unknown option"],
  ])("%j is a usage error (exit 2)", async (argv, message) => {
    const { out, io: sink } = io();
    expect(await cli.main(argv, sink)).toBe(2);
    expect(out.stderr).toContain(message);
    expect(out.stderr).toContain("pulumi-feature-flags generate configcat --product <id>");
  });

  it("asks for the credential in the environment, and reports API errors without a stack trace or the password (exit 1)", async () => {
    const missing = io({ CONFIGCAT_BASIC_AUTH_USERNAME: "u" });
    expect(await cli.main(["generate", "configcat", "--product", uuid], missing.io)).toBe(2);
    expect(missing.out.stderr).toContain("CONFIGCAT_BASIC_AUTH_PASSWORD");

    const fx = await startConfigCat();
    try {
      const bad = io({ CONFIGCAT_BASIC_AUTH_USERNAME: fx.emu.credentials.username, CONFIGCAT_BASIC_AUTH_PASSWORD: "wrong-password-123" });
      expect(await cli.main(["generate", "configcat", "--product", uuid, "--server-url", fx.emu.url], bad.io)).toBe(1);
      expect(bad.out.stderr).toMatch(/^error: .*401/s);
      expect(bad.out.stderr).not.toContain("wrong-password-123");
      expect(bad.out.stderr).not.toMatch(/\n\s+at /);

      const unknown = io({ CONFIGCAT_BASIC_AUTH_USERNAME: fx.emu.credentials.username, CONFIGCAT_BASIC_AUTH_PASSWORD: fx.emu.credentials.password });
      expect(await cli.main(["generate", "configcat", "--product", uuid, "--server-url", fx.emu.url], unknown.io)).toBe(1);
      expect(unknown.out.stderr).toMatch(/^error: .*404/s);
    } finally {
      await fx.stop();
    }
  });
});
