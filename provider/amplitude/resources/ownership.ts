import { processRegistry } from "../../core/dynamic/process-registry";
import { pendingName } from "../../core/dynamic/ownership-proof";
import type { VersionEntry } from "../api";

/**
 * Ownership: which resource of which stack made or manages an Amplitude object.
 *
 * Every resource knows its owner identity: its URN, computed by the resource class in the program and passed
 * as the `owner` input (a dynamic provider is never told the URN). Amplitude has no field for it, so:
 *
 * - A flag or experiment is created with a {@link creationMarker} as its description; the same create then
 *   sets the real description. The object's first version (Amplitude keeps every version) therefore names
 *   the resource that created it, for good. When a create meets its key already taken, that record is the
 *   proof that decides: this resource's own interrupted create is recovered; anything else (made in the UI,
 *   by another stack, by another resource of this stack, e.g. before a rename) is left alone.
 * - A deployment has nothing but its label, so it is created under a {@link pendingLabel} and renamed when
 *   the create is done: a deployment still under that label is this resource's interrupted create.
 * - Within one run (one provider process) the objects taken over with `adopt: true`, or being replaced,
 *   are recorded, so that the delete of another resource never archives an object taken over in that run.
 */

const markerPrefix = "Managed by Pulumi: ";

/** The description a flag or experiment carries between its create request and the end of the create. */
export function creationMarker(owner: string): string {
  return `${markerPrefix}${owner}`;
}

/** The owner a description names, if it is a {@link creationMarker}. */
export function markerOwner(description: unknown): string | undefined {
  return typeof description === "string" && description.startsWith(markerPrefix) ? description.slice(markerPrefix.length) : undefined;
}

/** The owner recorded in an object's first version (its create), if any. */
export function creator(versions: readonly VersionEntry[]): string | undefined {
  if (versions.length === 0) return undefined;
  const first = versions.reduce((a, b) => (b.version < a.version ? b : a));
  return markerOwner(first.flagConfig?.description);
}

/** A resource's name, the last part of its URN, for messages (`aliases: [{ name }]`). */
export function resourceName(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/**
 * The label a deployment is created under before it gets its own: the label plus a digest of the owner, so
 * the retry of an interrupted create finds exactly its own deployment. Letters, digits and `-` only, as
 * labels require.
 */
export function pendingLabel(label: string, owner: string): string {
  return pendingName(label, owner, Infinity);
}

type Registry = { takenOver: Map<string, string>; replacing: Map<string, string> };
const registry: Registry = processRegistry("pulumi-feature-flags.amplitude.ownership", () => ({ takenOver: new Map(), replacing: new Map() }));

/** Records that the resource `owner` took over `collection/id` in this run (adopt, or recovered create). */
export function recordTakeover(collection: string, id: string, owner: string | undefined): void {
  if (owner) registry.takenOver.set(`${collection}/${id}`, owner);
}

/**
 * The resource that took `collection/id` over in this run, when that is not `owner`: a delete of `owner`
 * must then leave the object alone.
 */
export function takenOverBy(collection: string, id: string, owner: string | undefined): string | undefined {
  const by = registry.takenOver.get(`${collection}/${id}`);
  return by !== undefined && by !== owner ? by : undefined;
}

/** Records, at `diff`, that the resource `owner` is about to replace its object `id`. */
export function recordReplacing(owner: string | undefined, id: string): void {
  if (owner) registry.replacing.set(owner, id);
}

/** The id of the object `owner` is replacing in this run, if any. */
export function replacedBy(owner: string | undefined): string | undefined {
  return owner ? registry.replacing.get(owner) : undefined;
}
