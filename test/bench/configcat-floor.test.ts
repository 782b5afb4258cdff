// The ConfigCat benchmark's floor: what the per-endpoint windows allow at best, the figure every wall/floor
// ratio in bench/results/configcat*.md is divided by.
import { describe, expect, it } from "vitest";
import type { RequestLogEntry } from "../../emulator";
import { endpointFloorSeconds, operationFloor } from "../../bench/configcat/floor";

const documented = [{ limit: 20, periodMs: 1000 }, { limit: 500, periodMs: 60_000 }];

describe("endpointFloorSeconds", () => {
  it("lets the per-second window bind up to one minute's quota, then the per-minute one", () => {
    expect(endpointFloorSeconds(0, documented)).toBe(0);
    expect(endpointFloorSeconds(20, documented)).toBe(0);
    expect(endpointFloorSeconds(21, documented)).toBe(1);
    expect(endpointFloorSeconds(400, documented)).toBe(19);
    expect(endpointFloorSeconds(500, documented)).toBe(24);
    // The 501st must wait until the first leaves the minute window.
    expect(endpointFloorSeconds(501, documented)).toBe(60);
    expect(endpointFloorSeconds(1000, documented)).toBe(84);
    expect(endpointFloorSeconds(4000, documented)).toBe(444);
  });

  it("ignores windows that are off", () => {
    expect(endpointFloorSeconds(1000, [{ limit: 0, periodMs: 1000 }, { limit: 500, periodMs: 60_000 }])).toBe(60);
    expect(endpointFloorSeconds(1000, [])).toBe(0);
  });
});

describe("operationFloor", () => {
  const entry = (route: string, status: number): RequestLogEntry => ({ method: route.split(" ")[0], path: "/", route, status });

  it("is the busiest endpoint's floor, counting only admitted requests", () => {
    const log = [
      ...Array.from({ length: 41 }, () => entry("GET /v1/settings/:settingId", 200)),
      ...Array.from({ length: 30 }, () => entry("PUT /v2/environments/:environmentId/settings/:settingId/value", 200)),
      // Refused requests count in no window: 30 of them do not make the PUT endpoint the busiest.
      ...Array.from({ length: 30 }, () => entry("PUT /v2/environments/:environmentId/settings/:settingId/value", 429)),
    ];
    const f = operationFloor(log, documented);
    expect(f).toMatchObject({ seconds: 2, endpoint: "GET /v1/settings/:settingId", endpointRequests: 41 });
    expect(f.admittedByEndpoint["PUT /v2/environments/:environmentId/settings/:settingId/value"]).toBe(30);
  });

  it("is 0 with no request", () => {
    expect(operationFloor([], documented)).toMatchObject({ seconds: 0, endpoint: null, endpointRequests: 0 });
  });
});
