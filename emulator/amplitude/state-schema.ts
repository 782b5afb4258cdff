import { z } from "zod";
import type { EmulatorState } from "./model";

/*
 * Validates state coming from `PUT /__admin/state` or a state file, so a bad document is refused with a
 * message instead of corrupting the store.
 */

const json = z.json();

const variantSchema = z.object({
  key: z.string().min(1),
  name: z.string().default(""),
  description: z.string().default(""),
  payload: json.optional(),
  rolloutWeight: z.number().default(1),
  inclusions: z.array(z.string()).default([]),
  cohorts: z.array(z.string()).default([]),
});

const experimentSchema = z.object({
  experimentType: z.string().default("a-b-test"),
  stickyBucketing: z.boolean().default(false),
  startDate: z.string().nullable().default(null),
  endDate: z.string().nullable().default(null),
  exposureEvent: json.nullable().default(null),
  decision: z.string().nullable().default(null),
  decisionReason: z.string().nullable().default(null),
  rolledOutVariant: z.string().nullable().default(null),
  deliveryMethod: z.string().default("feature"),
});

const id = z.union([z.string().min(1), z.number().int().transform(String)]);

const configSchema = z.object({
  kind: z.enum(["flag", "experiment"]),
  id,
  projectId: id,
  key: z.string().min(1),
  name: z.string(),
  description: z.string().default(""),
  enabled: z.boolean().default(false),
  evaluationMode: z.string().default("remote"),
  bucketingKey: z.string().default("amplitude_id"),
  bucketingSalt: z.string().default(""),
  bucketingUnit: z.string().default("User"),
  variants: z.array(variantSchema),
  rolloutPercentage: z.number().default(0),
  targetSegments: z.array(json).default([]),
  deployments: z.array(id).default([]),
  deleted: z.boolean().default(false),
  tags: z.array(z.string()).default([]),
  parentDependencies: json.nullable().default(null),
  createdBy: z.string().default(""),
  lastModifiedBy: z.string().default(""),
  createdAt: z.string(),
  lastModifiedAt: z.string(),
  version: z.number().int().default(0),
  experiment: experimentSchema.optional(),
});

const deploymentSchema = z.object({
  id,
  projectId: id,
  label: z.string(),
  key: z.string(),
  type: z.enum(["client", "server"]),
  deleted: z.boolean().default(false),
});

const versionSchema = z.object({
  configId: id,
  kind: z.enum(["flag", "experiment"]),
  projectId: id,
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  flagConfig: z.record(z.string(), json),
});

/** Zod schema of {@link EmulatorState}. */
export const emulatorStateSchema = z.object({
  counters: z.object({ nextConfigId: z.number().int().positive(), nextDeploymentId: z.number().int().positive() }),
  flags: z.array(configSchema).default([]),
  experiments: z.array(configSchema).default([]),
  deployments: z.array(deploymentSchema).default([]),
  versions: z.array(versionSchema).default([]),
});

/**
 * Parses and checks a state document.
 * @param input - parsed JSON
 * @returns the state, or an error message naming the first problem
 */
export function parseEmulatorState(input: unknown): { ok: true; state: EmulatorState } | { ok: false; message: string } {
  const result = emulatorStateSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { ok: false, message: `Invalid state at ${issue.path.join(".") || "(root)"}: ${issue.message}` };
  }
  const state = result.data as EmulatorState;
  for (const c of state.flags) if (c.kind !== "flag") return { ok: false, message: `Invalid state: ${c.id} in flags has kind ${c.kind}` };
  for (const c of state.experiments) {
    if (c.kind !== "experiment") return { ok: false, message: `Invalid state: ${c.id} in experiments has kind ${c.kind}` };
    c.experiment ??= experimentSchema.parse({});
  }
  return { ok: true, state };
}
