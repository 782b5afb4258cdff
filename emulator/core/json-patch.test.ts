import { describe, expect, it } from "vitest";
import type { JsonValue } from "./json";
import { applyPatch, asPatch, jsonEqual, JsonPatchError, parsePointer } from "./json-patch";

const patch = (doc: JsonValue, ops: unknown): JsonValue => applyPatch(doc, asPatch(ops));

describe("JSON Pointer", () => {
  it("unescapes ~1 and ~0 and refuses bad pointers", () => {
    expect(parsePointer("")).toEqual([]);
    expect(parsePointer("/a~1b/m~0n/")).toEqual(["a/b", "m~n", ""]);
    expect(() => parsePointer("a")).toThrow();
    expect(() => parsePointer("/a~2")).toThrow();
  });
});

describe("JSON Patch (RFC 6902 appendix A)", () => {
  it("A.1–A.4 add and remove members and elements", () => {
    expect(patch({ foo: "bar" }, [{ op: "add", path: "/baz", value: "qux" }])).toEqual({ foo: "bar", baz: "qux" });
    expect(patch({ foo: ["bar", "baz"] }, [{ op: "add", path: "/foo/1", value: "qux" }])).toEqual({ foo: ["bar", "qux", "baz"] });
    expect(patch({ baz: "qux", foo: "bar" }, [{ op: "remove", path: "/baz" }])).toEqual({ foo: "bar" });
    expect(patch({ foo: ["bar", "qux", "baz"] }, [{ op: "remove", path: "/foo/1" }])).toEqual({ foo: ["bar", "baz"] });
  });

  it("A.5–A.7 replace and move", () => {
    expect(patch({ baz: "qux", foo: "bar" }, [{ op: "replace", path: "/baz", value: "boo" }])).toEqual({ baz: "boo", foo: "bar" });
    expect(patch({ foo: { bar: "baz", waldo: "fred" }, qux: { corge: "grault" } }, [{ op: "move", from: "/foo/waldo", path: "/qux/thud" }]))
      .toEqual({ foo: { bar: "baz" }, qux: { corge: "grault", thud: "fred" } });
    expect(patch({ foo: ["all", "grass", "cows", "eat"] }, [{ op: "move", from: "/foo/1", path: "/foo/3" }])).toEqual({ foo: ["all", "cows", "eat", "grass"] });
  });

  it("A.8–A.9 test succeeds or fails the whole patch, leaving the input untouched", () => {
    const doc = { baz: "qux", foo: ["a", 2, "c"] };
    expect(patch(doc, [{ op: "test", path: "/baz", value: "qux" }, { op: "test", path: "/foo/1", value: 2 }])).toEqual(doc);
    const before = structuredClone(doc);
    expect(() => patch(doc, [{ op: "replace", path: "/baz", value: "x" }, { op: "test", path: "/baz", value: "bar" }])).toThrow(JsonPatchError);
    expect(doc).toEqual(before);
  });

  it("A.10, A.14, A.16 add nested values, escape ~ and append with -", () => {
    expect(patch({ foo: "bar" }, [{ op: "add", path: "/child", value: { grandchild: {} } }])).toEqual({ foo: "bar", child: { grandchild: {} } });
    expect(patch({ "/": 9, "~1": 10 }, [{ op: "test", path: "/~01", value: 10 }])).toEqual({ "/": 9, "~1": 10 });
    expect(patch({ foo: ["bar"] }, [{ op: "add", path: "/foo/-", value: ["abc", "def"] }])).toEqual({ foo: ["bar", ["abc", "def"]] });
  });

  it("A.12, A.13, A.15 refuse a missing parent, an unknown op and a string/number mismatch in test", () => {
    expect(() => patch({ foo: "bar" }, [{ op: "add", path: "/baz/bat", value: "qux" }])).toThrow(/path does not exist/);
    expect(() => patch({}, [{ op: "frobnicate", path: "/a" }])).toThrow(JsonPatchError);
    expect(() => patch({ "/": 9, "~1": 10 }, [{ op: "test", path: "/~01", value: "10" }])).toThrow(/test failed/);
  });

  it("refuses out-of-range and non-canonical indexes, - outside add, and moves into a child", () => {
    expect(() => patch({ a: [1] }, [{ op: "add", path: "/a/2", value: 0 }])).toThrow(/out of bounds/);
    expect(() => patch({ a: [1, 2] }, [{ op: "replace", path: "/a/01", value: 0 }])).toThrow(/not an array index/);
    expect(() => patch({ a: [1] }, [{ op: "remove", path: "/a/-" }])).toThrow(JsonPatchError);
    expect(() => patch({ a: { b: {} } }, [{ op: "move", from: "/a", path: "/a/b/c" }])).toThrow(/children/);
    expect(() => patch({ a: 1 }, [{ op: "replace", path: "/b", value: 1 }])).toThrow(/does not exist/);
  });

  it("copies, replaces the root and names the failing operation", () => {
    expect(patch({ a: { x: 1 } }, [{ op: "copy", from: "/a", path: "/b" }])).toEqual({ a: { x: 1 }, b: { x: 1 } });
    expect(patch({ a: 1 }, [{ op: "replace", path: "", value: [1] }])).toEqual([1]);
    try {
      patch({ a: 1 }, [{ op: "test", path: "/a", value: 1 }, { op: "remove", path: "/zz" }]);
      expect.unreachable();
    } catch (err) {
      expect((err as JsonPatchError).index).toBe(1);
    }
  });

  it("reads - outside add as the last element only in the lastElement dialect", () => {
    const ops = asPatch([{ op: "remove", path: "/a/-" }]);
    expect(() => applyPatch({ a: [1, 2] }, ops)).toThrow(/not an array index/);
    expect(applyPatch({ a: [1, 2] }, ops, { endOfArray: "lastElement" })).toEqual({ a: [1] });
    expect(applyPatch({ a: [1, 2] }, asPatch([{ op: "replace", path: "/a/-", value: 9 }]), { endOfArray: "lastElement" })).toEqual({ a: [1, 9] });
    expect(() => applyPatch({ a: [] }, ops, { endOfArray: "lastElement" })).toThrow(JsonPatchError);
  });

  it("checks the document shape before applying", () => {
    expect(() => asPatch({ op: "add" })).toThrow(/array/);
    expect(() => asPatch([{ op: "add", path: "/a" }])).toThrow(/"value" is required/);
    expect(() => asPatch([{ op: "move", path: "/a" }])).toThrow(/"from" is required/);
    expect(() => asPatch([{ op: "remove", path: 3 }])).toThrow(/"path" must be a string/);
    expect(asPatch([{ op: "add", path: "/a", value: null }])).toEqual([{ op: "add", path: "/a", value: null }]);
  });

  it("compares JSON deeply, ignoring member order", () => {
    expect(jsonEqual({ a: [1, { b: 2 }], c: null }, { c: null, a: [1, { b: 2 }] })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined as unknown as JsonValue })).toBe(false);
    expect(jsonEqual([1], { 0: 1 })).toBe(false);
  });

  it("caps depth and size: deep values and self-copying chains fail their operation, never the stack", () => {
    const deep = JSON.parse("[".repeat(100) + "]".repeat(100)) as JsonValue;
    expect(() => applyPatch({}, [{ op: "add", path: "/x", value: deep }])).toThrow(/maximum depth of 64/);
    const chain = Array.from({ length: 70 }, () => ({ op: "copy", from: "", path: "/x" }));
    expect(() => applyPatch({}, chain)).toThrow(JsonPatchError);
    const doubling = Array.from({ length: 40 }, () => ({ op: "copy", from: "/a", path: "/a/-" }));
    expect(() => applyPatch({ a: [1] }, doubling, { maxNodes: 10_000 })).toThrow(/exceed 10000 values/);
    expect(applyPatch({ a: [1] }, doubling.slice(0, 3))).toEqual({ a: [1, [1], [1, [1]], [1, [1], [1, [1]]]] });
  });
});
