import { describe, expect, it } from "vitest";
import { Router } from "./router";

describe("Router", () => {
  const r = new Router<string>()
    .add("GET", "/api/1/flags/:id", "get")
    .add("PATCH", "/api/1/flags/:id", "patch")
    .add("GET", "/api/1/flags/:id/variants/:variantKey", "variant");

  it("matches templates, decodes parameters and names the route", () => {
    expect(r.match("GET", "/api/1/flags/12/variants/a%20b")).toEqual({ kind: "found", handler: "variant", params: { id: "12", variantKey: "a b" }, route: "GET /api/1/flags/:id/variants/:variantKey" });
    expect(r.match("PATCH", "/api/1/flags/12/")).toMatchObject({ kind: "found", handler: "patch" });
  });

  it("tells not-found from method-not-allowed", () => {
    expect(r.match("GET", "/api/1/flags")).toEqual({ kind: "not-found" });
    expect(r.match("GET", "/api/1/flags//variants/x")).toEqual({ kind: "not-found" });
    expect(r.match("DELETE", "/api/1/flags/1")).toEqual({ kind: "method-not-allowed", allowed: ["GET", "PATCH"] });
  });

  it("throws URIError on malformed escapes", () => {
    expect(() => r.match("GET", "/api/1/flags/%E0%A4%A")).toThrow(URIError);
  });
});
