import { z } from "zod";
import { jsonDepth } from "../../core/dynamic/check";
import { containsUnknown } from "../../core/dynamic/unknown";
import { conditionOps, MAX_PAYLOAD_DEPTH } from "./args";

const keyCharset = /^[A-Za-z0-9_-]+$/;
const keyMessage = "may contain only letters, digits, '_' and '-'";
const maxInclusions = 2000;

const projectId = z
  .union([z.string().regex(/^\d+$/, "must be a numeric Amplitude project id"), z.number().int().positive()])
  .transform(String);
const objectKey = z.string().min(1, "is required").max(200).regex(keyCharset, keyMessage);
const percentage = z.number().min(0, "must be between 0 and 100").max(100, "must be between 0 and 100");
const weight = z.number().int("must be a whole number").min(0, "must be 0 or more");
const ids = (what: string) =>
  z.array(z.string().min(1)).max(maxInclusions, `at most ${maxInclusions} ${what} per variant (Amplitude's limit)`);

// Measured before the recursive JSON parse: a payload nested 1,000 levels would exhaust the stack of the
// parse itself, and the engine cannot carry it anyway (see MAX_PAYLOAD_DEPTH).
const payload = z
  .unknown()
  .superRefine((value, ctx) => {
    const depth = jsonDepth(value);
    if (depth > MAX_PAYLOAD_DEPTH) {
      ctx.addIssue({
        code: "custom",
        message: `is nested ${depth} levels deep; a payload may nest objects and arrays at most ${MAX_PAYLOAD_DEPTH} levels (deeper values cannot pass through the Pulumi engine)`,
      });
    }
  })
  .pipe(z.json());

const commonShape = {
  adopt: z.boolean().optional(),
  // Set by the resource classes, not by users: the resource's URN (see ownership.ts).
  owner: z.string().min(1).optional(),
  deletionPolicy: z.enum(["archive", "disable-then-archive", "retain"]).optional(),
};

const variant = z.strictObject({
  key: objectKey.refine((k) => k !== "off", "'off' is reserved: Amplitude serves it when no variant applies"),
  name: z.string().optional(),
  description: z.string().optional(),
  payload: payload.optional(),
  rolloutWeight: weight.optional(),
  users: ids("users").optional(),
  cohorts: ids("cohorts").optional(),
});

const condition = z.strictObject({
  prop: z.string().min(1, "is required"),
  op: z.enum(conditionOps, { error: `must be one of: ${conditionOps.join(", ")}` }),
  values: z.array(z.string()),
  type: z.literal("property").default("property"),
});

const segment = z.strictObject({
  name: z.string().min(1, "is required"),
  conditions: z.array(condition),
  percentage,
  rolloutWeights: z.record(z.string(), weight),
  bucketingKey: z.string().optional(),
});

export const configObjectShape = {
  ...commonShape,
  projectId,
  key: objectKey,
  name: z.string().optional(),
  description: z.string().optional(),
  enabled: z.boolean().optional(),
  evaluationMode: z.enum(["remote", "local"]).optional(),
  bucketingKey: z.string().min(1).optional(),
  bucketingSalt: z.string().min(1).optional(),
  bucketingUnit: z.string().min(1).optional(),
  rolloutPercentage: percentage.optional(),
  variants: z.array(variant).optional(),
  targetSegments: z.array(segment).optional(),
  deployments: z.array(z.string().regex(/^\d+$/, "must be a deployment id")).optional(),
  tags: z.array(z.string().min(1)).optional(),
};

type ConfigObjectFields = {
  enabled?: boolean;
  deployments?: string[];
  variants?: { key: string }[];
  targetSegments?: { rolloutWeights: Record<string, number> }[];
};

const list = <T>(value: T[] | undefined): T[] => (Array.isArray(value) ? value : []);

// Cross-field rules also run when single fields failed, so every mistake shows in one preview; the value
// may then be malformed, hence the defensive reads.
const always = { when: () => true };

/**
 * Rules that span fields; shared by flags and experiments. During a preview any value may be unknown (a
 * whole list from `apply`, one element, one nested field): a rule that reads an unknown value skips itself,
 * and runs once the value is known.
 */
