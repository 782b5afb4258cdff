// ConfigCat bad input: property-based tests (fast-check), at least 600 generated invalid argument sets per resource.
// Each is rejected at `check` with the offending property named, nothing throws, and the emulator receives 0 requests.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConfigCat, type ConfigCatFixture } from "../configcat/fixture";
import { report } from "./harness";
import { ccSizes } from "./configcat-harness";

type CheckFailure = { property: string; reason: string };
type Provider = { check(olds: unknown, news: Record<string, unknown>): Promise<{ inputs?: unknown; failures?: CheckFailure[] }> };
type Kind = "product" | "config" | "environment" | "tag" | "segment" | "setting" | "setting-value" | "sdk-keys";

let fx: ConfigCatFixture;
let providers: Record<Kind, Provider>;
const env = { CONFIGCAT_SERVER_URL: "", CONFIGCAT_BASIC_AUTH_USERNAME: "", CONFIGCAT_BASIC_AUTH_PASSWORD: "" };

beforeAll(async () => {
  fx = await startConfigCat();
  // The provider reads its settings at call time: point it at the emulator, so a stray request would be seen.
  Object.assign(env, { CONFIGCAT_SERVER_URL: fx.emu.url, CONFIGCAT_BASIC_AUTH_USERNAME: fx.emu.credentials.username, CONFIGCAT_BASIC_AUTH_PASSWORD: fx.emu.credentials.password });
  Object.assign(process.env, env);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dynamic = require("pulumi-feature-flags/dynamic") as { provider(kind: string): Provider };
  const kinds: Kind[] = ["product", "config", "environment", "tag", "segment", "setting", "setting-value", "sdk-keys"];
  providers = Object.fromEntries(kinds.map((k) => [k, dynamic.provider(`configcat-${k}`)])) as Record<Kind, Provider>;
});
afterAll(async () => {
  for (const k of Object.keys(env)) delete process.env[k];
  await fx?.stop();
});

const uuid = (n: number) => `08d8${String(n).padStart(4, "0")}-2721-4da6-8c06-584521d516bc`;
const uuidRe = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const valid: Record<Kind, () => Record<string, any>> = {
  product: () => ({ organizationId: uuid(1), name: "Shop", description: "Web shop", order: 1, adopt: false, deletionPolicy: "delete" }),
  config: () => ({ productId: uuid(2), name: "Web", description: "d", order: 0, evaluationVersion: "v2", deletionPolicy: "retain" }),
  environment: () => ({ productId: uuid(2), name: "Production", description: "d", color: "#ff0000", order: 2, cleanupAuditLogsOnDelete: true }),
  tag: () => ({ productId: uuid(2), name: "beta", color: "koala", adopt: true }),
  segment: () => ({ productId: uuid(2), name: "Staff", description: "d", comparisonAttribute: "Email", comparator: "contains", comparisonValue: "@example.com" }),
  setting: () => ({ configId: uuid(3), key: "newCheckout", settingType: "string", name: "New checkout", hint: "h", order: 3, isJson: true, tags: [1, "2"] }),
  "setting-value": () => ({
    environmentId: uuid(4), settingId: 10001, settingType: "boolean", value: true,
    targetingRules: [
      {
        conditions: [
          { user: { attribute: "Email", comparator: "isOneOf", comparisonValue: ["a@example.com", { value: "b", hint: "Bob" }] } },
          { segment: { segmentId: uuid(5), comparator: "isIn" } },
        ],
        value: false,
      },
      { conditions: [{ prerequisite: { settingId: 7, comparator: "equals", value: true } }], percentageOptions: [{ percentage: 50, value: true }, { percentage: 50, value: false }] },
    ],
    percentageOptions: [{ percentage: 10, value: true }, { percentage: 90, value: false }],
    percentageEvaluationAttribute: "Email", initOnly: false, reason: "rollout", bypassApproval: false, deletionPolicy: "retain",
  }),
  "sdk-keys": () => ({ configId: uuid(3), environmentId: uuid(4) }),
};

