import type { LiveConfigObject, LiveVariant } from "./live-state";

/**
 * How flags and experiments are stored in the Pulumi state, compared with how the provider works with them.
 *
 * The engine rewrites the whole state after every step on `file://` and S3 backends, so every byte a flag's
 * outputs carry is paid N times per step. A member whose value is its default is therefore left out of the
 * stored outputs, and put back when the provider reads them ({@link fromState}):
 *
 * - `deleted` when `false` (it is only recorded as `true`, archived outside Pulumi);
 * - a variant's `name` and `description` when `""` (Amplitude's value for unset), `payload` when `null`, and
 *   `users`/`cohorts` when the program does not manage them (`null` in memory);
 * - `targetSegments` when `[]` (no segment);
 * - the `owner` URN's fixed parts: `urn:pulumi:dev::shop::pulumi-nodejs:dynamic/amplitude:Flag::checkout` is
 *   stored as `dev::shop::Flag::checkout` ({@link shortOwner}); a URN of another form (a parent's type in
 *   its type chain) is stored whole.
 *
 * `adopt` and `deletionPolicy` follow the inputs (only set when not the default, see `check`), and
 * `managedFields` leaves out what is empty and lists the managed fields as a bit mask (see input-projection.ts).
 *
 * State written by 0.2.0 and earlier holds every member; state written by ab21d28 holds the whole owner URN,
 * the managed fields by name and an empty `targetSegments`. A refresh keeps each member such state recorded
 * ({@link toState} with `recorded`), so upgrading shows no changed output; the next update of the resource
 * writes the compact shape.
 */
const variantDefaults = { name: "", description: "", payload: null, users: null, cohorts: null } as const;
const objectDefaults = { deleted: false } as const;

const isDefault = (value: unknown, fallback: unknown) => value === fallback;
const isEmptyList = (value: unknown) => Array.isArray(value) && value.length === 0;

const urnPrefix = "urn:pulumi:";
const typePrefix = "pulumi-nodejs:dynamic/amplitude:";

/**
 * The owner URN as stored: `<stack>::<project>::<Type>::<name>` when the URN is
 * `urn:pulumi:<stack>::<project>::pulumi-nodejs:dynamic/amplitude:<Type>::<name>` (stack and project names
 * hold no `:`), otherwise the URN itself. {@link fullOwner} turns it back into the URN.
 */
export function shortOwner(urn: string): string {
  if (!urn.startsWith(urnPrefix)) return urn;
  const parts = urn.slice(urnPrefix.length).split("::");
  if (parts.length < 4 || !parts[2].startsWith(typePrefix)) return urn;
  const short = [parts[0], parts[1], parts[2].slice(typePrefix.length), ...parts.slice(3)].join("::");
  return fullOwner(short) === urn ? short : urn;
}

/** The owner URN that a stored owner (short, or the whole URN as 0.2.0 and ab21d28 stored it) stands for. */
export function fullOwner(stored: string): string {
  if (stored.startsWith(urnPrefix)) return stored;
  const parts = stored.split("::");
  if (parts.length < 4) return stored;
  return `${urnPrefix}${parts[0]}::${parts[1]}::${typePrefix}${parts[2]}::${parts.slice(3).join("::")}`;
}

/** A variant as stored: members holding their default left out. */
function storedVariant(v: LiveVariant, recorded?: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [member, value] of Object.entries(v)) {
    const fallback = (variantDefaults as Record<string, unknown>)[member];
    if (member in variantDefaults && isDefault(value, fallback) && !(recorded && member in recorded)) continue;
    out[member] = value;
  }
  return out;
}

/**
 * The outputs to store for `live`. With `recorded` (the outputs in state, on refresh), members that state
 * recorded are kept even when they hold their default, so state written by earlier versions refreshes
 * without changes.
 */
export function toState(live: LiveConfigObject, recorded?: Record<string, unknown>): LiveConfigObject {
  const out: Record<string, unknown> = {};
  for (const [member, value] of Object.entries(live)) {
    if (member in objectDefaults && isDefault(value, (objectDefaults as Record<string, unknown>)[member]) && !(recorded && member in recorded)) continue;
    if (member === "targetSegments" && isEmptyList(value) && !(recorded && member in recorded)) continue;
    // Whole in state written before the short form, so that it refreshes without a change.
    if (member === "owner" && typeof value === "string" && !(typeof recorded?.owner === "string" && recorded.owner.startsWith(urnPrefix))) {
      out.owner = shortOwner(value);
      continue;
    }
    out[member] = value;
  }
  const recordedVariants = (recorded?.variants ?? []) as Record<string, unknown>[];
  out.variants = live.variants.map((v) => storedVariant(v, recordedVariants.find((r) => r.key === v.key)));
  return out as LiveConfigObject;
}

/** The stored outputs with every member the provider works with (defaults put back). */
export function fromState(stored: LiveConfigObject): LiveConfigObject {
  const variants = ((stored.variants ?? []) as Partial<LiveVariant>[]).map((v) => ({ ...variantDefaults, ...v }) as LiveVariant);
  const full: LiveConfigObject = { ...objectDefaults, ...stored, variants, targetSegments: stored.targetSegments ?? [] };
  if (typeof stored.owner === "string") full.owner = fullOwner(stored.owner);
  return full;
}
