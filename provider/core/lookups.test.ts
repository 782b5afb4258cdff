import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it } from "vitest";
import { oncePerRun, programConfig } from "./lookups";

// The SDK's own switch for "the program run in progress" (what `pulumi.runtime.getStackResource()` returns).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const state = require("@pulumi/pulumi/runtime/state") as { setStackResource(stack: object | undefined): void };
afterEach(() => state.setStackResource(undefined));

describe("oncePerRun", () => {
  it("loads once per key within a run, again in the next run, and never shares outside a run", async () => {
    let loads = 0;
    const load = async () => (loads += 1);
    state.setStackResource({});
    const first = await Promise.all(Array.from({ length: 50 }, () => oncePerRun("k", load)));
    expect(first).toEqual(Array(50).fill(1));
    expect(await oncePerRun("other", load)).toBe(2);
    state.setStackResource({}); // the next run (an Automation API process runs many)
    expect(await oncePerRun("k", load)).toBe(3);
    state.setStackResource(undefined);
    await oncePerRun("k", load);
    await oncePerRun("k", load);
    expect(loads).toBe(5);
  });

  it("forgets a failure, so the next caller asks again, and turns a synchronous throw into a rejection", async () => {
    state.setStackResource({});
    let calls = 0;
    const flaky = () => {
      calls += 1;
      if (calls === 1) throw new Error("boom");
      return Promise.resolve("ok");
    };
    const failed = oncePerRun("k", flaky);
    await expect(failed).rejects.toThrow("boom");
    expect(await oncePerRun("k", flaky)).toBe("ok");
    expect(await oncePerRun("k", flaky)).toBe("ok");
    expect(calls).toBe(2);
  });
});

describe("programConfig", () => {
  it("reads full keys through pulumi.Config and names a missing required key without any value", () => {
    pulumi.runtime.setConfig("configcat:serverUrl", "http://127.0.0.1:1");
    const config = programConfig();
    expect(config.get("configcat:serverUrl")).toBe("http://127.0.0.1:1");
    expect(config.get("configcat:basicAuthUsername")).toBeUndefined();
    expect(() => config.require("configcat:basicAuthPassword")).toThrow("missing required configuration key 'configcat:basicAuthPassword'");
  });
});
