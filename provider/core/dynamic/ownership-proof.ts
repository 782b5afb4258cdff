import { createHash } from "node:crypto";

/*
 * Proof of ownership left on an object while its create runs (guide rule 3): a resource may recover its own
 * interrupted create, never an object made in the UI or by another resource. The owner is the resource's URN, passed
 * by the resource class as the `owner` input (owner.ts, `dynamicResourceUrn`): a dynamic provider is never told it.
 */

/** The suffix that marks a name as `owner`'s pending name: a digest, so it names exactly one resource. */
function pendingSuffix(owner: string): string {
  return `-pulumi-${createHash("sha256").update(owner).digest("hex").slice(0, 12)}`;
}

/**
 * The name an object is created under before it takes its own: the name plus a digest of the owner, so the retry of
 * an interrupted create finds exactly its own object, and no other resource's. The name is cut so the result fits in
 * `maxLength` characters.
 * @param name - the object's own name.
 * @param owner - the creating resource's URN.
 * @param maxLength - the longest name the server accepts. @default 255
 */
export function pendingName(name: string, owner: string, maxLength = 255): string {
  const suffix = pendingSuffix(owner);
  return `${name.slice(0, Math.max(0, maxLength - suffix.length))}${suffix}`;
}

/**
 * Whether `name` is a {@link pendingName} of `owner`, whatever the name it was made from (the program may have
 * renamed the object since the interrupted run).
 * @param name - a live object's name.
 * @param owner - the resource's URN.
 */
export function isPendingNameOf(name: unknown, owner: string): boolean {
  return typeof name === "string" && name.endsWith(pendingSuffix(owner));
}
