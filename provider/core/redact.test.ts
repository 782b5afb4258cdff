import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { redactHeaders, redactText, Secret } from "./redact";

describe("Secret", () => {
  it("reveals only on request and hides everywhere else", () => {
    const s = new Secret("mgmt-abc");
    expect(s.reveal()).toBe("mgmt-abc");
    expect(String(s)).toBe("[redacted]");
    expect(JSON.stringify({ s })).toBe('{"s":"[redacted]"}');
    expect(inspect({ s }, { depth: 5, showHidden: true })).not.toContain("mgmt-abc");
    expect(Object.keys(s)).toEqual([]);
  });
});

describe("redactText / redactHeaders", () => {
  it("removes given secrets and credential-looking fragments", () => {
    const s = new Secret("k-123");
    expect(redactText("key k-123 twice k-123", [s])).toBe("key [redacted] twice [redacted]");
    expect(redactText("Authorization: Bearer abc.def")).toBe("Authorization: Bearer [redacted]");
    expect(redactText("Api-Key xyz")).toBe("Api-Key [redacted]");
    expect(redactText("nothing", [new Secret("")])).toBe("nothing");
  });
  it("masks credential headers", () => {
    expect(redactHeaders({ Authorization: "Bearer x", accept: "json", "x-api-key": "y" })).toEqual({ Authorization: "[redacted]", accept: "json", "x-api-key": "[redacted]" });
  });
});
