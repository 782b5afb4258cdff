import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SUPPORTED_PULUMI_SDK } from "../version";
import { inSupportedRange, sdkCopyFrom, sdkMismatchMessage, unsupportedSdkMessage } from "./single-sdk";

const base = mkdtempSync(join(tmpdir(), "ff-sdk-copies-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function fakePackage(dir: string, name: string, version: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, version }));
  return dir;
}

// A user's project: its SDK, the package installed beside it, and (as the old pinned release left it) a
// second SDK nested under the package.
const project = join(base, "app");
const userSdk = fakePackage(join(project, "node_modules", "@pulumi", "pulumi"), "@pulumi/pulumi", "3.276.0");
const pkg = fakePackage(join(project, "node_modules", "pulumi-feature-flags"), "pulumi-feature-flags", "0.2.0");

describe("the SDK copy a directory resolves", () => {
  it("is the project's for the program and for a package that brings none", () => {
    expect(sdkCopyFrom(project)).toEqual({ root: userSdk, version: "3.276.0" });
    expect(sdkCopyFrom(join(pkg, "dist", "provider"))).toEqual({ root: userSdk, version: "3.276.0" });
  });

  it("is the nested one for a package that brings its own", () => {
    const nestedProject = join(base, "nested");
    fakePackage(join(nestedProject, "node_modules", "@pulumi", "pulumi"), "@pulumi/pulumi", "3.276.0");
    const nestedPkg = fakePackage(join(nestedProject, "node_modules", "pulumi-feature-flags"), "pulumi-feature-flags", "0.1.0");
    const nested = fakePackage(join(nestedPkg, "node_modules", "@pulumi", "pulumi"), "@pulumi/pulumi", "3.248.0");
    expect(sdkCopyFrom(nestedPkg)).toEqual({ root: nested, version: "3.248.0" });
    expect(sdkCopyFrom(nestedProject)?.version).toBe("3.276.0");
  });

  it("is named by its real path, so a linked copy outside any node_modules is still told apart", () => {
    const elsewhere = fakePackage(join(base, "src", "pulumi-sdk"), "@pulumi/pulumi", "3.260.0");
    const linkedProject = join(base, "linked");
    mkdirSync(join(linkedProject, "node_modules", "@pulumi"), { recursive: true });
    symlinkSync(elsewhere, join(linkedProject, "node_modules", "@pulumi", "pulumi"));
    expect(sdkCopyFrom(linkedProject)).toEqual({ root: elsewhere, version: "3.260.0" });
  });

  it("is undefined where no SDK can be found", () => {
    expect(sdkCopyFrom(mkdtempSync(join(tmpdir(), "ff-no-sdk-")))).toBeUndefined();
  });

  it("is the same copy for this repository's program and for this package, inside the supported range", () => {
    const ours = sdkCopyFrom(__dirname)!;
    expect(sdkCopyFrom(process.cwd())).toEqual(ours);
    expect(inSupportedRange(ours.version)).toBe(true);
  });
});

describe("messages", () => {
  const program = { root: userSdk, version: "3.276.0" };
  const ours = { root: join(pkg, "node_modules", "@pulumi", "pulumi"), version: "3.248.0" };

  it("name both copies and, for an installed package, the dedupe fix", () => {
    const message = sdkMismatchMessage(program, ours, pkg);
    expect(message).toContain(`runs @pulumi/pulumi 3.276.0 at ${userSdk}`);
    expect(message).toContain(`second copy, 3.248.0 at ${ours.root}`);
    expect(message).toContain(`"${SUPPORTED_PULUMI_SDK}"`);
    expect(message).toContain("npm dedupe");
    expect(message).toContain("no resource of this package was registered");
  });

  it("tell a linked package to install the tarball instead, since npm dedupe cannot help it", () => {
    const clone = join(base, "clone");
    const message = sdkMismatchMessage(program, { root: join(clone, "node_modules", "@pulumi", "pulumi"), version: "3.216.0" }, clone);
    expect(message).toContain(`linked from ${clone}`);
    expect(message).toContain("npm pack");
    expect(message).not.toContain("npm dedupe");
  });

  it("state the supported range for an SDK outside it", () => {
    expect(unsupportedSdkMessage({ root: userSdk, version: "3.200.0" })).toContain(`supports @pulumi/pulumi ${SUPPORTED_PULUMI_SDK}; this program runs 3.200.0`);
  });
});

describe("the supported range", () => {
  it.each([
    ["3.216.0", true], ["3.276.0", true], ["3.999.9", true], ["3.215.9", false], ["3.200.0", false], ["4.0.0", false], ["2.30.0", false],
    ["3.300.0-alpha.1", true], ["dev", true],
  ])("%s → %s", (version, supported) => {
    expect(inSupportedRange(version)).toBe(supported);
  });
});
