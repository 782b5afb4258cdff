import { describe, expect, it } from "vitest";
import { isReplaySafePatch, jsonEquals, pointer, replaceChanged, setOperations } from "./json-patch";

describe("JSON Patch builder", () => {
  it("escapes pointer tokens per RFC 6901", () => {
    expect(pointer("a/b", "m~n", 0)).toBe("/a~1b/m~0n/0");
  });
  it("replaces only the managed members that changed", () => {
    const current = { name: "A", hint: "h", order: 1, isJson: false };
    expect(replaceChanged(current, { name: "A", hint: "new", order: undefined }, ["name", "hint", "order", "isJson"]))
      .toEqual([{ op: "replace", path: "/hint", value: "new" }]);
    expect(replaceChanged(current, {}, ["name", "hint"])).toEqual([]);
  });
  it("turns one array into another as sets: removes from the highest index, then appends", () => {
    expect(setOperations("/tags", [1, 2, 3, 4], [4, 2, 5, 5])).toEqual([
      { op: "remove", path: "/tags/2" },
      { op: "remove", path: "/tags/0" },
      { op: "add", path: "/tags/-", value: 5 },
    ]);
    expect(setOperations("/tags", [1], [1])).toEqual([]);
  });
  it("calls only replace/test patches replay-safe", () => {
    expect(isReplaySafePatch([{ op: "replace", path: "/name", value: "x" }, { op: "test", path: "/hint", value: "y" }])).toBe(true);
    expect(isReplaySafePatch([{ op: "add", path: "/tags/-", value: 1 }])).toBe(false);
    expect(isReplaySafePatch([{ op: "remove", path: "/tags/0" }])).toBe(false);
  });
  it("compares JSON structurally", () => {
    expect(jsonEquals({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1, d: undefined })).toBe(true);
    expect(jsonEquals([1, 2], [2, 1])).toBe(false);
  });
});
