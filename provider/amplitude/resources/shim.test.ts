// What Pulumi stores as `__provider`: small, secret-free, and able to run the installed package.
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { DynamicShim } from "../../core/dynamic/shim";
import { dynamicEntry } from "../../core/dynamic/entry-name";

describe("the serialized provider shim", () => {
  it("is small, captures no secret or client, and forwards to the installed package", async () => {
    process.env.AMPLITUDE_MANAGEMENT_API_KEY = "key-that-must-not-be-captured";
    const shim = new DynamicShim(dynamicEntry, "amplitude-flag");
    const serialized = await pulumi.runtime.serializeFunction(() => shim, { allowSecrets: true });
    expect(serialized.containsSecrets).toBe(false);
    expect(serialized.text).not.toContain("key-that-must-not-be-captured");
    expect(serialized.text).not.toMatch(/undici|zod|limiter/i);
    expect(serialized.text.length).toBeLessThan(4000);

    // Load it as the provider host does and run a check: the installed package answers.
    const requireFromString = require("require-from-string") as (code: string) => { handler: () => DynamicShim };
    const provider = requireFromString(serialized.text).handler();
    const result = await provider.check({}, { projectId: "1", key: "bad key" });
    expect(result.failures?.map((f: { property: string }) => f.property)).toEqual(["key"]);
    delete process.env.AMPLITUDE_MANAGEMENT_API_KEY;
  });
});
