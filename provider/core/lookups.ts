import * as pulumi from "@pulumi/pulumi";
import { processRegistry } from "./dynamic/process-registry";

/*
 * What every vendor's lookups (Pulumi's `get…` functions, issue 16) share. Dynamic providers cannot serve invokes,
 * so a lookup runs in the program's own process: it reads the vendor's stack configuration there, and remembers each
 * list it fetched for the rest of the program run, so that many lookups cost one request per collection.
 */

/** `Input` versions of lookup arguments, for the `…Output` forms. */
export type LookupInputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/**
 * The running program's stack configuration in the shape the engine hands a provider's `configure`, so a vendor's
 * settings resolve in the program exactly as in its provider (the same keys, the same environment fallbacks). Keys
 * are full (`configcat:serverUrl`; without a namespace, the project's); a missing key reads as `undefined`, and
 * `require` names the key, never a value.
 */
export function programConfig(): pulumi.dynamic.Config {
  const get = (key: string): string | undefined => {
    const at = key.indexOf(":");
    return at < 0 ? new pulumi.Config().get(key) : new pulumi.Config(key.slice(0, at)).get(key.slice(at + 1));
  };
  const require = (key: string): string => {
    const value = get(key);
    if (value === undefined) throw new Error(`missing required configuration key '${key}': set it with \`pulumi config set ${key} <value>\``);
    return value;
  };
  return { get, require };
}

type Memo = Map<string, Promise<unknown>>;
// One memo per program run, keyed by the run's stack resource: an Automation API process runs many programs
// (up, then preview, …) and each must see the API as it is then. One per process, shared by every copy of the package.
const runs: WeakMap<object, Memo> = processRegistry("pulumi-feature-flags.lookups", () => new WeakMap());

function memoOfThisRun(): Memo {
  const stack = pulumi.runtime.getStackResource();
  if (!stack) return new Map(); // outside a program run (a script): nothing to share, nothing kept
  let memo = runs.get(stack);
  if (!memo) runs.set(stack, (memo = new Map()));
  return memo;
}

/**
 * Runs `load` once per program run and key, and gives every caller of the run the same promise. A failure is not
 * remembered: the next caller asks again.
 * @param key - what is loaded, including everything that decides the answer (vendor, server, parent, collection).
 * @param load - fetches it.
 */
export function oncePerRun<T>(key: string, load: () => Promise<T>): Promise<T> {
  const memo = memoOfThisRun();
  let entry = memo.get(key) as Promise<T> | undefined;
  if (!entry) {
    const created = new Promise<T>((resolve) => resolve(load())); // a synchronous throw becomes a rejection
    entry = created;
    memo.set(key, created);
    created.catch(() => memo.get(key) === created && memo.delete(key));
  }
  return entry;
}
