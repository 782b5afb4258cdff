// Every example must compile under strict TypeScript against the built package, exactly as a user's copy
// would; a broken example is worse than none.
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { describe, expect, it } from "vitest";
import { pulumiCommand } from "../helpers/pulumi-engine";
import { examplesDir, exampleYaml, typeErrors } from "./helpers";

const programs = readdirSync(examplesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(examplesDir, d.name, "index.ts")))
  .map((d) => d.name);

describe("examples", () => {
  it("are all found", () => {
    expect(programs.sort()).toEqual([
      "adopt-existing", "configcat-multi-environment", "configcat-quickstart", "experiment-lifecycle", "multi-environment", "quickstart",
    ]);
  });

  it("type-check (strict) against the built package", () => {
    expect(typeErrors(programs.map((p) => join(examplesDir, p, "index.ts")))).toEqual([]);
  });

  it.each(programs)("%s has a nodejs Pulumi.yaml with documented config and a README", (name) => {
    const project = exampleYaml<{ name: string; runtime: string; config?: Record<string, unknown> }>(name, "Pulumi.yaml");
    expect(project).toMatchObject({ name, runtime: "nodejs" });
    expect(project.config).toBeDefined();
    expect(existsSync(join(examplesDir, name, "README.md"))).toBe(true);
  });

  it("pr-review has a workflow that previews with --refresh --diff and comments on the pull request", () => {
    const workflow = exampleYaml<{ on: Record<string, unknown>; jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }> }>(
      "pr-review",
      "pulumi-preview.yml",
    );
    expect(Object.keys(workflow.on)).toContain("pull_request");
    const step = Object.values(workflow.jobs).flatMap((j) => j.steps).find((s) => s.uses?.startsWith("pulumi/actions@"));
    expect(step?.with).toMatchObject({ command: "preview", refresh: true, diff: true, "comment-on-pr": true });
    expect(existsSync(join(examplesDir, "pr-review", "README.md"))).toBe(true);
  });
});

describe("the repository root", () => {
  it("is a Pulumi project whose main is the quickstart", () => {
    const project = exampleYaml<{ runtime: string; main: string; config: Record<string, unknown> }>("..", "Pulumi.yaml");
    expect(project.runtime).toBe("nodejs");
    expect(existsSync(join(examplesDir, "..", project.main, "index.ts"))).toBe(true);
    // The program reads `projectId` from the project namespace, so both projects must declare it.
    expect(Object.keys(project.config)).toEqual(Object.keys(exampleYaml<{ config: Record<string, unknown> }>("quickstart", "Pulumi.yaml").config).filter((k) => !k.startsWith("amplitude:")));
  });
});

describe("project and stack files", () => {
  // The CLI, not just a YAML parser, must accept them: project config schemas (types, defaults) and stack
  // values are validated by `pulumi config`, and a user's first command would fail on a bad file.
  // Amplitude examples name a project (a number), ConfigCat ones an organization (a uuid).
  const projectId: [string, RegExp] = ["projectId", /^\d+$/];
  const organizationId: [string, RegExp] = ["organizationId", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/];
  it.each([
    ["quickstart", ["dev"], projectId],
    ["multi-environment", ["dev", "prod"], projectId],
    ["experiment-lifecycle", ["dev"], projectId],
    ["adopt-existing", ["dev"], projectId],
    ["configcat-quickstart", ["dev"], organizationId],
    ["configcat-multi-environment", ["main"], organizationId],
  ] as const)("%s: the CLI resolves the config of %j", async (name, stacks, [key, pattern]) => {
    const dir = mkdtempSync(join(tmpdir(), "ff-example-"));
    try {
      for (const f of readdirSync(join(examplesDir, name)).filter((f) => /^Pulumi.*\.yaml$/.test(f))) {
        cpSync(join(examplesDir, name, f), join(dir, f));
      }
      const ws = await LocalWorkspace.create({
        workDir: dir,
        pulumiCommand: await pulumiCommand(),
        pulumiHome: join(dir, ".home"),
        envVars: { PULUMI_BACKEND_URL: `file://${dir}`, PULUMI_CONFIG_PASSPHRASE: "x", PULUMI_SKIP_UPDATE_CHECK: "true" },
      });
      for (const stack of stacks) {
        await ws.createStack(stack);
        const config = await ws.getAllConfig(stack);
        expect(config[`${name}:${key}`]?.value).toMatch(pattern);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
