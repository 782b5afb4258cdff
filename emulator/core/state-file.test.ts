import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { JsonStateFile, STATE_SAVE_DELAY_MS, type ParsedState } from "./state-file";

type Doc = { n: number };
const parse = (doc: unknown): ParsedState<Doc> =>
  typeof doc === "object" && doc !== null && typeof (doc as Doc).n === "number" ? { ok: true, state: doc as Doc } : { ok: false, message: "n must be a number" };

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("JsonStateFile", () => {
  it("loads nothing when absent, batches saves, and flushes on demand", async () => {
    dir = mkdtempSync(join(tmpdir(), "state-file-"));
    const path = join(dir, "s.json");
    let current: Doc = { n: 1 };
    const file = new JsonStateFile(path, () => current, parse, "test");
    expect(file.load()).toBeUndefined();
    file.schedule();
    current = { n: 2 };
    file.schedule(); // same batch
    await new Promise((r) => setTimeout(r, STATE_SAVE_DELAY_MS * 3));
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({ n: 2 });
    current = { n: 3 };
    file.schedule();
    await file.flush();
    expect(file.load()).toEqual({ n: 3 });
  });

  it("refuses an invalid document with the file name and the validator's message", () => {
    dir = mkdtempSync(join(tmpdir(), "state-file-"));
    const path = join(dir, "bad.json");
    writeFileSync(path, JSON.stringify({ n: "x" }));
    expect(() => new JsonStateFile(path, () => ({ n: 0 }), parse, "test").load()).toThrow(`${path}: n must be a number`);
  });
});
