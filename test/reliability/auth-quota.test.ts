// Auth and daily quota under the real engine: a wrong key fails once with a clear 401 and is never retried; a
// key for another project fails once with a clear 403; a key revoked mid-run fails clearly and leaves the
// state consistent; a daily quota that runs out mid-up stops the run with a clear message and the state
// matches what was created.
import { afterEach, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../helpers/pulumi-engine";
import { defaultKey, startEmulator, type EmulatorHandle } from "../helpers/amplitude-emulator";
import { amplitude, convergence, fleetProgram, projectId, report, waitFor, type FleetSpec } from "./harness";

let em: EmulatorHandle | undefined;
let test: TestStack | undefined;
afterEach(async () => {
  await test?.cleanup();
  await em?.stop();
  test = em = undefined;
});

const config = (url: string, key: string, extra: Record<string, string> = {}) => ({
  "amplitude:serverUrl": { value: url },
  "amplitude:managementApiKey": { value: key, secret: true },
  ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, { value: v }])),
});

const oneFlagProgram = (project = projectId) => async () => {
  new amplitude.Flag("solo", { projectId: project, key: "auth-solo", variants: [{ key: "on" }] });
};

const failureOf = (p: Promise<unknown>) => p.then(() => "no error", (e: Error) => String(e));
const occurrences = (text: string, what: RegExp) => (text.match(new RegExp(what.source, "gi")) ?? []).length;
/** The engine's "Diagnostics:" section (the progress lines above it repeat each message while it streams). */
const diagnostics = (failure: string) => failure.slice(failure.indexOf("Diagnostics:"), failure.indexOf("Resources:"));

describe("auth", () => {
  it("a wrong key: one request, one clear 401 message, nothing retried, the key never shown", async () => {
    em = await startEmulator();
    const wrong = "wrong-key-0123456789abcdef";
    test = await createTestStack({ projectName: "rel-auth", program: oneFlagProgram(), config: config(em.url, wrong) });
    const failure = await failureOf(test.stack.up());
    const log = await em.requests();
    expect(log.map((r) => r.status)).toEqual([401]);
    expect(failure).toMatch(/creating flag 'auth-solo' in project 100000 failed/);
    expect(failure).toMatch(/invalid or revoked/i);
    expect(failure).toMatch(/amplitude:managementApiKey/);
    expect(occurrences(diagnostics(failure), /creating flag 'auth-solo' in project 100000 failed/)).toBe(1);
    expect(failure).not.toContain(wrong);
    expect((await convergence(em, test.stack, { count: 0 }, [])).liveFlags).toBe(0);
    report("auth-401", { requests: log.length, message: failure.match(/creating flag[^\n]*/)![0] });
  });

  it("a key for another project: one request, one clear 403 message naming the project", async () => {
    em = await startEmulator({ projects: [{ id: "100000", keys: ["key-for-a"] }, { id: "200000", keys: ["key-for-b"] }] });
    test = await createTestStack({ projectName: "rel-auth", program: oneFlagProgram("100000"), config: config(em.url, "key-for-b") });
    const failure = await failureOf(test.stack.up());
    const log = await em.requests();
    expect(log.map((r) => r.status)).toEqual([403]);
    expect(failure).toMatch(/no access to project 100000/);
    expect(occurrences(diagnostics(failure), /creating flag 'auth-solo' in project 100000 failed/)).toBe(1);
    expect(failure).not.toContain("key-for-b");
    report("auth-403", { requests: log.length, message: failure.match(/creating flag[^\n]*/)![0] });
  });

  it("a key revoked mid-run: clear failure, no request retried, everything live is in state; restored, up converges", async () => {
    em = await startEmulator({ faults: { latencyMs: 5 } });
    const spec: FleetSpec = { count: 24 };
    test = await createTestStack({ projectName: "rel-auth", program: fleetProgram(() => spec), config: config(em.url, defaultKey) });
    let finished = false;
    const up = failureOf(test.stack.up()).finally(() => (finished = true));
    await waitFor(async () => finished || (await em!.admin<{ total: number }>("GET", "/stats")).total >= 20);
    await em.admin("PUT", "/projects", [{ id: projectId, keys: [] }]);
    const failure = await up;
    expect(finished).toBe(true);
    expect(failure).toMatch(/invalid or revoked/i);
    expect(failure).not.toContain(defaultKey);
    const log = await em.requests();
    const unauthorized = log.filter((r) => r.status === 401);
    expect(unauthorized.length).toBeGreaterThan(0);
    // Never retried: no call on an object repeated after its 401, and no more refused creates than flags
    // that were never created (creates share one path, so they are counted instead).
    const after401 = new Set<string>();
    for (const r of log.filter((r) => r.route !== "POST /api/1/flags")) {
      const id = `${r.method} ${r.path}`;
      if (after401.has(id)) throw new Error(`${id} was sent again after a 401`);
      if (r.status === 401) after401.add(id);
    }
    const c = await convergence(em, test.stack, spec);
    expect(unauthorized.filter((r) => r.route === "POST /api/1/flags").length).toBeLessThanOrEqual(spec.count - c.liveFlags);
    // Every failed resource says so once, clearly. A list request shared by several resources' read-backs is not
    // one resource's failure: when it is refused each of them reads its object alone, and says so once.
    const perObject = unauthorized.filter((r) => r.route !== "GET /api/1/flags");
    expect(occurrences(diagnostics(failure), /401 Invalid or revoked API key/)).toBe(perObject.length);
    expect(c.orphans).toEqual([]); // every live flag (incl. half-finished ones) is in state, and vice versa
    expect(c.duplicates).toEqual([]);

    await em.admin("PUT", "/projects", [{ id: projectId, keys: [defaultKey] }]);
    expect((await test.stack.up()).summary.result).toBe("succeeded");
    const done = await convergence(em, test.stack, spec);
    expect({ d: done.duplicates, o: done.orphans, m: done.mismatches }).toEqual({ d: [], o: [], m: [] });
    report("auth-revoked", { liveAtFailure: c.liveFlags, inStateAtFailure: c.stateFlags, unauthorizedRequests: unauthorized.length });
  });
});

