import { existsSync, readFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import type { EmulatorState } from "./model";
import { parseEmulatorState } from "./state-schema";

/** How long changes are batched before the state file is rewritten. */
export const SAVE_DELAY_MS = 50;

/**
 * Keeps a JSON state file in step with the store: loaded once at start, rewritten (atomically, via a
 * temporary file and rename) shortly after changes, and flushed on stop. Batching keeps a burst of
 * writes from rewriting the file once per request.
 */
export class StateFile {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  /**
   * @param path - file path
   * @param read - returns the state to save
   */
  constructor(
    readonly path: string,
    private readonly read: () => EmulatorState,
  ) {}

  /**
   * Loads the file when it exists.
   * @throws Error when the file exists but is not a valid state document
   */
  load(): EmulatorState | undefined {
    if (!existsSync(this.path)) return undefined;
    const parsed = parseEmulatorState(JSON.parse(readFileSync(this.path, "utf8")) as unknown);
    if (!parsed.ok) throw new Error(`${this.path}: ${parsed.message}`);
    return parsed.state;
  }

  /** Schedules a save. */
  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, SAVE_DELAY_MS);
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
        process.stderr.write(`[amplitude-emulator] could not save state to ${this.path}: ${String(err)}\n`);
      });
    return this.writing;
  }
}
