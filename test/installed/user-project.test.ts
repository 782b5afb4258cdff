// The package as users install it: packed, installed into a project of their own next to the @pulumi/pulumi
// they chose, and run there by that project's own SDK and the current Node.js. The SDK is this run's
// (`FF_USER_SDK`, else the version this repository's tests use): CI's Node 24 leg runs it with the newest.
import { readFileSync, rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultKey, defaultProject, startEmulator, type EmulatorHandle } from "../helpers/amplitude-emulator";
import { pulumiRoot } from "../helpers/pulumi-engine";
import {
  createUserProject, nestSecondSdk, npmLs, removeScratch, repositorySdkVersion, runUserStack, sdkCopies, typecheckSubpathProgram,
  typecheckTemplateProgram,
} from "./user-project";

const sdk = process.env.FF_USER_SDK || repositorySdkVersion();

describe(`installed with npm into a user's project (Node ${process.version}, @pulumi/pulumi ${sdk})`, () => {
  let em: EmulatorHandle;
  let dir: string;
  let backend: string;
  const env = () => ({
    FF_PULUMI_ROOT: pulumiRoot(),
    FF_BACKEND: backend,
    FF_SERVER_URL: em.url,
    FF_API_KEY: defaultKey,
    FF_PROJECT_ID: defaultProject,
  });
  const run = async (op: string) => {
    const result = await runUserStack(dir, op, env());
    if (result.code !== 0) throw new Error(`user-stack ${op} exited ${result.code}${result.timedOut ? " (timed out)" : ""}:\n${result.stderr.slice(-4000)}`);
    return result.result!;
  };

  beforeAll(async () => {
    em = await startEmulator();
    dir = await createUserProject(sdk);
    backend = `${dir}/.state`;
    rmSync(backend, { recursive: true, force: true });
  }, 600_000);
  afterAll(async () => {
    await em?.stop();
    removeScratch();
  });

  it("resolves exactly one @pulumi/pulumi: the project's", async () => {
    expect(sdkCopies(dir)).toEqual(["node_modules/@pulumi/pulumi"]);
    const tree = await npmLs(dir); // exits non-zero on an unmet or invalid peer dependency
    console.log(`[installed] npm ls @pulumi/pulumi\n${tree}`);
    expect(tree).toContain(`@pulumi/pulumi@${sdk}`);
    expect(tree).not.toMatch(/invalid|UNMET/);
  });

  it("type-checks a stack program under the tsconfig of Pulumi's TypeScript template", async () => {
    expect(await typecheckTemplateProgram(dir)).toBe("");
  });

  // `moduleResolution: node` ignores "exports": the subpaths resolve there only through `typesVersions`.
  // zod's declarations (which the API clients and the emulator include) need `esModuleInterop` there.
  it("type-checks every subpath entry point under the template's moduleResolution node, and under node16", async () => {
    expect(await typecheckSubpathProgram(dir, "node", { esModuleInterop: true })).toBe("");
    const program = readFileSync(`${dir}/subpaths.ts`, "utf8");
    for (const subpath of ["emulator", "amplitude/api", "configcat/api", "dynamic/amplitude-flag", "dynamic/configcat-setting"]) {
      expect(program).toContain(`from "pulumi-feature-flags/${subpath}";`);
    }
    expect(await typecheckSubpathProgram(dir, "node16", { module: "node16", moduleResolution: "node16" })).toBe("");
  });

  it("runs up, a clean preview --refresh, drift, and destroy", async () => {
    const up = await run("up");
    expect(up.summary).toEqual({ create: 4 }); // the stack, a deployment, a flag, an experiment
    expect(up.steps).toEqual({ web: "create", flag: "create", experiment: "create" });

    // Stored as one `require` of each provider module: the installed layout's small checkpoints.
    const { state } = (await run("export")) as { state: { deployment: { resources: { type: string; outputs: { __provider?: string } }[] } } };
    for (const r of state.deployment.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))) {
      expect(r.outputs.__provider).toMatch(/require\("pulumi-feature-flags\/dynamic\/amplitude-(flag|experiment|deployment)"\)/);
      expect(r.outputs.__provider!.length).toBeLessThan(600);
    }

    const clean = await run("preview-refresh");
    expect(clean.summary).toEqual({ same: 4 });

    const { flags } = await em.api<{ flags: { id: string; key: string }[] }>("GET", `/flags?projectId=${defaultProject}`);
    await em.api("PATCH", `/flags/${flags.find((f) => f.key === "installed")!.id}`, { enabled: false });
    const drift = await run("preview-refresh");
    expect(drift.steps).toMatchObject({ flag: "update" });
    expect(drift.summary).toEqual({ same: 3, update: 1 });

    const destroyed = await run("destroy");
    expect(destroyed.summary).toEqual({ delete: 4 });
    const after = await em.api<{ flags: { deleted: boolean }[] }>("GET", `/flags?projectId=${defaultProject}&includeArchived=true`);
    expect(after.flags.map((f) => f.deleted)).toEqual([true]);
  });

  it("stops at once, naming both versions, when a second SDK copy is nested under the package", async () => {
    const other = sdk === "3.248.0" ? "3.216.0" : "3.248.0";
    await nestSecondSdk(dir, other);
    await em.resetStats();
    const started = Date.now();
    const result = await runUserStack(dir, "up", env(), 150_000);
    console.log(`[installed] second copy: exit ${result.code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(result.timedOut).toBe(false);
    expect(result.code).not.toBe(0);
    const message = result.stderr + result.stdout;
    expect(message).toContain(`this program runs @pulumi/pulumi ${sdk} at ${dir}/node_modules/@pulumi/pulumi`);
    expect(message).toContain(`second copy, ${other} at ${dir}/node_modules/pulumi-feature-flags/node_modules/@pulumi/pulumi`);
    expect(message).toContain("npm dedupe");
    expect(message).not.toContain("serialization failure: Expected argument");
    expect((await em.requests()).filter((r) => r.method !== "GET")).toEqual([]);
  });
});
