// The harness's guard against the SDK swallowing an inline program's failed first engine call (see
// test/helpers/inline-program.ts): such a run used to pass as a successful, empty `up`.
import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it } from "vitest";
import { expectProgramRan, guardInlinePrograms, retryUnavailable, sdkSettings, trackedProgram } from "../helpers/inline-program";
import { createTestStack } from "../helpers/pulumi-engine";

const unavailable = () => Object.assign(new Error("14 UNAVAILABLE: No connection established"), { code: 14 });

describe("retryUnavailable", () => {
  it("retries only UNAVAILABLE, and gives up after the given tries", async () => {
    let calls = 0;
    await expect(retryUnavailable(async () => (++calls < 3 ? Promise.reject(unavailable()) : "ok"), 5, 1)).resolves.toBe("ok");
    expect(calls).toBe(3);
    calls = 0;
    await expect(retryUnavailable(async () => { calls++; throw Object.assign(new Error("denied"), { code: 7 }); }, 5, 1)).rejects.toThrow("denied");
    expect(calls).toBe(1);
    calls = 0;
    await expect(retryUnavailable(async () => { calls++; throw unavailable(); }, 4, 1)).rejects.toThrow("UNAVAILABLE");
    expect(calls).toBe(4);
  });
});

describe("expectProgramRan", () => {
  // A run the SDK swallowed cannot be staged in the engine without leaving the SDK's own unhandled rejection
  // behind (which fails the whole test run), so the check is shown on a stand-in operation.
  it("fails an operation that succeeded without the program body starting, and passes one that ran it", async () => {
    const tracked = trackedProgram(async () => ({}));
    await expect(expectProgramRan(tracked, "up", async () => "done")).rejects.toThrow(
      "pulumi up: the inline program never ran, yet the SDK reported success",
    );
    await expect(expectProgramRan(tracked, "up", async () => { await tracked.program(); return "done"; })).resolves.toBe("done");
    expect(tracked.runs()).toBe(1);
  });
});

describe("an inline program whose first engine call fails (real engine)", () => {
  guardInlinePrograms();
  const settings = sdkSettings();
  const real = settings.__ffUnguarded;
  afterEach(() => {
    settings.__ffUnguarded = real;
  });

  async function upWith(firstCalls: (res: unknown) => Promise<void>) {
    let declared = 0;
    const test = await createTestStack({
      projectName: "inline-guard",
      program: async () => {
        declared++;
        return { answer: pulumi.output(42) };
      },
    });
    settings.__ffUnguarded = firstCalls;
    try {
      const result = await test.stack.up().then((r) => r.outputs.answer?.value, (e: Error) => e);
      return { result, declared };
    } finally {
      await test.cleanup();
    }
  }

  it("recovers when the engine answers after a few UNAVAILABLE failures", async () => {
    let failures = 0;
    const { result, declared } = await upWith((res) => (failures++ < 3 ? Promise.reject(unavailable()) : real!(res)));
    expect(String(result)).toBe("42");
    expect(failures).toBe(4);
    expect(declared).toBe(1);
    expect(result).toBe(42);
  });
});
