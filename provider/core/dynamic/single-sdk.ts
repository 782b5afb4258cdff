import { readFileSync, realpathSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { SUPPORTED_PULUMI_SDK, SUPPORTED_PULUMI_SDK_RANGE } from "../version";

/** One copy of `@pulumi/pulumi`. */
export interface SdkCopy {
  /** The package directory, real path, e.g. `/app/node_modules/@pulumi/pulumi`. */
  root: string;
  /** Its `package.json` version, or `unknown` when that cannot be read. */
  version: string;
}

/** The copy of `@pulumi/pulumi` that `require` finds from `dir`, or undefined when there is none. */
export function sdkCopyFrom(dir: string): SdkCopy | undefined {
  let root: string;
  try {
    root = realpathSync(dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [dir] })));
  } catch {
    return undefined;
  }
  let version = "unknown";
  try {
    version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: string }).version ?? version;
  } catch {
    // keep "unknown"
  }
  return { root, version };
}

/**
 * Where the program's own SDK is found: next to the program's entry module (the Pulumi language host's
 * `@pulumi/pulumi/cmd/run`, or the user's Automation API script), else the working directory.
 */
function programDir(): string {
  return require.main?.filename ? dirname(require.main.filename) : process.cwd();
}

/**
 * The error for a program whose SDK is not the one this package uses: which versions, where, and the fix.
 *
 * Two copies cannot work together: this package's resources are built with its copy's protobuf classes
 * and sent through the engine connection the program's copy opened, which rejects them ("Request message
 * serialization failure"), and the run fails or waits for a registration that never completes.
 *
 * @param program - the SDK copy running the program.
 * @param ours - the SDK copy this package resolves.
 * @param packageDir - this package's real directory (linked installs get their own advice).
 */
export function sdkMismatchMessage(program: SdkCopy, ours: SdkCopy, packageDir: string): string {
  const head =
    `pulumi-feature-flags: this program runs @pulumi/pulumi ${program.version} at ${program.root}, but ` +
    `pulumi-feature-flags loads a second copy, ${ours.version} at ${ours.root}. Resources registered through ` +
    `a second copy are rejected by the engine ("Request message serialization failure"), so no resource of ` +
    `this package was registered. `;
  const linked = !packageDir.split(sep).includes("node_modules");
  const fix = linked
    ? `pulumi-feature-flags is linked from ${packageDir} (npm link or a directory install), whose own ` +
      `node_modules holds that copy: install the packed tarball instead (\`npm pack\` there, then \`npm ` +
      `install <tarball>\`), or remove ${ours.root}.`
    : `Keep exactly one copy: install a @pulumi/pulumi that satisfies "${SUPPORTED_PULUMI_SDK}" in your ` +
      `project (e.g. \`npm install @pulumi/pulumi@latest\`), then run \`npm dedupe\` until \`npm ls ` +
      `@pulumi/pulumi\` lists one version.`;
  return head + fix;
}

/** The error for an SDK outside the supported range (npm with `legacy-peer-deps` does not check peers). */
export function unsupportedSdkMessage(copy: SdkCopy): string {
  return (
    `pulumi-feature-flags supports @pulumi/pulumi ${SUPPORTED_PULUMI_SDK}; this program runs ${copy.version} ` +
    `(${copy.root}). Install a supported version in your project: \`npm install @pulumi/pulumi@latest\`.`
  );
}

/** Whether `version` (x.y.z) lies in `[min, below)`; anything unparsable counts as supported. */
export function inSupportedRange(version: string, range = SUPPORTED_PULUMI_SDK_RANGE): boolean {
  const parse = (v: string) => /^(\d+)\.(\d+)\.(\d+)/.exec(v)?.slice(1, 4).map(Number);
  const v = parse(version);
  if (!v) return true;
  const compare = (a: number[], b: number[]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  return compare(v, parse(range.min)!) >= 0 && compare(v, parse(range.below)!) < 0;
}

/** This package's real directory: the nearest parent of this file with our `package.json`. */
function packageDir(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    try {
      if ((JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string }).name === "pulumi-feature-flags") return realpathSync(dir);
    } catch {
      // not here
    }
  }
  return __dirname;
}

let verdict: string | null | undefined;

/**
 * Throws when this package's `@pulumi/pulumi` is not the program's, or is outside the supported range.
 *
 * Called before each resource registers; the answer is computed once per process. Other packages that
 * load copies of their own are not this package's concern and are left alone.
 *
 * @throws Error naming both copies, their versions and the fix; or the supported range.
 */
export function assertSingleSdk(): void {
  if (verdict === undefined) {
    const ours = sdkCopyFrom(__dirname);
    const program = sdkCopyFrom(programDir());
    verdict = null;
    if (ours && program && ours.root !== program.root) verdict = sdkMismatchMessage(program, ours, packageDir());
    else if (ours && !inSupportedRange(ours.version)) verdict = unsupportedSdkMessage(ours);
  }
  if (verdict) throw new Error(verdict);
}
