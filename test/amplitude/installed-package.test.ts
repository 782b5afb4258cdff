// Installed the ordinary way (a copy under node_modules, as `npm install` leaves it), the package is stored
// in state as one `require` per resource instead of a serialized shim: small checkpoints for big stacks.
// This repository resolves the package to itself, so the other tests exercise the shim fallback instead.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { amplitude as amplitudeNs } from "../../provider";
import { createTestStack, repoRoot, type TestStack } from "../helpers/pulumi-engine";
import { emulatorConfig, startEmulator, type EmulatorHandle } from "../helpers/amplitude-emulator";
import { stepRecorder } from "../helpers/engine-events";

/** A user's project directory: this package copied into node_modules, everything else linked. */
function userProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "ff-user-project-"));
  const modules = join(dir, "node_modules");
  mkdirSync(modules);
  for (const entry of readdirSync(join(repoRoot, "node_modules"))) {
    if (entry === "pulumi-feature-flags" || entry.startsWith(".")) continue;
    symlinkSync(join(repoRoot, "node_modules", entry), join(modules, entry));
  }
  const installed = join(modules, "pulumi-feature-flags");
  cpSync(join(repoRoot, "package.json"), join(installed, "package.json"));
  cpSync(join(repoRoot, "dist", "provider"), join(installed, "dist", "provider"), { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "user-stack", private: true }));
  return dir;
}

describe("the package installed under node_modules", () => {
  let em: EmulatorHandle;
  let test: TestStack;
  let dir: string;
  beforeAll(async () => {
    em = await startEmulator();
    dir = userProject();
  });
  afterAll(async () => {
    await test?.cleanup();
    await em?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is stored as a require of its provider module, and works through up, refresh and destroy", async () => {
    const { amplitude } = require(join(dir, "node_modules", "pulumi-feature-flags")) as { amplitude: typeof amplitudeNs };
    test = await createTestStack({
      main: dir,
      config: emulatorConfig(em),
      program: async () => {
        const web = new amplitude.Deployment("web", { projectId: "100000", label: "web", type: "client" });
        new amplitude.Flag("flag", { projectId: "100000", key: "installed", variants: [{ key: "on", payload: 1 }], deployments: [web.id], enabled: true });
        new amplitude.Experiment("experiment", { projectId: "100000", key: "installed-exp", deployments: [web.id] });
      },
    });
    await test.stack.up();
    const state = await test.stack.exportStack();
    const providers = Object.fromEntries(
      state.deployment.resources
        .filter((r: { type: string }) => r.type.startsWith("pulumi-nodejs:dynamic/"))
        .map((r: { type: string; outputs: { __provider: string } }) => [r.type, r.outputs.__provider]),
    );
    for (const [type, kind] of [["Flag", "flag"], ["Experiment", "experiment"], ["Deployment", "deployment"]]) {
      const text = providers[`pulumi-nodejs:dynamic/amplitude:${type}`];
      // The serializer names the module by its export, or by its file when it cannot read the package's
      // exports (as here, where @pulumi/pulumi is linked from the repository).
      expect(text).toMatch(new RegExp(`require\\("pulumi-feature-flags/(dynamic/amplitude-${kind}|dist/provider/dynamic/amplitude-${kind}\\.js)"\\)`));
      expect(text.length).toBeLessThan(600);
      console.log(`[installed] ${type}: ${text.length} bytes of serialized provider`);
    }
    const { flags } = await em.api<{ flags: { key: string; enabled: boolean }[] }>("GET", "/flags?projectId=100000");
    expect(flags).toEqual([expect.objectContaining({ key: "installed", enabled: true })]);

    await em.api("PATCH", `/flags/${(await em.api<{ flags: { id: string }[] }>("GET", "/flags?projectId=100000")).flags[0].id}`, { enabled: false });
    const drift = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: drift.onEvent });
    expect(drift.changed()).toEqual({ flag: "update" });

    await test.stack.destroy();
    const after = await em.api<{ flags: { deleted: boolean }[] }>("GET", "/flags?projectId=100000&includeArchived=true");
    expect(after.flags.map((f) => f.deleted)).toEqual([true]);
  });
});
