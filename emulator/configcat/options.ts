import { DEFAULT_FAULT_SEED, type FaultOptions } from "../core/faults";

/** An organization the emulator starts with (state may add more through `/__admin/state`). */
export interface ConfigCatOrganization {
  /** Organization id (a uuid; lower-cased on input). */
  organizationId: string;
  /** Display name. */
  name: string;
}

/** A Public Management API credential and the user it acts as. */
export interface ConfigCatUser {
  /** Basic-auth user name. */
  username: string;
  /** Basic-auth password. Never echoed by the admin API. */
  password: string;
  /** `email` of `GET /v1/me`. @default `<username>@emulator.local` */
  email?: string;
  /** `fullName` of `GET /v1/me`. @default the username */
  fullName?: string;
  /** Organizations the user belongs to (ids). @default every organization the emulator starts with */
  organizationIds?: string[];
  /**
   * Whether `?bypassApproval=true` lets this user's V2 value writes through where approval is required
   * (`canBypassApproval` of value responses). Without it the write is refused with `Approval required.`
   * @default true
   */
  canBypassApproval?: boolean;
}

/**
 * Switches for behaviours ConfigCat leaves undocumented, so a client can be tested under every plausible
 * reading (see the ConfigCat section of emulator/README.md for each default and why).
 */
export interface ConfigCatFidelity {
  /** Status for an object outside the credential's organizations. @default 404 */
  forbiddenStatus?: 404 | 403;
  /** Status for a malformed id in a path (`/v1/configs/not-a-uuid`). @default 400 */
  invalidIdStatus?: 400 | 404;
  /** Serve HAL (`_links`, `_embedded`) when the request accepts `application/hal+json`. @default "off" */
  hal?: "off" | "on";
  /** What the rate limit counts per: credential + method + path template, + concrete path, or credential only. @default "template" */
  rateLimitKey?: "template" | "path" | "credential";
  /** Send `X-Rate-Limit-Limit/-Remaining/-Reset` on rate-limited routes. @default true */
  rateLimitHeaders?: boolean;
  /** Send `Retry-After` (integer seconds) with 429s. @default true */
  retryAfterHeader?: boolean;
  /**
   * Null or omitted members of `Update*` bodies (product, config, environment, tag, segment, product preferences,
   * permission group): keep the stored value, or clear it (preferences and groups back to a new one's). @default "keep"
   */
  updateNulls?: "keep" | "clear";
  /** `add /tags/-` of a tag the flag already has: ignored, or 400. @default "ignore" */
  duplicateTagAdd?: "ignore" | "error";
  /** Order of list endpoints: insertion order, or sorted by (order, name). @default "insertion" */
  listOrder?: "insertion" | "sorted";
  /** Where a V2 targeting rule without conditions is accepted: only last and with percentage options, or anywhere with either. @default "trailingPercentageOnly" */
  conditionlessRules?: "trailingPercentageOnly" | "anywhere";
  /** Bulk value `POST` response: every flag of the config, or only the listed ones. @default "all" */
  bulkResponse?: "all" | "listed";
  /** Error bodies: ModelState-style `{"field": ["message"]}`, or the bare message as text/plain. @default "modelState" */
  errorBodies?: "modelState" | "text";
  /** Deleting a segment in use, or a flag used as a prerequisite: refused with 400, or allowed (references removed). @default "refuse" */
  deleteInUse?: "refuse" | "cascade";
  /** `evaluationVersion` of a config created without one. @default "v1" */
  defaultEvaluationVersion?: "v1" | "v2";
  /**
   * What `-` means in a JSON Patch path outside `add`: the last element, as Microsoft.AspNetCore.JsonPatch
   * (what the API runs on) reads it, or refused as RFC 6901 says.
   * @default "lastElement"
   */
  patchEndOfArray?: "lastElement" | "rfc";
  /** A value `PUT` that changes nothing: keeps `lastVersionId`/`updatedAt` and writes no audit entry (`keep`), or counts as a change (`bump`). @default "keep" */
  noopPut?: "keep" | "bump";
  /** A new product: created empty, or with a "Main Config" (in `defaultEvaluationVersion`) and "Test" and "Production" environments as the Dashboard may do. @default "empty" */
  newProductContents?: "empty" | "defaults";
  /** Status of a V1 value endpoint used on a V2 config (and the reverse). @default 400 */
  wrongVersionStatus?: 400 | 404;
  /** Status of a missing or unknown `X-CONFIGCAT-SDKKEY` on the SDK-key value routes. @default 400 */
  badSdkKeyStatus?: 400 | 401 | 404;
  /** Access refusals (objects of other organizations): answered before rate limiting, consuming no quota, or after it, counted like any request. @default "beforeLimit" */
  accessRefusals?: "beforeLimit" | "afterLimit";
  /** Status of `Reason required` (value write without a mandatory note). @default 400 */
  reasonRequiredStatus?: 400 | 403 | 409;
  /** Status of `Approval required.` (V2 value write needing approval, not bypassed). @default 400 */
  approvalRequiredStatus?: 400 | 403 | 409;
  /** `latestVersionId` on the bulk value endpoint: ignored, or every listed flag's `lastVersionId` must equal it (else 409). @default "ignore" */
  bulkLatestVersionId?: "ignore" | "honour";
  /**
   * A bulk value `POST` with an invalid item (unknown `settingId`, one of another config, a bad formula, a prerequisite
   * cycle): refused as a whole with nothing stored, or the valid items stored and the invalid ones refused with 400.
   * @default "rejectAll"
   */
  bulkInvalidItems?: "rejectAll" | "applyOthers";
}

