import { processRegistry } from "./process-registry";
type Registry = Map<string, Promise<unknown>>;

const locks: Registry = processRegistry("pulumi-feature-flags.object-locks", () => new Map());

/**
 * Runs `work` after every earlier call with the same key has settled. Writes to one remote object
 * (a flag's PATCH, its variants, its deployment links) go through here, because the API replaces lists
 * wholesale and interleaved writes would lose one another's changes.
 */
export async function withObjectLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = locks.get(key) ?? Promise.resolve();
  const run = previous.then(work, work);
  const tail = run.catch(() => undefined);
  locks.set(key, tail);
  try {
    return await run;
  } finally {
    if (locks.get(key) === tail) locks.delete(key);
  }
}
