import { describe, expect, it } from "vitest";
import { paginate, type Page } from "./paginate";

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("paginate", () => {
  it("echoes cursors and stops on a missing or null cursor", async () => {
    const requested: Array<string | undefined> = [];
    const pages: Record<string, Page<number>> = { first: { items: [1, 2], nextCursor: 2 }, "2": { items: [3], nextCursor: "4" }, "4": { items: [4], nextCursor: null } };
    const items = await collect(paginate<number>(async (c) => { requested.push(c); return pages[c ?? "first"]!; }));
    expect(items).toEqual([1, 2, 3, 4]);
    expect(requested).toEqual([undefined, "2", "4"]);
  });

  it("goes on past empty pages that carry a cursor (a server filtering after paging)", async () => {
    const pages: Record<string, Page<number>> = { first: { items: [], nextCursor: 7 }, "7": { items: [], nextCursor: "14" }, "14": { items: [1], nextCursor: "" } };
    expect(await collect(paginate<number>(async (c) => pages[c ?? "first"]!))).toEqual([1]);
  });

  it("stops on a falsy cursor and a repeated cursor", async () => {
    expect(await collect(paginate<number>(async () => ({ items: [], nextCursor: 5 })))).toEqual([]);
    expect(await collect(paginate<number>(async () => ({ items: [1], nextCursor: 0 })))).toEqual([1]);
    expect(await collect(paginate<number>(async () => ({ items: [1] })))).toEqual([1]);
    let n = 0;
    expect(await collect(paginate<number>(async () => ({ items: [++n], nextCursor: "same" })))).toEqual([1, 2]);
    let m = 0;
    expect(await collect(paginate<number>(async () => ({ items: [++m], nextCursor: String(m) }), { maxPages: 3 }))).toEqual([1, 2, 3]);
  });
});
