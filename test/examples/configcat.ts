/**
 * Shared by the ConfigCat example tests: the emulator readings they run under, a stack of an example wired to a
 * fixture's emulator, and a compact, readable view of what the emulator holds (flags and served values per
 * environment in the API's own terms), so a test can state the expected result as a literal next to the program.
 */
import type { ConfigCatState } from "../../emulator";
import { readings as allReadings } from "../configcat/readings";
import type { ConfigCatFixture } from "../configcat/fixture";
import { createTestStack, type TestStack } from "../helpers/pulumi-engine";
import { exampleProgram } from "./helpers";

/**
 * The emulator's defaults; with FF_FULL=1 also every alternative reading at once. The examples show that the
 * examples work; the resources' behaviour under every reading is the lifecycle tests' job (test/configcat), which
 * run both readings in CI.
 */
export const readings = process.env.FF_FULL === "1"
  ? allReadings.map((r) => ({
      ...r,
      // The examples' expected states are literals of what the program declares; a product that comes with default
      // contents (taken over or left alone: test/configcat/lifecycle.test.ts and resources.test.ts) would add to them.
      fidelity: { ...r.fidelity, newProductContents: "empty" as const },
    }))
  : allReadings.slice(0, 1);

/**
 * A stack running `examples/<name>` against the fixture's emulator, with the example's organization set to the
 * emulator's and the credential as a user sets it (`configcat:basicAuthPassword` secret).
 * @param name - the example's directory (also its Pulumi project name).
 * @param fx - the running emulator.
 * @param config - more stack config (values as the CLI stores them).
 */
export async function configcatExampleStack(name: string, fx: ConfigCatFixture, config: Record<string, { value: string }> = {}): Promise<TestStack> {
  return createTestStack({
    projectName: name,
    stackName: "dev",
    program: await exampleProgram(name),
    config: {
      [`${name}:organizationId`]: { value: fx.organizationId },
      ...config,
      "configcat:serverUrl": { value: fx.emu.url },
      "configcat:basicAuthUsername": { value: fx.emu.credentials.username },
      "configcat:basicAuthPassword": { value: fx.emu.credentials.password, secret: true },
    },
  });
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type ValueModel = { [member: string]: Json };

/** The one member a `ValueModel` sets, e.g. `{ intValue: 50 }`: shows both the value and the wire type. */
function typed(v: ValueModel | null): ValueModel | null {
  if (v === null) return null;
  const set = Object.entries(v).filter(([, x]) => x !== null);
  return Object.fromEntries(set);
}

/** A served value with targeting, as the emulator stores it, in a compact form. */
export interface ServedView {
  value: ValueModel | null;
  /** Rules in evaluation order: conditions as text (`Country isOneOf HU,AT`, `segment isIn Beta testers`), then the served value or split. */
  rules: { if: string[]; then: ValueModel | [number, ValueModel | null][] }[];
  percentageEvaluationAttribute?: string;
}

/**
 * What the emulator holds for one product, per environment name and flag key.
 * @param state - the emulator's state.
 * @param productName - the product to describe.
 */
export function describeProduct(state: ConfigCatState, productName: string) {
  const product = state.products.find((p) => p.name === productName);
  if (!product) return undefined;
  const environments = state.environments.filter((e) => e.productId === product.productId);
  const configs = state.configs.filter((c) => c.productId === product.productId);
  const segments = state.segments.filter((s) => s.productId === product.productId);
  const tags = state.tags.filter((t) => t.productId === product.productId);
  const settings = state.settings.filter((s) => configs.some((c) => c.configId === s.configId));
  const segmentName = (id: Json) => segments.find((s) => s.segmentId === id)?.name ?? String(id);
  const condition = (c: { [k: string]: Json }): string => {
    const user = c.userCondition as { comparisonAttribute: string; comparator: string; comparisonValue: { stringValue: string | null; doubleValue: number | null; listValue: { value: string }[] | null } } | null;
    const segment = c.segmentCondition as { segmentId: string; comparator: string } | null;
    if (user) {
      const v = user.comparisonValue;
      return `${user.comparisonAttribute} ${user.comparator} ${v.listValue ? v.listValue.map((i) => i.value).join(",") : (v.stringValue ?? v.doubleValue)}`;
    }
    if (segment) return `segment ${segment.comparator} ${segmentName(segment.segmentId)}`;
    const pre = c.prerequisiteFlagCondition as { prerequisiteSettingId: number; comparator: string; prerequisiteComparisonValue: ValueModel };
    const key = settings.find((s) => s.settingId === pre.prerequisiteSettingId)?.key;
    return `flag ${key} ${pre.comparator} ${JSON.stringify(typed(pre.prerequisiteComparisonValue))}`;
  };
  const served = (formula: Json): ServedView => {
    const f = formula as { defaultValue: ValueModel; targetingRules: { conditions: { [k: string]: Json }[]; value: ValueModel | null; percentageOptions: { percentage: number; value: ValueModel | null }[] }[]; percentageEvaluationAttribute: string | null };
    return {
      value: typed(f.defaultValue),
      rules: f.targetingRules.map((r) => ({
        if: r.conditions.map(condition),
        then: r.percentageOptions.length > 0 ? r.percentageOptions.map((o) => [o.percentage, typed(o.value)] as [number, ValueModel | null]) : typed(r.value)!,
      })),
      ...(f.percentageEvaluationAttribute === null ? {} : { percentageEvaluationAttribute: f.percentageEvaluationAttribute }),
    };
  };
  return {
    product: { name: product.name, description: product.description },
    configs: configs.map((c) => ({ name: c.name, evaluationVersion: c.evaluationVersion })),
    environments: environments.map((e) => ({ name: e.name, color: e.color, order: e.order })).sort((a, b) => a.order - b.order),
    tags: tags.map((t) => ({ name: t.name, color: t.color })),
    segments: segments.map((s) => ({ name: s.name, attribute: s.comparisonAttribute, comparator: s.comparator, value: s.comparisonValue })),
    flags: Object.fromEntries(settings.map((s) => [s.key, {
      settingType: s.settingType, name: s.name, hint: s.hint, order: s.order,
      tags: s.tags.map((t) => tags.find((x) => x.tagId === t.tagId)?.name),
    }])),
    values: Object.fromEntries(environments.map((e) => [e.name, Object.fromEntries(
      state.values.filter((v) => v.environmentId === e.environmentId).map((v) => [settings.find((s) => s.settingId === v.settingId)!.key, served(v.formula)]),
    )])),
    sdkKeys: state.sdkKeys.filter((k) => configs.some((c) => c.configId === k.configId)).length,
  };
}

/** Everything of the state but the organizations and the id counters: what a destroy must leave empty. */
export function leftovers(state: ConfigCatState): Record<string, number> {
  const { counters: _c, organizations: _o, ...rest } = state;
  return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, (v as unknown[]).length]).filter(([, n]) => n !== 0));
}
