/**
 * Renders a {@link ProjectSnapshot} as a TypeScript stack program that adopts every object as it is.
 *
 * The rule that drives every choice here: a field the program sets is compared with what is live, and any
 * difference is a write on the first `up`. So each field is written exactly as the provider will read it back
 * (dates as `YYYY-MM-DD`, segment condition types left to their default, nulls left out), and a field that
 * has no value live is left out, which means "not managed" rather than "clear it".
 */
import { Code, literal, propertyName, variableName } from "../../core/generate/typescript";
import { conditionOps, type DeletionPolicy } from "../resources/args";
import type { ConfigObjectSnapshot, DeploymentSnapshot, ProjectSnapshot, VariantSnapshot } from "./read";

/** Options of {@link renderProgram}. */
export interface RenderOptions {
  /**
   * Deletion policy written on every resource; unset leaves the provider default (`archive`).
   * `retain` is the careful choice while a team is still getting used to owning flags in code.
   */
  deletionPolicy?: DeletionPolicy;
  /** The command line that produced the file, quoted in its header (without any key). */
  command?: string;
}


// Names the generated program itself uses.
const programNames = new Set(["amplitude", "projectId", "common"]);

export { literal };

/**
 * A camelCase variable name for a deployment, unique among `taken` (which it extends).
 * @param label - the deployment's label.
 * @param taken - names already used in the program.
 */
export function deploymentVariable(label: string, taken: Set<string>): string {
  return variableName(label, "Deployment", taken, programNames, "d");
}

const nonEmpty = (v: unknown): v is string => typeof v === "string" && v !== "";
const dateOnly = (v: unknown) => (typeof v === "string" ? v.slice(0, 10) : undefined);

function variantArgs(v: VariantSnapshot): Record<string, unknown> {
  return {
    key: v.key,
    // Amplitude stores "" for a variant without a name or description; declaring it would only add noise.
    name: nonEmpty(v.name) ? v.name : undefined,
    description: nonEmpty(v.description) ? v.description : undefined,
    // A missing payload and a null one read back the same (null), so leaving it out loses nothing.
    payload: v.payload === null ? undefined : v.payload,
    rolloutWeight: v.rolloutWeight ?? undefined,
    // Inclusions are declared when there are some; a variant without any leaves them unmanaged rather than
    // costing two extra reads per variant on every refresh. Add `users: []` to own an empty list.
    users: v.users.length > 0 ? v.users : undefined,
    cohorts: v.cohorts.length > 0 ? v.cohorts : undefined,
  };
}

function segmentArgs(segment: Record<string, unknown>, index: number, notes: string[]): Record<string, unknown> {
  const conditions = ((segment.conditions as Record<string, unknown>[] | undefined) ?? []).map((c) => {
    if (!(conditionOps as readonly string[]).includes(String(c.op))) {
      notes.push(`segment ${index + 1}: condition operator '${String(c.op)}' is not one the provider accepts`);
    }
    // `type` is left out: it defaults to `property`, the only value the API accepts, and is compared that way.
    return { prop: c.prop, op: c.op, values: ((c.values as unknown[]) ?? []).map(String) };
  });
  if (!nonEmpty(segment.name)) notes.push(`segment ${index + 1} has no name; the provider requires one, so adopting renames it`);
  return {
    name: nonEmpty(segment.name) ? segment.name : `Segment ${index + 1}`,
    conditions,
    percentage: typeof segment.percentage === "number" ? segment.percentage : 100,
    rolloutWeights: segment.rolloutWeights ?? {},
    bucketingKey: nonEmpty(segment.bucketingKey) ? segment.bucketingKey : undefined,
  };
}

const experimentTypes = ["a-b-test", "multi-arm-bandit", "hypothesis-testing", "no-harm"];
const decisions = ["rollout", "rollback", "continue-running"];

/**
 * The arguments of one flag or experiment, minus `projectId`/`adopt` (which come from `common`).
 * @param obj - the live object.
 * @param kind - which resource it becomes.
 * @param deploymentRefs - deployment id → variable name.
 * @param notes - receives warnings to print as comments above the resource.
 */
