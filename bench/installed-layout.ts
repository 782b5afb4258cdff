/*
 * The package as `npm install` lays it out in a user's project, for the benchmarks: the `npm pack` tarball
 * unpacked under `<dir>/node_modules/pulumi-feature-flags`, every other package linked from this
 * repository's node_modules (so the program and the package share this process's one @pulumi/pulumi).
 * Pulumi then stores each resource's provider as a ~300-byte `require` of its module, as for users, instead
 * of the 4 KB shim this repository's own layout gets.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { amplitude as amplitudeNs, configcat as configcatNs } from "../provider";

export interface InstalledLayout {
  /** The project directory: the stack's `main`, where the provider host resolves the package. */
  dir: string;
  /** The installed package's `amplitude` namespace. */
  amplitude: typeof amplitudeNs;
  /** The installed package's `configcat` namespace. */
  configcat: typeof configcatNs;
  /**
   * A dynamic provider that only echoes its inputs, installed as its own package beside this one so
   * Pulumi stores it as a `require` too: N resources of it measure the engine's own cost.
   */
  trivialProvider: object;
  cleanup(): void;
}

/** Packs this repository (its `dist/`, built by `npm run bench`'s prepare step) into a fresh project. */
export function installedLayout(repoRoot: string): InstalledLayout {
  const dir = mkdtempSync(join(tmpdir(), "ff-bench-project-"));
  const modules = join(dir, "node_modules");
  mkdirSync(modules);
  for (const entry of readdirSync(join(repoRoot, "node_modules"))) {
    if (entry === "pulumi-feature-flags" || entry.startsWith(".")) continue;
    symlinkSync(join(repoRoot, "node_modules", entry), join(modules, entry));
  }
  const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: repoRoot, encoding: "utf8" }).trim().split("\n").pop()!;
  const installed = join(modules, "pulumi-feature-flags");
  mkdirSync(installed);
  execFileSync("tar", ["-xzf", join(dir, tarball), "-C", installed, "--strip-components", "1"]);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "bench-stack", private: true }));
  const trivial = join(modules, "ff-bench-trivial-provider");
  mkdirSync(trivial);
  writeFileSync(join(trivial, "package.json"), JSON.stringify({ name: "ff-bench-trivial-provider", version: "1.0.0", main: "index.js" }));
  writeFileSync(join(trivial, "index.js"), trivialProviderSource);
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { amplitude, configcat } = require(installed) as { amplitude: typeof amplitudeNs; configcat: typeof configcatNs };
  const trivialProvider = require(trivial) as object;
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { dir, amplitude, configcat, trivialProvider, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// create → id from the key, outputs = inputs; diff → whether the description changed; read → as stored.
const trivialProviderSource = `"use strict";
module.exports = {
  async create(inputs) { return { id: String(inputs.key), outs: inputs }; },
  async diff(_id, olds, news) { return { changes: olds.description !== news.description }; },
  async update(_id, _olds, news) { return { outs: news }; },
  async read(id, props) { return { id, props }; },
};
`;
