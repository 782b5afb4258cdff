import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SUPPORTED_PULUMI_SDK } from "../version";
import { loadedSdkCopies, multipleSdkMessage } from "./single-sdk";

const base = mkdtempSync(join(tmpdir(), "ff-sdk-copies-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function fakeSdk(root: string, version: string): string {
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "@pulumi/pulumi", version }));
  return root;
}

describe("loaded @pulumi/pulumi copies", () => {
  const user = fakeSdk(join(base, "node_modules", "@pulumi", "pulumi"), "3.276.0");
  const nested = fakeSdk(join(base, "node_modules", "pulumi-feature-flags", "node_modules", "@pulumi", "pulumi"), "3.248.0");

  it("counts one copy however many of its files are loaded", () => {
    const copies = loadedSdkCopies([
      join(user, "index.js"), join(user, "runtime", "resource.js"), join(user, "proto", "resource_pb.js"),
      join(base, "node_modules", "zod", "index.cjs"),
    ]);
    expect(copies).toEqual([{ root: user, version: "3.276.0" }]);
  });

  it("tells a nested copy apart from the user's, with both versions", () => {
    const copies = loadedSdkCopies([join(user, "index.js"), join(nested, "index.js"), join(nested, "dynamic", "index.js")]);
    expect(copies).toEqual([
      { root: user, version: "3.276.0" },
      { root: nested, version: "3.248.0" },
    ]);
    const message = multipleSdkMessage(copies);
    expect(message).toContain(`3.276.0 at ${user}`);
    expect(message).toContain(`3.248.0 at ${nested}`);
    expect(message).toContain(`"${SUPPORTED_PULUMI_SDK}"`);
    expect(message).toContain("npm dedupe");
    expect(message).toContain("npm ls @pulumi/pulumi");
  });

  it("ignores files outside a node_modules/@pulumi/pulumi directory", () => {
    expect(loadedSdkCopies(["/src/pulumi/sdk/nodejs/index.js", "/app/node_modules/@pulumi/pulumi-aws/index.js"])).toEqual([]);
  });

  it("finds exactly the one copy this repository runs with", () => {
    require("@pulumi/pulumi");
    expect(loadedSdkCopies()).toHaveLength(1);
  });
});
