import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SUPPORTED_PULUMI_SDK } from "../version";

/** One copy of `@pulumi/pulumi` loaded in this process. */
export interface SdkCopy {
  /** The package directory, e.g. `/app/node_modules/@pulumi/pulumi`. */
  root: string;
  /** Its `package.json` version, or `unknown` when that cannot be read. */
  version: string;
}

// The last `node_modules/@pulumi/pulumi/` in a path is the copy a file belongs to (a nested copy's path
// holds an outer `node_modules` too, so the match must be greedy).
const SDK_FILE = /^(.*[\\/]node_modules[\\/]@pulumi[\\/]pulumi)[\\/]/;

/**
 * The distinct copies of `@pulumi/pulumi` whose files are in the CommonJS module cache.
 *
 * @param modulePaths - file names of loaded modules; defaults to the keys of `require.cache`.
 */
export function loadedSdkCopies(modulePaths: readonly string[] = Object.keys(require.cache)): SdkCopy[] {
  const roots = new Set<string>();
  for (const path of modulePaths) {
    const match = SDK_FILE.exec(path);
    if (match) roots.add(match[1]);
  }
  return [...roots].sort().map((root) => ({ root, version: versionAt(root) }));
}

function versionAt(root: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: string }).version ?? "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * The error for a program that loaded several copies of the SDK: which versions, where, and the fix.
 *
 * Two copies cannot work together: the resource is built with one copy's protobuf classes and sent through
 * the engine connection the other copy opened, which rejects it ("Request message serialization failure")
 * and leaves the update waiting for a registration that never completes.
 */
export function multipleSdkMessage(copies: readonly SdkCopy[]): string {
  const list = copies.map((c) => `${c.version} at ${c.root}`).join(", and ");
  return (
    `pulumi-feature-flags: this program has loaded ${copies.length} copies of @pulumi/pulumi: ${list}. ` +
    `Resources registered through a second copy are rejected by the engine ("Request message serialization ` +
    `failure") and the update hangs, so nothing was registered. Keep exactly one copy: install a ` +
    `@pulumi/pulumi that satisfies "${SUPPORTED_PULUMI_SDK}" in your project (e.g. \`npm install ` +
    `@pulumi/pulumi@latest\`), then run \`npm dedupe\` until \`npm ls @pulumi/pulumi\` lists one version.`
  );
}

let modulesSeen = -1;

/**
 * Throws {@link multipleSdkMessage} when more than one copy of `@pulumi/pulumi` is loaded.
 *
 * Called before each resource registers. The module cache is scanned again only when it has grown, so a
 * stack of thousands of resources pays for one scan, not thousands.
 *
 * @throws Error naming every loaded copy, its version and the fix.
 */
export function assertSingleSdk(): void {
  const size = Object.keys(require.cache).length;
  if (size === modulesSeen) return;
  const copies = loadedSdkCopies();
  if (copies.length > 1) throw new Error(multipleSdkMessage(copies));
  modulesSeen = size;
}