// Values that are never valid where they are used.
const badUuid = fc.oneof(fc.string({ maxLength: 40 }).filter((s) => !uuidRe.test(s)), fc.integer(), fc.constant(null), fc.boolean(), fc.constant(uuid(1) + "0"));
const notString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), fc.object({ maxDepth: 1 }));
const notBoolean = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant([]));
const tooLong = (max: number) => fc.string({ minLength: max + 1, maxLength: max + 40, unit: fc.constantFrom("a", "b", " ") });
const badName = (max: number) => fc.oneof(fc.constant(""), tooLong(max), notString);
const badOptionalText = (max: number) => fc.oneof(tooLong(max), notString);
const badOrder = fc.oneof(fc.double({ min: 0.01, max: 1e6, noInteger: true }), fc.integer({ min: 2147483648, max: 2 ** 52 }), fc.string(), fc.constant(null), fc.boolean());
const badSettingId = fc.oneof(fc.constant(0), fc.integer({ max: -1 }), fc.double({ min: 1.1, max: 1e6, noInteger: true }), fc.string({ minLength: 1, maxLength: 6 }).filter((s) => !/^\d+$/.test(s)), fc.constant(null));
const badPercentage = fc.oneof(fc.integer({ min: 101, max: 1e6 }), fc.integer({ max: -1, min: -1e6 }), fc.double({ min: 0.1, max: 99.9, noInteger: true }), fc.string(), fc.constant(null));
const notIn = (allowed: readonly unknown[]) => fc.oneof(fc.string(), fc.integer(), fc.constant(null)).filter((v) => !allowed.includes(v));

/** One corruption of a valid argument set and the property `check` must name for it. */
type Mutation = { apply(args: Record<string, any>): void; property: string; crossField?: boolean; target?: string };
const writtenField = (m: Mutation) => (m.target ?? m.property).split(/[.[]/)[0];
const set = (field: string) => (v: unknown): Mutation => ({ apply: (a) => void (a[field] = v), property: field });

const common = (kind: Kind): fc.Arbitrary<Mutation>[] => [
  notBoolean.map(set("adopt")),
  notIn(["delete", "retain"]).map(set("deletionPolicy")),
  // An argument the resource does not have (a typo) is named as itself.
  fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !(k in valid[kind]()) && !["__proto__", "constructor", "__provider", "adopt", "deletionPolicy"].includes(k))
    .map((k) => ({ apply: (a) => void (a[k] = 1), property: k })),
];
const named = (parentField: string, nameMax: number): fc.Arbitrary<Mutation>[] => [
  badUuid.map(set(parentField)),
  badName(nameMax).map(set("name")),
  badOptionalText(1000).map(set("description")),
];

