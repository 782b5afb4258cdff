import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

/**
 * The creation journal: a record, on this machine, of the objects a resource created, kept from the moment the
 * create's answer arrives until the engine shows it has the object in its state.
 *
 * Why: a create leaves its proof of ownership on the object itself while it runs (a pending name or a creation
 * marker, see {@link pendingName} and {@link creationMarker}), and removes it before it returns, since the object must
 * end as the program declares it. Between that last write and the engine's checkpoint of the create, a killed
 * `pulumi up` leaves an object that looks exactly like one made in the vendor's UI. The journal is the proof for that
 * window: it names the exact object (by id, so it never matches another one) and the resource that made it.
 *
 * One small file per object, under `$PULUMI_FEATURE_FLAGS_JOURNAL_DIR` or `<tmpdir>/pulumi-feature-flags-<uid>`.
 * Best effort: a journal that cannot be written only means that an interrupted create is refused with the
 * `adopt: true` guidance, as it would be without one. It holds resource URNs and object ids, never a credential.
 */

function directory(): string {
  const configured = process.env.PULUMI_FEATURE_FLAGS_JOURNAL_DIR;
  if (configured) return configured;
  let uid = "user";
  try {
    uid = String(userInfo().uid);
  } catch {
    // No passwd entry (some containers): one shared name is still private to this machine.
  }
  return join(tmpdir(), `pulumi-feature-flags-${uid}`);
}

function entryPath(object: string): string {
  return join(directory(), createHash("sha256").update(object).digest("hex").slice(0, 40));
}

/**
 * Records that resource `owner` created `object`.
 * @param object - the object's identity on its server: server, collection, parent and id, e.g.
 *   `https://api.configcat.com|settings|<configId>|10004`.
 * @param owner - the creating resource's URN.
 */
export function journalCreated(object: string, owner: string): void {
  try {
    mkdirSync(directory(), { recursive: true, mode: 0o700 });
    writeFileSync(entryPath(object), JSON.stringify({ object, owner, at: new Date().toISOString() }), { mode: 0o600 });
  } catch {
    // Best effort (see above).
  }
}

/**
 * The URN of the resource that created `object`, when this machine's journal has it.
 * @param object - as given to {@link journalCreated}.
 */
export function journaledCreator(object: string): string | undefined {
  try {
    const entry = JSON.parse(readFileSync(entryPath(object), "utf8")) as { object?: unknown; owner?: unknown };
    return entry.object === object && typeof entry.owner === "string" ? entry.owner : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Forgets `object`: the engine has it in a resource's state (it passed the object's id), or it is deleted.
 * @param object - as given to {@link journalCreated}.
 */
export function forgetCreated(object: string): void {
  try {
    unlinkSync(entryPath(object));
  } catch {
    // Mostly "no such entry": objects are journaled only between a create and the next run.
  }
}