/** Rate-limit windows per key; 0 turns a window off. */
export interface ConfigCatLimits {
  /** Requests per key in any sliding second. @default 20 */
  perSecond?: number;
  /** Requests per key in any sliding minute. @default 500 */
  perMinute?: number;
}

/** Options for {@link startConfigCatEmulator} and the app behind it. */
export interface ConfigCatEmulatorOptions {
  /** Port to listen on; the host is always 127.0.0.1. @default 0 (a free port) */
  port?: number;
  /** Organizations created at start when the state has none. @default one, "Emulator Organization" */
  organizations?: ConfigCatOrganization[];
  /** Credentials. @default one user `emulator-user` / `emulator-password` in every organization */
  users?: ConfigCatUser[];
  /** Rate limits. @default 20 per second and 500 per minute per endpoint */
  limits?: ConfigCatLimits;
  /** Fault injection. @default none */
  faults?: FaultOptions;
  /** Seed for fault dice, uuids and SDK keys. @default 0x5eed */
  seed?: number;
  /** Fidelity switches. */
  fidelity?: ConfigCatFidelity;
  /** Load state from this file at start (when it exists) and write it back after changes and on stop. */
  stateFile?: string;
  /** Clock in epoch ms. @default Date.now */
  now?: () => number;
}

/** Fidelity with defaults filled in. */
export type ResolvedFidelity = Required<ConfigCatFidelity>;

/**
 * Every switch with its accepted values, default first: one table for the admin API's validation, the
 * CLI's `--fidelity name=value` and the docs, so a new switch cannot be forgotten in one of them.
 */
export const FIDELITY_VALUES: { readonly [K in keyof ConfigCatFidelity]-?: readonly NonNullable<ConfigCatFidelity[K]>[] } = {
  forbiddenStatus: [404, 403], invalidIdStatus: [400, 404], hal: ["off", "on"], rateLimitKey: ["template", "path", "credential"],
  rateLimitHeaders: [true, false], retryAfterHeader: [true, false], updateNulls: ["keep", "clear"], duplicateTagAdd: ["ignore", "error"],
  listOrder: ["insertion", "sorted"], conditionlessRules: ["trailingPercentageOnly", "anywhere"], bulkResponse: ["all", "listed"],
  errorBodies: ["modelState", "text"], deleteInUse: ["refuse", "cascade"], defaultEvaluationVersion: ["v1", "v2"], noopPut: ["keep", "bump"],
  patchEndOfArray: ["lastElement", "rfc"], newProductContents: ["empty", "defaults"], wrongVersionStatus: [400, 404],
  badSdkKeyStatus: [400, 401, 404], accessRefusals: ["beforeLimit", "afterLimit"], reasonRequiredStatus: [400, 403, 409],
  approvalRequiredStatus: [400, 403, 409], bulkLatestVersionId: ["ignore", "honour"],
  bulkInvalidItems: ["rejectAll", "applyOthers"],
};

/**
 * Fills fidelity defaults.
 * @param f - partial switches
 */
export function resolveFidelity(f: ConfigCatFidelity = {}): ResolvedFidelity {
  return {
    forbiddenStatus: f.forbiddenStatus ?? 404,
    invalidIdStatus: f.invalidIdStatus ?? 400,
    hal: f.hal ?? "off",
    rateLimitKey: f.rateLimitKey ?? "template",
    rateLimitHeaders: f.rateLimitHeaders ?? true,
    retryAfterHeader: f.retryAfterHeader ?? true,
    updateNulls: f.updateNulls ?? "keep",
    duplicateTagAdd: f.duplicateTagAdd ?? "ignore",
    listOrder: f.listOrder ?? "insertion",
    conditionlessRules: f.conditionlessRules ?? "trailingPercentageOnly",
    bulkResponse: f.bulkResponse ?? "all",
    errorBodies: f.errorBodies ?? "modelState",
    deleteInUse: f.deleteInUse ?? "refuse",
    defaultEvaluationVersion: f.defaultEvaluationVersion ?? "v1",
    noopPut: f.noopPut ?? "keep",
    patchEndOfArray: f.patchEndOfArray ?? "lastElement",
    newProductContents: f.newProductContents ?? "empty",
    wrongVersionStatus: f.wrongVersionStatus ?? 400,
    badSdkKeyStatus: f.badSdkKeyStatus ?? 400,
    accessRefusals: f.accessRefusals ?? "beforeLimit",
    reasonRequiredStatus: f.reasonRequiredStatus ?? 400,
    approvalRequiredStatus: f.approvalRequiredStatus ?? 400,
    bulkLatestVersionId: f.bulkLatestVersionId ?? "ignore",
    bulkInvalidItems: f.bulkInvalidItems ?? "rejectAll",
  };
}

/** The organization the emulator starts with by default. */
export const DEFAULT_ORGANIZATION: ConfigCatOrganization = { organizationId: "08d00000-0000-4000-8000-00000000c0de", name: "Emulator Organization" };

/** The credential the emulator accepts by default (also the CLI default). */
export const DEFAULT_USER: ConfigCatUser = { username: "emulator-user", password: "emulator-password" };

/** Defaults for every option except the port. */
export const CONFIGCAT_DEFAULTS = {
  perSecond: 20,
  perMinute: 500,
  seed: DEFAULT_FAULT_SEED,
} as const;
