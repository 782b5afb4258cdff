import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDuration, isoSeconds, nextUtcMidnight, realSleep, utcDay } from "./time";
import { PACKAGE_VERSION, SUPPORTED_PULUMI_SDK, USER_AGENT } from "./version";
import { manualClock } from "./testing/manual-clock";

describe("time helpers", () => {
  it("computes UTC days and midnights", () => {
    const t = Date.UTC(2026, 10, 23, 23, 59, 59, 999);
    expect(utcDay(t)).toBe("2026-11-23");
    expect(isoSeconds(nextUtcMidnight(t))).toBe("2026-11-24T00:00:00Z");
    expect(isoSeconds(nextUtcMidnight(Date.UTC(2026, 11, 31, 12)))).toBe("2027-01-01T00:00:00Z");
  });
  it("formats durations", () => {
    expect(formatDuration(-5)).toBe("0ms");
    expect(formatDuration(350)).toBe("350ms");
    expect(formatDuration(12_000)).toBe("12s");
    expect(formatDuration(245_000)).toBe("4m05s");
    expect(formatDuration(3 * 3600_000 + 12 * 60_000)).toBe("3h12m");
  });
  it("real sleep waits", async () => {
    const t = Date.now();
    await realSleep(5);
    expect(Date.now() - t).toBeGreaterThanOrEqual(4);
  });
  it("manual clock advances on sleep", async () => {
    const c = manualClock(0);
    await c.sleep(10);
    c.advance(5);
    expect(c.now()).toBe(15);
    expect(c.sleeps).toEqual([10]);
  });
});

describe("version", () => {
  it("matches package.json and shapes the User-Agent", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")) as { version: string };
    expect(PACKAGE_VERSION).toBe(pkg.version);
    expect(USER_AGENT).toBe(`pulumi-feature-flags/${pkg.version} (+pulumi dynamic provider)`);
  });

  it("names the peer range of @pulumi/pulumi that package.json declares", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")) as {
      peerDependencies: Record<string, string>;
      dependencies?: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(pkg.peerDependencies["@pulumi/pulumi"]).toBe(SUPPORTED_PULUMI_SDK);
    // A copy in `dependencies` is what nests a second SDK under the package in a user's project.
    expect(pkg.dependencies?.["@pulumi/pulumi"]).toBeUndefined();
    // The suite runs against the oldest version the range admits.
    expect(pkg.devDependencies["@pulumi/pulumi"]).toBe(/^>=(\S+)/.exec(SUPPORTED_PULUMI_SDK)?.[1]);
  });
});