function crossFieldRules(value: ConfigObjectFields, ctx: z.RefinementCtx): void {
  const keys = list(value.variants).map((v) => v?.key);
  keys.forEach((key, i) => {
    if (!containsUnknown(key) && keys.indexOf(key) !== i) {
      ctx.addIssue({ code: "custom", path: ["variants", i, "key"], message: `duplicate variant key '${key}'` });
    }
  });
  if (Array.isArray(value.variants) && !containsUnknown(keys)) {
    list(value.targetSegments).forEach((segment, i) => {
      const weights = segment?.rolloutWeights;
      if (weights === null || typeof weights !== "object") return;
      for (const key of Object.keys(weights)) {
        if (!keys.includes(key)) {
          ctx.addIssue({
            code: "custom",
            path: ["targetSegments", i, "rolloutWeights", key],
            message: `refers to variant '${key}', which is not among the variants (${keys.join(", ")})`,
          });
        }
      }
    });
  }
  if (value.enabled === true && !containsUnknown(value.deployments) && list(value.deployments).length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["enabled"],
      message: "cannot be true without at least one deployment (Amplitude refuses to activate it)",
    });
  }
}

/** Inputs of a flag after validation. */
export const flagSchema = z.strictObject(configObjectShape).superRefine(crossFieldRules, always);

const dateLike = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(s) && !Number.isNaN(Date.parse(s)), "must be a date (YYYY-MM-DD) or an ISO 8601 timestamp");

// Loose: Amplitude may return more than it documents here, and an adopted experiment must pass as read.
const exposureEvent = z.looseObject({
  event_type: z.string().min(1),
  filters: z.array(
    z.looseObject({
      group_type: z.string().nullable().optional(),
      subprop_key: z.string().nullable(),
      subprop_op: z.string().min(1),
      subprop_type: z.string().min(1),
      subprop_value: z.array(z.string()),
    }),
  ),
});

/** The fields experiments have beyond a flag's, all set through PATCH. */
export const experimentFields = [
  "experimentType", "stickyBucketing", "startDate", "endDate", "exposureEvent", "decision", "decisionReason",
  "rolledOutVariant",
] as const;

/** Inputs of an experiment after validation. */
export const experimentSchema = z
  .strictObject({
    ...configObjectShape,
    experimentType: z.enum(["a-b-test", "multi-arm-bandit", "hypothesis-testing", "no-harm"]).optional(),
    stickyBucketing: z.boolean().optional(),
    startDate: dateLike.optional(),
    endDate: dateLike.nullable().optional(),
    exposureEvent: exposureEvent.nullable().optional(),
    decision: z.enum(["rollout", "rollback", "continue-running"]).optional(),
    decisionReason: z.string().optional(),
    rolledOutVariant: z.string().optional(),
  })
  .superRefine((value, ctx) => {
    crossFieldRules(value, ctx);
    if (value.rolledOutVariant !== undefined && Array.isArray(value.variants) &&
        !containsUnknown([value.rolledOutVariant, value.variants.map((v) => v?.key)]) &&
        !value.variants.some((v) => v?.key === value.rolledOutVariant)) {
      ctx.addIssue({ code: "custom", path: ["rolledOutVariant"], message: `'${value.rolledOutVariant}' is not one of the variants` });
    }
    if (typeof value.startDate === "string" && typeof value.endDate === "string" &&
        !containsUnknown([value.startDate, value.endDate]) &&
        value.endDate.slice(0, 10) < value.startDate.slice(0, 10)) {
      ctx.addIssue({ code: "custom", path: ["endDate"], message: "must not be before startDate" });
    }
  }, always);

/** Inputs of a deployment after validation. */
export const deploymentSchema = z.strictObject({
  ...commonShape,
  projectId,
  label: z.string().min(1, "is required").max(200).regex(keyCharset, keyMessage),
  type: z.enum(["client", "server"], { error: "must be 'client' or 'server'" }),
});
export type DeploymentInputs = z.output<typeof deploymentSchema>;
