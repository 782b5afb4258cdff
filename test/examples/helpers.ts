/**
 * Shared by the example tests: load an example's program function (what the Pulumi Node.js runtime would
 * call), its project name and stack config files, and type-check TypeScript the way a user's project would.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import * as ts from "typescript";
import { repoRoot } from "../helpers/pulumi-engine";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require("js-yaml") as { load(text: string): unknown };

export const examplesDir = join(repoRoot, "examples");

/** The default-exported program function of `examples/<name>/index.ts`. */
export async function exampleProgram(name: string): Promise<PulumiFn> {
  const mod = (await import(join(examplesDir, name, "index.ts"))) as { default: PulumiFn };
  return mod.default;
}

/** Parses a YAML file of an example (`Pulumi.yaml`, `Pulumi.<stack>.yaml`). */
export function exampleYaml<T>(name: string, file: string): T {
  return yaml.load(readFileSync(join(examplesDir, name, file), "utf8")) as T;
}

/** The `config:` of `Pulumi.<stack>.yaml` as Automation API config (values as strings, as the CLI stores them). */
export function stackConfig(name: string, stack: string): Record<string, { value: string }> {
  const file = exampleYaml<{ config: Record<string, unknown> }>(name, `Pulumi.${stack}.yaml`);
  return Object.fromEntries(Object.entries(file.config).map(([k, v]) => [k, { value: String(v) }]));
}

/** Type errors of `files`, formatted, with `pulumi-feature-flags` resolving to the built package. */
export function typeErrors(files: string[], tsconfig = join(examplesDir, "tsconfig.json")): string[] {
  const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
  if (read.error) return [ts.flattenDiagnosticMessageText(read.error.messageText, "\n")];
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(tsconfig));
  const program = ts.createProgram(files, { ...parsed.options, noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : "";
    return where + ts.flattenDiagnosticMessageText(d.messageText, "\n");
  });
}
