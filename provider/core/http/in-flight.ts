import type { Step } from "./types";

/**
 * A counting semaphore with a first-in first-out queue: bounds how many requests are on the wire at once, so a
 * slow server is not buried under sockets while the token bucket keeps issuing permits.
 */
export class Semaphore {
  private limit: number;
  private active = 0;
  private readonly queue: Array<() => void> = [];

  /** @param limit - permits available at once (at least 1). */
  constructor(limit: number) {
    this.limit = Math.max(1, Math.floor(limit));
  }

  /**
   * Changes the number of permits; waiters are admitted at once if it grew.
   * @param limit - permits available at once (at least 1).
   */
  setLimit(limit: number): void {
    this.limit = Math.max(1, Math.floor(limit));
    this.admit();
  }

  /** Permits in use. */
  get inUse(): number {
    return this.active;
  }

  /** Callers waiting for a permit. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves when a permit is held; pair every call with {@link Semaphore.release}. */
  acquire(): Promise<void> {
    if (this.active < this.limit && this.queue.length === 0) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.queue.push(resolve));
  }

  /** Returns a permit and admits the next waiter. */
  release(): void {
    this.active = Math.max(0, this.active - 1);
    this.admit();
  }

  private admit(): void {
    while (this.active < this.limit && this.queue.length > 0) {
      this.active += 1;
      this.queue.shift()?.();
    }
  }
}

/**
 * The pipeline step that holds a permit for the duration of each attempt.
 * @param semaphore - the semaphore shared by every client of the same (base URL, project).
 */
export function inFlight(semaphore: Semaphore): Step {
  return async (request, next) => {
    await semaphore.acquire();
    try {
      return await next(request);
    } finally {
      semaphore.release();
    }
  };
}
