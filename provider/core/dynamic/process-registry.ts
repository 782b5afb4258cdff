/**
 * One instance per provider process of a piece of state, however many copies of this package the process loads
 * (the engine's provider host can load the package twice: once from the program's directory, once from a
 * serialized provider's `require`). Kept on `globalThis` under a `Symbol.for` key, so every copy finds the same one.
 * @param name - a key unique to the state, e.g. `pulumi-feature-flags.configcat.taken-over`.
 * @param create - makes the state the first time.
 */
export function processRegistry<T>(name: string, create: () => T): T {
  const key = Symbol.for(name);
  const slots = globalThis as Record<symbol, unknown>;
  return (slots[key] as T | undefined) ?? (slots[key] = create()) as T;
}
