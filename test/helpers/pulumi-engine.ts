/**
 * Test harness for the real Pulumi engine: an Automation API stack on a throw-away `file://` backend, with
 * a private PULUMI_HOME, no update checks, no plugin downloads, and the CLI from scripts/bootstrap-pulumi.sh.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  LocalWorkspace,
  PulumiCommand,
  type ConfigMap,
  type PulumiFn,
  type Stack,
} from "@pulumi/pulumi/automation";
import { checkProgramRuns, guardInlinePrograms, trackedProgram } from "./inline-program";

export const repoRoot = resolve(__dirname, "..", "..");
export const passphrase = "test-passphrase";

let root: string | undefined;
let commandPromise: Promise<PulumiCommand> | undefined;

/** The directory whose bin/ holds the bootstrapped CLI (built once, cached outside the repository). */
export function pulumiRoot(): string {
  root ??= execFileSync("bash", [join(repoRoot, "scripts", "bootstrap-pulumi.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim().split("\n").pop()!;
  return root;
}

/** The bootstrapped CLI. */
export function pulumiCommand(): Promise<PulumiCommand> {
  commandPromise ??= PulumiCommand.get({ root: pulumiRoot() });
  return commandPromise;
}

export interface TestStack {
  stack: Stack;
  /** Directory of the file:// backend. */
  stateDir: string;
  /** Every file of the backend concatenated: what a `pulumi stack export` leak check must search. */
  readBackendFiles(): string;
  /** Removes the stack's temporary directories. */
  cleanup(): Promise<void>;
}

export interface TestStackOptions {
  program: PulumiFn;
  projectName?: string;
  stackName?: string;
  config?: ConfigMap;
  /** Extra environment for the CLI and the provider process it starts. */
  env?: Record<string, string>;
  /** The program's directory, where the provider host resolves packages. @default the repository */
  main?: string;
}

/**
 * Creates a stack for an inline program on a fresh file:// backend. Its `up` and `preview` fail when the
 * program body never ran (see inline-program.ts), rather than pass as an empty program.
 */
export async function createTestStack(options: TestStackOptions): Promise<TestStack> {
  guardInlinePrograms();
  const tracked = trackedProgram(options.program);
  const base = mkdtempSync(join(tmpdir(), "ff-pulumi-"));
  const stateDir = join(base, "state");
  const home = join(base, "home");
  execFileSync("mkdir", ["-p", stateDir, home]);
  const projectName = options.projectName ?? "ff-test";
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: options.stackName ?? "test", projectName, program: tracked.program },
    {
      pulumiCommand: await pulumiCommand(),
      pulumiHome: home,
      // The provider host resolves this package from the program's main directory.
      projectSettings: { name: projectName, runtime: "nodejs", main: options.main ?? repoRoot, backend: { url: `file://${stateDir}` } },
      envVars: {
        PULUMI_BACKEND_URL: `file://${stateDir}`,
        PULUMI_CONFIG_PASSPHRASE: passphrase,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "false",
        ...options.env,
      },
    },
  );
  if (options.config) await stack.setAllConfig(options.config);
  checkProgramRuns(stack, tracked);
  return {
    stack,
    stateDir,
    readBackendFiles: () => readTree(stateDir),
    cleanup: async () => rmSync(base, { recursive: true, force: true }),
  };
}

function readTree(dir: string): string {
  return readdirSync(dir)
    .map((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? readTree(path) : readFileSync(path, "utf8");
    })
    .join("\n");
}
