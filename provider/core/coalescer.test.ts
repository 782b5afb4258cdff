import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Coalescer } from "./coalescer";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A coalescer whose batches are recorded and answered when the test says so. */
function recorder(maxBatch = 3, windowMs = 50) {
  const batches: string[][] = [];
  const answers: Array<(results: Array<string | Error> | Error) => void> = [];
  const c = new Coalescer<string, string>({
    windowMs, maxBatch,
    send: (items) => {
      batches.push([...items]);
      return new Promise((resolve, reject) => answers.push((r) => (r instanceof Error ? reject(r) : resolve(r))));
    },
  });
  /** Answers batch `i` with each item upper-cased. */
  const answer = (i: number) => answers[i]!(batches[i]!.map((s) => s.toUpperCase()));
  return { c, batches, answers, answer };
}

describe("Coalescer", () => {
  it("sends what arrives within the window as one batch and gives each caller its own result", async () => {
    const { c, batches, answer } = recorder();
    const a = c.submit("k", "a");
    await vi.advanceTimersByTimeAsync(30);
    const b = c.submit("k", "b");
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(20); // 50 ms after the first
    expect(batches).toEqual([["a", "b"]]);
    answer(0);
    await expect(a).resolves.toBe("A");
    await expect(b).resolves.toBe("B");
    expect(c.activeGroups).toBe(0);
  });

  it("sends a full batch at once and caps every batch at maxBatch", async () => {
    const { c, batches, answer } = recorder(3);
    const all = ["1", "2", "3", "4", "5", "6", "7"].map((s) => c.submit("k", s));
    expect(batches).toEqual([["1", "2", "3"], ["4", "5", "6"]]); // full: no wait
    await vi.advanceTimersByTimeAsync(50);
    expect(batches).toEqual([["1", "2", "3"], ["4", "5", "6"], ["7"]]);
    for (let i = 0; i < 3; i++) answer(i);
    expect(await Promise.all(all)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
  });

  it("keeps groups apart", async () => {
    const { c, batches } = recorder();
    void c.submit("env-1", "a");
    void c.submit("env-2", "b");
    void c.submit("env-1", "c");
    await vi.advanceTimersByTimeAsync(50);
    expect(batches).toEqual([["a", "c"], ["b"]]);
  });

  it("holds the next partial batch while the group's previous one is unanswered, so batches grow when requests are slow", async () => {
    const { c, batches, answer } = recorder(100);
    void c.submit("k", "a");
    await vi.advanceTimersByTimeAsync(50);
    expect(batches).toEqual([["a"]]);
    void c.submit("k", "b");
    await vi.advanceTimersByTimeAsync(60);
    void c.submit("k", "c");
    await vi.advanceTimersByTimeAsync(500);
    expect(batches).toHaveLength(1); // the window passed, but batch 0 is still out
    answer(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([["a"], ["b", "c"]]);
    // A write arriving after an answer still gets its window.
    answer(1);
    await vi.advanceTimersByTimeAsync(0);
    void c.submit("k", "d");
    await vi.advanceTimersByTimeAsync(49);
    expect(batches).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([["a"], ["b", "c"], ["d"]]);
  });

  it("fails each item with its own error, or every item with the batch's", async () => {
    const { c, answers } = recorder();
    const a = c.submit("k", "a");
    const b = c.submit("k", "b");
    await vi.advanceTimersByTimeAsync(50);
    answers[0]!(["A", new Error("b refused")]);
    await expect(a).resolves.toBe("A");
    await expect(b).rejects.toThrow("b refused");
    const d = c.submit("k", "d");
    await vi.advanceTimersByTimeAsync(50);
    answers[1]!(new Error("server down"));
    await expect(d).rejects.toThrow("server down");
    expect(c.activeGroups).toBe(0);
  });
});
