// One stack, two Amplitude projects, each with its own management key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../helpers/pulumi-engine";
import { startEmulator, type EmulatorHandle } from "../helpers/amplitude-emulator";
import { amplitude } from "./program";

describe("a stack managing two projects", () => {
  let em: EmulatorHandle;
  let test: TestStack;
  beforeAll(async () => {
    em = await startEmulator({ projects: [{ id: "100000", keys: ["key-a"] }, { id: "200000", keys: ["key-b"] }] });
  });
  afterAll(async () => {
    await test?.cleanup();
    await em?.stop();
  });

  const program = async () => {
    for (const projectId of ["100000", "200000"]) {
      const dep = new amplitude.Deployment(`web-${projectId}`, { projectId, label: "web", type: "client" });
      new amplitude.Flag(`flag-${projectId}`, { projectId, key: "shared-key", deployments: [dep.id], enabled: true });
    }
  };

  it("uses each project's key from amplitude:managementApiKeys", async () => {
    test = await createTestStack({
      program,
      config: {
        "amplitude:serverUrl": { value: em.url },
        "amplitude:managementApiKeys": { value: JSON.stringify({ "100000": "key-a", "200000": "key-b" }), secret: true },
      },
    });
    await test.stack.up();
    for (const [projectId, key] of [["100000", "key-a"], ["200000", "key-b"]]) {
      const { flags } = await em.api<{ flags: { key: string; enabled: boolean; projectId: string }[] }>(
        "GET", `/flags?projectId=${projectId}`, undefined, key);
      expect(flags).toEqual([expect.objectContaining({ key: "shared-key", enabled: true, projectId })]);
    }
    const state = test.readBackendFiles();
    expect(state).not.toContain("key-a");
    expect(state).not.toContain("key-b");
  });

  it("names the project and the remedy when a key has no access to it", async () => {
    const wrong = await createTestStack({
      program,
      stackName: "wrong-key",
      config: {
        "amplitude:serverUrl": { value: em.url },
        "amplitude:managementApiKeys": { value: JSON.stringify({ "100000": "key-a", "200000": "key-a" }), secret: true },
      },
    });
    try {
      const error = await wrong.stack.up().then(() => "", (e: Error) => e.message);
      expect(error).toMatch(/creating deployment 'web' in project 200000 failed: .*403/);
      expect(error).toMatch(/no access to project 200000/);
      expect(error).not.toContain("key-a");
    } finally {
      await wrong.cleanup();
    }
  });
});
