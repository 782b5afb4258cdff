// The generator end to end: seed an emulated project the way people build one in Amplitude's UI, generate a
// program from it (as a function call and through the built CLI), type-check the program, run `up` with it
// through the real engine, and require that adopting sent no write at all and a refresh finds no drift.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, repoRoot, type TestStack } from "../helpers/pulumi-engine";
import { defaultKey, defaultProject, startEmulator, writes, type EmulatorHandle, emulatorConfig } from "../helpers/amplitude-emulator";
import { stepRecorder } from "../helpers/engine-events";
import { typeErrors } from "./helpers";
import type * as apiNs from "../../provider/amplitude/api";
import type * as generateNs from "../../provider/amplitude/generate";
import type * as cliNs from "../../provider/cli";

// The compiled package, as users run it.
/* eslint-disable @typescript-eslint/no-require-imports */
const { amplitudeClient } = require(join(repoRoot, "dist/provider/amplitude/api")) as typeof apiNs;
const { generateProgram } = require(join(repoRoot, "dist/provider/amplitude/generate")) as typeof generateNs;
const cli = require(join(repoRoot, "dist/provider/cli")) as typeof cliNs;
/* eslint-enable @typescript-eslint/no-require-imports */

const run = promisify(execFile);

async function seed(em: EmulatorHandle): Promise<void> {
  const projectId = defaultProject;
  const post = <T>(path: string, body: unknown) => em.api<T>("POST", path, body);
  const patch = (path: string, body: unknown) => em.api("PATCH", path, body);
  const { id: web } = await post<{ id: string }>("/deployments", { projectId, label: "web", type: "client" });
  const { id: api } = await post<{ id: string }>("/deployments", { projectId, label: "api-server", type: "server" });
  const { id: old } = await post<{ id: string }>("/deployments", { projectId, label: "old", type: "client" });
  await patch(`/deployments/${old}`, { archive: true });

  const { id: checkout } = await post<{ id: string }>("/flags", {
    projectId,
    key: "new-checkout",
    name: "New checkout",
    description: "Checkout v2",
    variants: [{ key: "on", name: "On", payload: { layout: "v2", steps: [1, 2, 3], "odd key": null } }],
    rolloutWeights: { on: 1 },
    deployments: [web],
    targetSegments: [
      { name: "Internal", conditions: [{ type: "property", prop: "gp:company", op: "is", values: ["Acme"] }], percentage: 100, rolloutWeights: { on: 1 } },
      { name: "Beta testers", conditions: [{ type: "property", prop: "gp:beta", op: "is", values: ["true"] }], percentage: 50, rolloutWeights: { on: 1 }, bucketingKey: "device_id" },
    ],
  });
  await patch(`/flags/${checkout}`, { enabled: true, rolloutPercentage: 20, tags: ["team-payments", "checkout"] });
  await post(`/flags/${checkout}/variants/on/users`, { inclusions: ["alice@example.com", "bob"] });

  const { id: search } = await post<{ id: string }>("/flags", {
    projectId,
    key: "search-ranking",
    evaluationMode: "local",
    bucketingKey: "device_id",
    variants: [{ key: "control" }, { key: "ml", description: "Learning to rank", payload: "model-v3" }],
    rolloutWeights: { control: 1, ml: 3 },
    deployments: [api, web],
  });
  await post(`/flags/${search}/variants/ml/cohorts`, { inclusions: ["cohort1"] });
  await patch(`/flags/${search}`, { tags: ["search"] });

  await post("/flags", { projectId, key: "bare-flag" });
  const { id: gone } = await post<{ id: string }>("/flags", { projectId, key: "archived-flag", variants: [{ key: "on" }] });
  await patch(`/flags/${gone}`, { archive: true });

  const { id: experiment } = await post<{ id: string }>("/experiments", {
    projectId,
    key: "checkout-button",
    name: "Checkout button",
    experimentType: "a-b-test",
    variants: [{ key: "control", payload: { color: "blue" } }, { key: "treatment", payload: { color: "green" } }],
    deployments: [web],
  });
  await patch(`/experiments/${experiment}`, {
    startDate: "2026-12-01T00:00:00.000Z",
    stickyBucketing: true,
    tags: ["checkout"],
    enabled: true,
  });
}