const mutations: Record<Kind, fc.Arbitrary<Mutation>[]> = {
  product: [...common("product"), ...named("organizationId", 1000), badOrder.map(set("order"))],
  config: [...common("config"), ...named("productId", 255), badOrder.map(set("order")), notIn(["v1", "v2"]).map(set("evaluationVersion"))],
  environment: [
    ...common("environment"), ...named("productId", 255), badOrder.map(set("order")), badOptionalText(255).map(set("color")),
    notBoolean.map(set("cleanupAuditLogsOnDelete")),
  ],
  tag: [...common("tag"), badUuid.map(set("productId")), badName(255).map(set("name")), badOptionalText(255).map(set("color"))],
  segment: [
    ...common("segment"), ...named("productId", 255), badName(1000).map(set("comparisonAttribute")),
    notIn(["isOneOf", "isNotOneOf", "contains", "doesNotContain", "semVerIsOneOf", "numberEquals", "sensitiveIsOneOf"]).filter((v) => typeof v !== "string" || !/^(semVer|number|sensitive|is|contains|doesNot)/.test(v)).map(set("comparator")),
    fc.oneof(fc.constant([]), fc.constant([""]), fc.integer(), fc.boolean(), fc.constant(null)).map(set("comparisonValue")),
  ],
  setting: [
    ...common("setting"), badUuid.map(set("configId")), badName(255).map(set("key")), badName(255).map(set("name")), badOptionalText(1000).map(set("hint")),
    badOrder.map(set("order")), notIn(["boolean", "string", "int", "double"]).map(set("settingType")), notBoolean.map(set("isJson")),
    fc.oneof(fc.constant([-1]), fc.constant(["abc"]), fc.constant([1.5]), fc.constant([null]), fc.string()).map(set("tags")),
    fc.constantFrom("boolean", "int", "double").map((t) => ({ apply: (a) => void (a.settingType = t), property: "isJson", crossField: true, target: "settingType" })),
  ],
  "setting-value": [
    badUuid.map(set("environmentId")), badSettingId.map(set("settingId")),
    notIn(["boolean", "string", "int", "double"]).map(set("settingType")),
    fc.oneof(fc.string(), fc.integer()).map((v) => ({ apply: (a) => void (a.value = v), property: "value", crossField: true })),
    fc.oneof(fc.constant(null), fc.object({ maxDepth: 1 }), fc.array(fc.boolean(), { maxLength: 2 })).map(set("value")),
    notBoolean.map(set("initOnly")), notBoolean.map(set("bypassApproval")), notString.map(set("reason")),
    fc.oneof(fc.constant(""), tooLong(1000), notString).map(set("percentageEvaluationAttribute")),
    notIn(["retain", "reset"]).map(set("deletionPolicy")),
    fc.constant<Mutation>({ apply: (a) => void (a.targetingRules[0].conditions = []), property: "targetingRules[0].conditions" }),
    notIn(["isOneOf", "textEquals", "numberLess", "semVerLess", "dateTimeAfter"]).filter((v) => typeof v !== "string" || /[^A-Za-z]/.test(v) || v === "" || v === "contains")
      .map((v) => ({ apply: (a) => void (a.targetingRules[0].conditions[0].user.comparator = v), property: "targetingRules[0].conditions[0].user.comparator" })),
    fc.oneof(fc.string(), fc.integer(), fc.constant([])).map((v) => ({
      apply: (a) => void (a.targetingRules[0].conditions[0].user.comparisonValue = v), property: "targetingRules[0].conditions[0].user.comparisonValue",
    })),
    fc.constantFrom("textEquals", "semVerLess", "numberLess", "dateTimeBefore").map((c) => ({
      apply: (a) => void (a.targetingRules[0].conditions[0].user.comparator = c), property: "targetingRules[0].conditions[0].user.comparisonValue",
    })),
    badName(1000).map((v) => ({ apply: (a) => void (a.targetingRules[0].conditions[0].user.attribute = v), property: "targetingRules[0].conditions[0].user.attribute" })),
    badUuid.map((v) => ({ apply: (a) => void (a.targetingRules[0].conditions[1].segment.segmentId = v), property: "targetingRules[0].conditions[1].segment.segmentId" })),
    notIn(["isIn", "isNotIn"]).map((v) => ({ apply: (a) => void (a.targetingRules[0].conditions[1].segment.comparator = v), property: "targetingRules[0].conditions[1].segment.comparator" })),
    fc.constant<Mutation>({
      apply: (a) => void (a.targetingRules[0].conditions[1] = { segment: { segmentId: uuid(5), comparator: "isIn" }, user: { attribute: "A", comparator: "textEquals", comparisonValue: "x" } }),
      property: "targetingRules[0].conditions[1]",
    }),
    badSettingId.map((v) => ({ apply: (a) => void (a.targetingRules[1].conditions[0].prerequisite.settingId = v), property: "targetingRules[1].conditions[0].prerequisite.settingId" })),
    notIn(["equals", "doesNotEqual"]).map((v) => ({ apply: (a) => void (a.targetingRules[1].conditions[0].prerequisite.comparator = v), property: "targetingRules[1].conditions[0].prerequisite.comparator" })),
    fc.constant<Mutation>({ apply: (a) => void (a.targetingRules[1].value = true), property: "targetingRules[1]", crossField: true, target: "targetingRules" }),
    fc.constant<Mutation>({ apply: (a) => void delete a.targetingRules[0].value, property: "targetingRules[0]", crossField: true, target: "targetingRules" }),
    badPercentage.map((v) => ({ apply: (a) => void (a.percentageOptions[0].percentage = v), property: "percentageOptions[0].percentage" })),
    // The other option is 90: any first percentage but 10 breaks the sum.
    fc.integer({ min: 0, max: 100 }).filter((p) => p !== 10).map((p) => ({ apply: (a) => void (a.percentageOptions[0].percentage = p), property: "percentageOptions", crossField: true })),
    badPercentage.map((v) => ({ apply: (a) => void (a.targetingRules[1].percentageOptions[1].percentage = v), property: "targetingRules[1].percentageOptions[1].percentage" })),
    fc.constant<Mutation>({ apply: (a) => void (a.targetingRules = "all"), property: "targetingRules" }),
  ],
  "sdk-keys": [
    badUuid.map(set("configId")), badUuid.map(set("environmentId")),
    fc.constantFrom("adopt", "deletionPolicy", "primary", "name").map((k) => ({ apply: (a) => void (a[k] = "x"), property: k })),
  ],
};

