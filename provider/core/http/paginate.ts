/** One page of a cursor-paginated list. */
export interface Page<T> {
  /** The page's items. */
  readonly items: readonly T[];
  /** Cursor for the next page; missing, null or `""` means this was the last page (`0` too: see {@link paginate}). */
  readonly nextCursor?: string | number | null;
}

/** Settings of {@link paginate}. */
export interface PaginateOptions {
  /**
   * Hard stop after this many pages, a guard against a server that never ends.
   * @default 10000
   */
  readonly maxPages?: number;
}

/**
 * Walks a cursor-paginated list as an async generator: requests the first page without a cursor, then echoes
 * each `nextCursor` back (treated as opaque). Stops only when the cursor is missing, null or empty (some APIs send
 * `null`, others leave it out), or `0` (falsy, and as an offset it points back at the first page). An empty or
 * short page is **not** the end: a server that filters after cutting the page (Amplitude's docs allow it,
 * reference §2.4) sends `{"flags": [], "nextCursor": 7}` with more objects behind it. A cursor already seen
 * stops the walk, so a server that repeats itself cannot loop forever.
 * @param fetchPage - fetches one page; receives `undefined` for the first page.
 * @param options - guards.
 * @example
 * for await (const flag of paginate((cursor) => fetchFlags(cursor))) console.log(flag.key);
 */
export async function* paginate<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  options: PaginateOptions = {},
): AsyncGenerator<T, void, undefined> {
  const maxPages = options.maxPages ?? 10_000;
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const { items, nextCursor } = await fetchPage(cursor);
    yield* items;
    if (nextCursor === undefined || nextCursor === null || nextCursor === "" || nextCursor === 0) return;
    const next = String(nextCursor);
    if (seen.has(next)) return;
    seen.add(next);
    cursor = next;
  }
}
