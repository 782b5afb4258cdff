import { describe, expect, it } from "vitest";
import { configRoutes, resolveRoute } from "./paths";
import { amplitudeIsNotFound } from "./remedies";
import { resolveBaseUrl } from "./regions";

describe("routes", () => {
  it("fill encoded parameters and skip undefined query values", () => {
    const r = configRoutes("experiments");
    expect(resolveRoute(r.variant, { id: "12", variantKey: "a b/c" }, { x: undefined, y: true, z: 0 })).toEqual({
      route: "/api/1/experiments/:id/variants/:variantKey",
      path: "/api/1/experiments/12/variants/a%20b%2Fc?y=true&z=0",
    });
    expect(() => resolveRoute(r.item)).toThrow(/missing parameter id/);
  });
});

describe("regions", () => {
  it("map us/eu and accept any http(s) base URL", () => {
    expect(resolveBaseUrl()).toBe("https://experiment.amplitude.com");
    expect(resolveBaseUrl("eu")).toBe("https://experiment.eu.amplitude.com");
    expect(resolveBaseUrl("eu", "http://127.0.0.1:8080/")).toBe("http://127.0.0.1:8080");
    expect(() => resolveBaseUrl("ap" as never)).toThrow(/unknown Amplitude region/);
  });
});

describe("not-found rule", () => {
  it("treats Amplitude's 400 messages and a real 404 as not found", () => {
    expect(amplitudeIsNotFound(400, "Flag or experiment not found")).toBe(true);
    expect(amplitudeIsNotFound(400, "Variant key does not exist")).toBe(true);
    expect(amplitudeIsNotFound(404, "")).toBe(true);
    expect(amplitudeIsNotFound(400, "\"inclusions\" must be an array")).toBe(false);
  });
});
