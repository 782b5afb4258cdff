import { existsSync, readFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";

/** How long changes are batched before a state file is rewritten. */
export const STATE_SAVE_DELAY_MS = 50;

/** Result of validating a state document. */
export type ParsedState<S> = { ok: true; state: S } | { ok: false; message: string };

/**
 * Keeps a JSON state file in step with an emulator's store: loaded once at start, rewritten atomically
 * (temporary file + rename) shortly after changes, and flushed on stop. Batching keeps a burst of writes
 * from rewriting the file once per request. Vendor-neutral: the vendor supplies the validator.
 */
export class JsonStateFile<S> {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  /**
   * @param path - file path
   * @param read - returns the state to save
   * @param parse - validates a loaded document
   * @param label - prefix for the one stderr line written when a save fails
   */
  constructor(
    readonly path: string,
    private readonly read: () => S,
    private readonly parse: (doc: unknown) => ParsedState<S>,
    private readonly label: string,
  ) {}

  /**
   * Loads the file when it exists.
   * @throws Error when the file exists but is not a valid state document
   */
  load(): S | undefined {
    if (!existsSync(this.path)) return undefined;
    const parsed = this.parse(JSON.parse(readFileSync(this.path, "utf8")) as unknown);
    if (!parsed.ok) throw new Error(`${this.path}: ${parsed.message}`);
    return parsed.state;
  }

  /** Schedules a save. */
  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, STATE_SAVE_DELAY_MS);
    this.timer.unref();
  }

  /** Writes any pending change now and waits for it. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.save();
    }
    await this.writing;
  }

  private save(): Promise<void> {
    const text = JSON.stringify(this.read(), null, 2);
    const tmp = `${this.path}.${process.pid}.tmp`;
    this.writing = this.writing
      .then(() => writeFile(tmp, text, "utf8"))
      .then(() => rename(tmp, this.path))
      .catch((err: unknown) => {
        process.stderr.write(`[${this.label}] could not save state to ${this.path}: ${String(err)}\n`);
      });
    return this.writing;
  }
}