describe("pulumi-feature-flags generate, end to end", () => {
  let em: EmulatorHandle;
  let workDir: string;
  let program: string;
  let test: TestStack | undefined;

  beforeAll(async () => {
    em = await startEmulator();
    await seed(em);
    // Inside the repository, so the generated program resolves `pulumi-feature-flags` like a user's would.
    workDir = mkdtempSync(join(repoRoot, "test", "examples", ".generated-"));
  });
  afterAll(async () => {
    await test?.cleanup();
    await em?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("generates an adopting program that reads only (function call)", async () => {
    await em.resetStats();
    const client = amplitudeClient({ apiKey: defaultKey, projectId: defaultProject, serverUrl: em.url });
    const result = await generateProgram(client);
    program = result.program;
    expect(writes(await em.requests())).toEqual([]);
    expect(result.snapshot.deployments.map((d) => d.label)).toEqual(["api-server", "web"]);
    expect(result.snapshot.flags.map((f) => f.key)).toEqual(["bare-flag", "new-checkout", "search-ranking"]);
    expect(result.snapshot.experiments.map((e) => e.key)).toEqual(["checkout-button"]);
    expect(program).toContain('import { amplitude } from "pulumi-feature-flags";');
    expect(program).toContain("export = async () => {");
    expect(program).toContain("adopt: true");
    expect(program).toMatch(/deployments: \[webDeployment\.id\]/);
    expect(program).toContain('users: ["alice@example.com", "bob"]');
    expect(program).toContain('cohorts: ["cohort1"]');
    expect(program).not.toContain("archived-flag");
    expect(program).not.toContain('"old"');
    expect(program).not.toContain(defaultKey);
  });

  it("the CLI writes the same program (built dist/provider/cli.js as a child process), never printing the key", async () => {
    const out = join(workDir, "cli.ts");
    const { stdout, stderr } = await run(
      process.execPath,
      [join(repoRoot, "dist/provider/cli.js"), "generate", "--project", defaultProject, "--server-url", em.url, "--out", out],
      { env: { ...process.env, AMPLITUDE_MANAGEMENT_API_KEY: defaultKey } },
    );
    expect(stdout).toBe("");
    expect(stderr).toContain("2 deployments, 3 flags, 1 experiments from project 100000");
    expect(stderr + stdout).not.toContain(defaultKey);
    const fromCli = readFileSync(out, "utf8");
    // Only the header (the command line) may differ.
    const body = (text: string) => text.slice(text.indexOf("import "));
    expect(body(fromCli)).toBe(body(program));
    expect(fromCli.split("\n")[0]).toBe(
      `// Generated by \`pulumi-feature-flags generate --project ${defaultProject} --server-url ${em.url}\`.`,
    );
  });

  it("the generated program type-checks under strict TypeScript", () => {
    writeFileSync(join(workDir, "index.ts"), program);
    expect(typeErrors([join(workDir, "index.ts")])).toEqual([]);
  });

  it("up with the generated program sends 0 writes; preview --refresh then shows no change", async () => {
    const mod = (await import(join(workDir, "index.ts"))) as { default: PulumiFn };
    test = await createTestStack({
      projectName: "generated",
      program: mod.default,
      config: emulatorConfig(em),
    });
    await em.resetStats();
    const up = stepRecorder();
    const result = await test.stack.up({ onEvent: up.onEvent });
    expect(result.summary.result).toBe("succeeded");
    expect(Object.values(up.changed()).every((op) => op === "create")).toBe(true);
    expect(Object.keys(up.changed())).toHaveLength(6);
    expect(writes(await em.requests())).toEqual([]);

    const refreshed = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: refreshed.onEvent });
    expect(refreshed.changed()).toEqual({});
    expect(writes(await em.requests())).toEqual([]);
  });
});

describe("pulumi-feature-flags command line", () => {
  const io = () => {
    const out = { stdout: "", stderr: "" };
    return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), env: {} } };
  };

  it("parses generate with defaults from the environment", () => {
    expect(cli.parseCommand(["generate", "--project", "123"], { AMPLITUDE_REGION: "eu", AMPLITUDE_SERVER_URL: "http://x" })).toEqual({
      command: "generate", projectId: "123", region: "eu", serverUrl: "http://x", out: undefined, deletionPolicy: undefined,
    });
    expect(cli.parseCommand(["generate", "--project", "123", "--region", "us", "--deletion-policy", "retain", "--out", "a.ts"], {})).toMatchObject({
      region: "us", deletionPolicy: "retain", out: "a.ts",
    });
    expect(cli.parseCommand([], {})).toEqual({ command: "help" });
    expect(cli.parseCommand(["generate", "--help"], {})).toEqual({ command: "help" });
  });

  it.each([
    [["generate"], "--project <id> is required"],
    [["generate", "--project", "abc"], "--project <id> is required"],
    [["generate", "--project", "1", "--region", "ap"], "--region must be 'us' or 'eu'"],
    [["generate", "--project", "1", "--deletion-policy", "delete"], "--deletion-policy must be one of"],
    [["generate", "--project", "1", "--api-key", "k"], "Unknown option"],
    [["publish"], "unknown command 'publish'"],
  ])("%j is a usage error (exit 2)", async (argv, message) => {
    const { out, io: sink } = io();
    expect(await cli.main(argv, sink)).toBe(2);
    expect(out.stderr).toContain(message);
    expect(out.stderr).toContain("Usage: pulumi-feature-flags generate");
  });

  it("asks for the key in the environment, and reports API errors without a stack trace (exit 1)", async () => {
    const missing = io();
    expect(await cli.main(["generate", "--project", "1"], missing.io)).toBe(2);
    expect(missing.out.stderr).toContain("AMPLITUDE_MANAGEMENT_API_KEY");

    const em = await startEmulator();
    try {
      const bad = io();
      const env = { AMPLITUDE_MANAGEMENT_API_KEY: "wrong-key-123" };
      expect(await cli.main(["generate", "--project", defaultProject, "--server-url", em.url], { ...bad.io, env })).toBe(1);
      expect(bad.out.stderr).toMatch(/^error: .*401/s);
      expect(bad.out.stderr).not.toContain("wrong-key-123");
      expect(bad.out.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await em.stop();
    }
  });
});
