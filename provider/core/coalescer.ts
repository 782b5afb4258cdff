/**
 * Joins single operations that arrive close together into batches, per group: the building block of bulk writes
 * (one request for many objects) where a vendor offers them.
 *
 * A group's batch closes when it is full (sent at once) or when its window has passed since its first item and the
 * group's previous partial batch has been answered. The second condition makes batches grow by themselves when
 * requests are slow (a rate limit, a slow server): while one batch is out, the next gathers, so a steady stream of
 * operations costs about one request per round trip and group instead of one per operation.
 */

/** Settings of a {@link Coalescer}. */
export interface CoalescerOptions<T, R> {
  /** How long a batch stays open after its first item, in milliseconds. */
  readonly windowMs: number;
  /** Most items in one batch (a full batch is sent at once). */
  readonly maxBatch: number;
  /**
   * Sends one batch (items of one group, in arrival order). Resolves to each item's result or `Error`, in the same
   * order; a rejection fails every item of the batch with it.
   */
  readonly send: (items: readonly T[]) => Promise<ReadonlyArray<R | Error>>;
  /** Test seam: how to wait out the window. @default setTimeout */
  readonly setTimer?: (fn: () => void, ms: number) => void;
}

interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

interface Group<T, R> {
  queue: Waiting<T, R>[];
  /** The window of the oldest queued item is still open. */
  windowOpen: boolean;
  /** A partial batch of this group is out. */
  busy: boolean;
}

/** Batches operations per group key; see the module comment for when a batch closes. */
export class Coalescer<T, R> {
  private readonly groups = new Map<string, Group<T, R>>();
  private readonly setTimer: (fn: () => void, ms: number) => void;

  /** @param options - window, batch cap and how to send a batch. */
  constructor(private readonly options: CoalescerOptions<T, R>) {
    if (!(options.maxBatch >= 1)) throw new RangeError("Coalescer: maxBatch must be at least 1");
    this.setTimer = options.setTimer ?? ((fn, ms) => void setTimeout(fn, ms));
  }

  /**
   * Adds one operation to its group's open batch.
   * @param key - the group: only items with equal keys share a batch.
   * @param item - the operation.
   * @returns the item's own result, or rejects with its own error (or the batch's).
   */
  submit(key: string, item: T): Promise<R> {
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { queue: [], windowOpen: false, busy: false };
      this.groups.set(key, group);
    }
    const g = group;
    const result = new Promise<R>((resolve, reject) => g.queue.push({ item, resolve, reject }));
    if (!g.windowOpen && g.queue.length === 1) {
      g.windowOpen = true;
      this.setTimer(() => {
        g.windowOpen = false;
        this.pump(key, g);
      }, this.options.windowMs);
    }
    this.pump(key, g);
    return result;
  }

  /** Groups with queued or unanswered items (for tests and diagnostics). */
  get activeGroups(): number {
    return this.groups.size;
  }

  private pump(key: string, g: Group<T, R>): void {
    while (g.queue.length >= this.options.maxBatch) void this.dispatch(key, g, g.queue.splice(0, this.options.maxBatch), false);
    if (g.queue.length > 0 && !g.windowOpen && !g.busy) {
      g.busy = true;
      void this.dispatch(key, g, g.queue.splice(0), true);
    }
    if (g.queue.length === 0 && !g.windowOpen && !g.busy && this.groups.get(key) === g) this.groups.delete(key);
  }

  private async dispatch(key: string, g: Group<T, R>, batch: Waiting<T, R>[], partial: boolean): Promise<void> {
    try {
      const results = await this.options.send(batch.map((w) => w.item));
      batch.forEach((w, i) => {
        const r = results[i];
        if (i >= results.length) w.reject(new Error(`batch answered ${results.length} of ${batch.length} items`));
        else if (r instanceof Error) w.reject(r);
        else w.resolve(r as R);
      });
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      if (partial) g.busy = false;
      this.pump(key, g);
    }
  }
}