describe("daily quota", () => {
  it("the server's quota runs out mid-up: the run stops with a clear message, state matches what was created", async () => {
    em = await startEmulator({ dailyLimit: 1000 });
    const spec: FleetSpec = { count: 30 };
    test = await createTestStack({ projectName: "rel-quota", program: fleetProgram(() => spec), config: config(em.url, defaultKey) });
    await em.admin("PUT", "/limits", { usedToday: { [projectId]: 1000 - 25 } });
    const failure = await failureOf(test.stack.up());
    expect(failure).toMatch(/Amplitude daily request budget for project 100000 is exhausted/);
    expect(failure).not.toContain(defaultKey);
    const log = await em.requests();
    const refused = log.filter((r) => r.status === 429);
    // After the first "Daily request limit exceeded" the provider stops sending; only requests already on the
    // wire can still be refused.
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThanOrEqual(12);
    const c = await convergence(em, test.stack, spec);
    expect(c.orphans).toEqual([]);
    expect(c.duplicates).toEqual([]);
    expect(c.liveFlags).toBeGreaterThan(0);
    expect(c.liveFlags).toBeLessThan(spec.count);

    // Next day (quota reset): up finishes the job.
    await em.admin("PUT", "/limits", { usedToday: { [projectId]: 0 } });
    expect((await test.stack.up()).summary.result).toBe("succeeded");
    const done = await convergence(em, test.stack, spec);
    expect({ d: done.duplicates, o: done.orphans, m: done.mismatches }).toEqual({ d: [], o: [], m: [] });
    report("daily-quota-server", {
      requestsAllowed: 25, refused: refused.length, liveAtStop: c.liveFlags, inStateAtStop: c.stateFlags,
      message: failure.match(/[^\n]*daily request budget[^\n]*/)![0].trim(),
    });
  });

  it("the provider's own budget (amplitude:dailyRequestBudget) stops it before the server refuses anything", async () => {
    em = await startEmulator();
    const spec: FleetSpec = { count: 30 };
    test = await createTestStack({
      projectName: "rel-quota",
      program: fleetProgram(() => spec),
      config: config(em.url, defaultKey, { "amplitude:dailyRequestBudget": "25" }),
    });
    const failure = await failureOf(test.stack.up());
    expect(failure).toMatch(/Amplitude daily request budget for project 100000 is exhausted/);
    expect(failure).toMatch(/amplitude:dailyRequestBudget/);
    const log = await em.requests();
    expect(log.length).toBeLessThanOrEqual(25);
    expect(log.filter((r) => r.status === 429)).toEqual([]);
    const c = await convergence(em, test.stack, spec);
    expect(c.orphans).toEqual([]);
    expect(c.duplicates).toEqual([]);
    report("daily-quota-provider", {
      requests: log.length, liveAtStop: c.liveFlags, inStateAtStop: c.stateFlags,
      message: failure.match(/[^\n]*daily request budget[^\n]*/)![0].trim(),
    });
  });
});