export function configObjectArgs(
  obj: ConfigObjectSnapshot,
  kind: "flag" | "experiment",
  deploymentRefs: ReadonlyMap<string, string>,
  notes: string[],
): Record<string, unknown> {
  const deployments = ((obj.deployments as unknown[] | undefined) ?? []).map(String).map((id) => {
    const variable = deploymentRefs.get(id);
    if (variable) return new Code(`${variable}.id`);
    notes.push(`deployment ${id} is not among the project's live deployments; linked by id`);
    return id;
  });
  const args: Record<string, unknown> = {
    key: obj.key,
    name: nonEmpty(obj.name) ? obj.name : undefined,
    description: typeof obj.description === "string" ? obj.description : undefined,
    enabled: typeof obj.enabled === "boolean" ? obj.enabled : undefined,
    evaluationMode: obj.evaluationMode === "remote" || obj.evaluationMode === "local" ? obj.evaluationMode : undefined,
    bucketingKey: nonEmpty(obj.bucketingKey) ? obj.bucketingKey : undefined,
    // The salt is owned too: leaving it unmanaged would let a later edit elsewhere reshuffle every user.
    bucketingSalt: nonEmpty(obj.bucketingSalt) ? obj.bucketingSalt : undefined,
    bucketingUnit: nonEmpty(obj.bucketingUnit) ? obj.bucketingUnit : undefined,
    rolloutPercentage: typeof obj.rolloutPercentage === "number" ? obj.rolloutPercentage : undefined,
    variants: obj.variants.map(variantArgs),
    targetSegments: ((obj.targetSegments as Record<string, unknown>[] | undefined) ?? []).map((s, i) => segmentArgs(s, i, notes)),
    deployments,
    tags: [...((obj.tags as string[] | undefined) ?? [])].sort(),
  };
  if (kind === "experiment") {
    if (typeof obj.experimentType === "string") {
      if (experimentTypes.includes(obj.experimentType)) args.experimentType = obj.experimentType;
      else notes.push(`experiment type '${obj.experimentType}' is not one the provider accepts; left unmanaged`);
    }
    if (typeof obj.stickyBucketing === "boolean") args.stickyBucketing = obj.stickyBucketing;
    args.startDate = dateOnly(obj.startDate);
    args.endDate = dateOnly(obj.endDate);
    if (obj.exposureEvent !== null && obj.exposureEvent !== undefined) args.exposureEvent = obj.exposureEvent;
    if (typeof obj.decision === "string" && decisions.includes(obj.decision)) args.decision = obj.decision;
    if (nonEmpty(obj.decisionReason)) args.decisionReason = obj.decisionReason;
    if (nonEmpty(obj.rolledOutVariant)) args.rolledOutVariant = obj.rolledOutVariant;
  }
  return args;
}

function resource(className: string, name: string, args: Record<string, unknown>, notes: string[]): string {
  // One property per line with `...common` first, so every resource visibly adopts and diffs stay small.
  const props = Object.entries(args)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `    ${propertyName(k)}: ${literal(v, "    ")},`);
  return [
    ...notes.map((n) => `  // NOTE: ${n}`),
    `  new amplitude.${className}(${JSON.stringify(name)}, {`,
    "    ...common,",
    ...props,
    "  });",
  ].join("\n");
}

/**
 * Renders the stack program. The result is a complete `index.ts`: `export =` of an async function, which the
 * Pulumi Node.js runtime calls (and which tests can run as an inline Automation API program).
 * @param snapshot - what {@link readProject} returned.
 * @param options - deletion policy and header.
 */
export function renderProgram(snapshot: ProjectSnapshot, options: RenderOptions = {}): string {
  const taken = new Set<string>();
  const refs = new Map<string, string>();
  const out: string[] = [];
  out.push(
    `// Generated by \`${options.command ?? `pulumi-feature-flags generate --project ${snapshot.projectId}`}\`.`,
    `// Adopts ${count(snapshot.deployments.length, "deployment")}, ${count(snapshot.flags.length, "flag")} and ` +
      `${count(snapshot.experiments.length, "experiment")} of Amplitude project ${snapshot.projectId} exactly as they are,`,
    "// so the first `pulumi up` sends no change. Edit freely from here on: this file is now the source of truth.",
    'import { amplitude } from "pulumi-feature-flags";',
    "",
    "export = async () => {",
    `  const projectId = ${JSON.stringify(snapshot.projectId)};`,
    `  // \`adopt\` takes over the object with the same key (deployments: label) instead of creating one.`,
    `  const common = ${literal({ projectId: new Code("projectId"), adopt: true, deletionPolicy: options.deletionPolicy })} as const;`,
  );

  if (snapshot.deployments.length > 0) out.push("", "  // Deployments");
  for (const d of snapshot.deployments) {
    const variable = deploymentVariable(d.label, taken);
    refs.set(d.id, variable);
    out.push(deploymentLine(d, variable));
  }
  for (const [title, items, className, kind] of [
    ["Flags", snapshot.flags, "Flag", "flag"],
    ["Experiments", snapshot.experiments, "Experiment", "experiment"],
  ] as const) {
    if (items.length > 0) out.push("", `  // ${title}`);
    for (const obj of items) {
      const notes: string[] = [];
      const args = configObjectArgs(obj, kind, refs, notes);
      out.push(resource(className, String(obj.key), args, notes));
    }
  }
  out.push("};", "");
  return out.join("\n");
}

function deploymentLine(d: DeploymentSnapshot, variable: string): string {
  return `  const ${variable} = new amplitude.Deployment(${JSON.stringify(d.label)}, { ...common, label: ${JSON.stringify(d.label)}, type: ${JSON.stringify(d.type)} });`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