// A failure names the property when it is reported on it or inside it. A nested path reaches the engine as a
// resource-level failure whose reason starts with it (see core/dynamic/check.ts `engineFailures`).
const namedIn = (failures: CheckFailure[], property: string) =>
  failures.some((f) => {
    const where = f.property || f.reason.slice(0, f.reason.indexOf(": "));
    return where === property || where.startsWith(`${property}.`) || where.startsWith(`${property}[`);
  });

describe("ConfigCat check rejects every invalid argument set, names the property, sends nothing", () => {
  const totals: Record<string, number> = {};
  it.each(Object.keys(valid) as Kind[])("%s: generated invalid arguments", async (kind) => {
    // The valid base passes, so every failure below comes from the mutations.
    const base = await providers[kind].check({}, valid[kind]());
    expect(base.failures).toBeUndefined();
    expect(base).toHaveProperty("inputs");
    fx.emu.resetStats();
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.oneof(...mutations[kind]), { minLength: 1, maxLength: 3, selector: writtenField }), async (muts) => {
        runs += 1;
        const args = valid[kind]();
        for (const m of muts) m.apply(args);
        const result = await providers[kind].check({}, args);
        expect(result.inputs).toBeUndefined();
        // Rules that span fields run only once every field is well-formed, so they are reported when they are the
        // only problems; a field-level problem is always reported.
        const fieldLevel = muts.filter((m) => !m.crossField);
        for (const m of fieldLevel.length > 0 ? fieldLevel : muts) {
          if (!namedIn(result.failures!, m.property)) throw new Error(`${m.property} not named: ${JSON.stringify(result.failures)}`);
        }
        for (const f of result.failures!) expect(typeof f.reason === "string" && f.reason.length > 0).toBe(true);
      }),
      { numRuns: ccSizes.propertyRuns, seed: 15 },
    );
    expect(fx.emu.stats().total).toBe(0);
    totals[kind] = runs;
    report(`configcat-bad-input-${kind}`, { cases: runs, requestsSent: 0 });
  });

  it("arbitrary values never make check throw, and it never sends a request", async () => {
    fx.emu.resetStats();
    const kinds = Object.keys(valid) as Kind[];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...kinds),
        fc.oneof(
          fc.dictionary(fc.string(), fc.jsonValue()),
          fc.record({ productId: fc.anything(), name: fc.anything(), settingId: fc.anything(), targetingRules: fc.anything(), tags: fc.anything() }, { requiredKeys: [] }),
        ),
        async (kind, news) => {
          const result = await providers[kind].check({}, news as Record<string, unknown>);
          expect(result.inputs !== undefined || (result.failures?.length ?? 0) > 0).toBe(true);
        },
      ),
      { numRuns: ccSizes.propertyRuns, seed: 16 },
    );
    expect(fx.emu.stats().total).toBe(0);
  });
});
