import { processRegistry } from "../../core/dynamic/process-registry";
import { serverKey } from "./client-for";

/**
 * Objects taken over with `adopt: true` in this run. One provider process serves every dynamic resource of a
 * deployment, and Pulumi runs creates before deletes: when a resource is renamed and the new one adopts the old
 * one's object, the old resource's delete must leave that object alone (guide rule 3).
 */
const takenOver = processRegistry("pulumi-feature-flags.configcat.taken-over", () => new Set<string>());

/**
 * Records that a resource adopted `collection/id` in this run.
 * @param collection - e.g. `settings`.
 * @param id - the object's id.
 */
export function recordTakeover(collection: string, id: string): void {
  takenOver.add(`${serverKey()}|${collection}/${id}`);
}

/**
 * Whether another resource adopted `collection/id` in this run, so a delete must not touch it.
 * @param collection - e.g. `settings`.
 * @param id - the object's id.
 */
export function isTakenOver(collection: string, id: string): boolean {
  return takenOver.has(`${serverKey()}|${collection}/${id}`);
}

/**
 * Objects that came with a product this process created (ConfigCat may give a new product a default config and
 * environments, design §2.10): the stack made them, by making the product, so a resource of the stack that declares
 * one of them by name takes it over without `adopt: true`. Recorded right after the product's create, from the
 * product's first lists, so an object added later (in the Dashboard, say) is never mistaken for one.
 */
const cameWith = processRegistry("pulumi-feature-flags.configcat.came-with-product", () => new Set<string>());

/**
 * Records that `collection/id` came with a product this process just created.
 * @param collection - `configs` or `environments`.
 * @param id - the object's id.
 */
export function recordCameWithProduct(collection: string, id: string): void {
  cameWith.add(`${serverKey()}|${collection}/${id}`);
}

/**
 * Whether `collection/id` came with a product this process created (see {@link recordCameWithProduct}).
 * @param collection - `configs` or `environments`.
 * @param id - the object's id.
 */
export function cameWithOwnProduct(collection: string, id: string): boolean {
  return cameWith.has(`${serverKey()}|${collection}/${id}`);
}

/**
 * Served values written in this run, by `environmentId:settingId`. A flag has one value per environment: two
 * resources of a stack declaring it would overwrite each other on every `up` and never converge. Each resource
 * creates or updates at most once per run (one provider process serves the whole run), so a second write of the same
 * value in one process is a second resource.
 */
const claimed = processRegistry("pulumi-feature-flags.configcat.claimed-values", () => new Set<string>());

/**
 * Claims the served value of flag `settingId` in `environmentId` for the resource writing it now; fails, before any
 * request, when another resource of the stack already wrote it in this run.
 * @param kind - the resource type, for the message (`SettingValue`, `SettingValueV1`).
 */
export function claimValue(kind: string, environmentId: string, settingId: string | number): void {
  const key = `${serverKey()}|${environmentId}:${settingId}`;
  if (claimed.has(key)) {
    throw new Error(
      `another resource of this stack already manages the value of flag ${settingId} in environment ${environmentId} ` +
        `(a flag has one value per environment); keep one ${kind} for it, or they overwrite each other on every \`up\`. Nothing was written.`,
    );
  }
  claimed.add(key);
}

/**
 * Forgets the claims of {@link claimValue}, as a new provider process would: for tests that run several engine
 * operations' worth of calls in one process. @internal
 */
export function startRun(): void {
  claimed.clear();
}

/**
 * An object's identity in the creation journal (core/dynamic/creation-journal.ts): the server, the collection and
 * the parts that name the object there (parent and id; for an attachment or a webhook, what identifies it).
 * @param collection - e.g. `settings`.
 * @param parts - e.g. the config id and the flag id.
 */
export function journalKey(collection: string, ...parts: Array<string | number>): string {
  return ["configcat", serverKey(), collection, ...parts].join("|");
}
