// Large stacks split into several stacks of a few hundred flags (README "Large stacks") share one Amplitude
// project's limit of 100 requests/s when they run at the same time, each from its own provider process with
// its own limiter. Two such stacks run `up` concurrently against the emulator at the documented limit:
// with the budget split between them (`amplitude:requestsPerSecond`), and with both at the default, where the
// server's 429s are retried. Either way: 0 failed resources, every flag exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../helpers/pulumi-engine";
import { emulatorConfig, startEmulator, type EmulatorHandle } from "../helpers/amplitude-emulator";
import { amplitude, emulatorState, FULL, projectId, report } from "./harness";

const flagsPerStack = FULL ? 200 : 40;

function stackProgram(prefix: string) {
  return async () => {
    const web = new amplitude.Deployment("web", { projectId, label: `${prefix}-web`, type: "client" });
    for (let i = 0; i < flagsPerStack; i += 1) {
      const key = `${prefix}-flag-${i}`;
      new amplitude.Flag(key, { projectId, key, variants: [{ key: "on", payload: { i } }], deployments: [web.id], tags: [prefix] });
    }
    return {};
  };
}

describe(`two ${flagsPerStack}-flag stacks on one project at the same time, 100 requests/s`, () => {
  let em: EmulatorHandle;
  const stacks: TestStack[] = [];
  beforeAll(async () => {
    em = await startEmulator({ rateLimitPerSecond: 100 });
  });
  afterAll(async () => {
    for (const s of stacks) await s.cleanup();
    await em?.stop();
  });

  it.each([
    { name: "budget split: 47 requests/s each", rate: "47", prefixes: ["split-a", "split-b"] },
    { name: "both at the default 95 requests/s", rate: undefined, prefixes: ["full-a", "full-b"] },
  ])("$name: both finish, 0 failures, every flag once", async ({ name, rate, prefixes }) => {
    await em.resetStats();
    const pair = await Promise.all(prefixes.map((prefix) => createTestStack({
      projectName: `rel-${prefix}`,
      program: stackProgram(prefix),
      config: { ...emulatorConfig(em), ...(rate ? { "amplitude:requestsPerSecond": { value: rate } } : {}) },
    })));
    stacks.push(...pair);
    const started = Date.now();
    const results = await Promise.all(pair.map((s) => s.stack.up().then((r) => r.summary.result, (e: Error) => `failed: ${String(e).slice(0, 2000)}`)));
    const seconds = (Date.now() - started) / 1000;
    expect(results).toEqual(["succeeded", "succeeded"]);

    const state = await emulatorState(em);
    for (const prefix of prefixes) {
      const live = state.flags.filter((f) => f.projectId === projectId && !f.deleted && f.key.startsWith(`${prefix}-flag-`));
      expect(live).toHaveLength(flagsPerStack);
      expect(new Set(live.map((f) => f.key)).size).toBe(flagsPerStack);
      expect(state.deployments.filter((d) => !d.deleted && d.label === `${prefix}-web`)).toHaveLength(1);
    }
    const log = await em.requests();
    report("concurrent-stacks", { case: name, flagsPerStack, seconds, requests: log.length, throttled429: log.filter((r) => r.status === 429).length });
  }, 600_000);
});
