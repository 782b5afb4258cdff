import { describe, expect, it } from "vitest";
import { deploymentType, type ConfigObjectSnapshot, type ProjectSnapshot } from "./read";
import { configObjectArgs, deploymentVariable, literal, renderProgram } from "./render";

const flag = (fields: Partial<ConfigObjectSnapshot>): ConfigObjectSnapshot => ({ id: "1", key: "f", variants: [], ...fields });

describe("literal", () => {
  it("writes JSON values as TypeScript, with bare keys where possible", () => {
    expect(literal({ a: 1, "odd key": [true, null, "x"], nested: {} })).toBe('{ a: 1, "odd key": [true, null, "x"], nested: {} }');
    expect(literal("quote\"and\nnewline")).toBe('"quote\\"and\\nnewline"');
    expect(literal({ a: undefined, b: 2 })).toBe("{ b: 2 }");
  });

  it("breaks long values over lines and stays valid JSON-like code", () => {
    const long = { list: Array.from({ length: 30 }, (_, i) => `user-${i}@example.com`) };
    const text = literal(long);
    expect(text.split("\n").length).toBeGreaterThan(30);
    expect(new Function(`return ${text}`)()).toEqual(long);
  });
});

describe("deploymentVariable", () => {
  it("makes unique camelCase identifiers that avoid reserved and program names", () => {
    const taken = new Set<string>();
    expect(deploymentVariable("web", taken)).toBe("webDeployment");
    expect(deploymentVariable("web", taken)).toBe("webDeployment2");
    expect(deploymentVariable("api-server_eu", taken)).toBe("apiServerEuDeployment");
    expect(deploymentVariable("1st", taken)).toBe("d1stDeployment");
    expect(deploymentVariable("---", taken)).toBe("dDeployment");
  });
});

describe("deploymentType", () => {
  it("agrees with the provider: the type field, else the key's prefix", () => {
    expect(deploymentType({ type: "server", key: "client-x" })).toBe("server");
    expect(deploymentType({ key: "server-abc" })).toBe("server");
    expect(deploymentType({ key: "client-abc" })).toBe("client");
    expect(deploymentType({ key: null })).toBe("client");
  });
});

describe("configObjectArgs", () => {
  it("declares every live field as the provider reads it back, and leaves out what has no value", () => {
    const notes: string[] = [];
    const args = configObjectArgs(
      flag({
        key: "checkout",
        name: "Checkout",
        description: null,
        enabled: true,
        evaluationMode: "remote",
        bucketingKey: "amplitude_id",
        bucketingSalt: "abc",
        bucketingUnit: "User",
        rolloutPercentage: 0,
        variants: [
          { key: "on", name: null, payload: { a: 1 }, rolloutWeight: 1, users: ["u1"], cohorts: [] },
          { key: "off-ish", payload: null, rolloutWeight: null, users: [], cohorts: ["c1"] },
        ],
        targetSegments: [
          { name: "S", conditions: [{ type: "property", prop: "country", op: "is", values: ["DE"] }], percentage: 50, rolloutWeights: { on: 1 }, bucketingKey: null },
        ],
        deployments: ["10", "99"],
        tags: ["b", "a"],
      }),
      "flag",
      new Map([["10", "webDeployment"]]),
      notes,
    );
    expect(args).toMatchObject({
      key: "checkout", name: "Checkout", description: undefined, enabled: true, evaluationMode: "remote",
      bucketingKey: "amplitude_id", bucketingSalt: "abc", bucketingUnit: "User", rolloutPercentage: 0, tags: ["a", "b"],
    });
    expect(args.variants).toEqual([
      { key: "on", name: undefined, description: undefined, payload: { a: 1 }, rolloutWeight: 1, users: ["u1"], cohorts: undefined },
      { key: "off-ish", name: undefined, description: undefined, payload: undefined, rolloutWeight: undefined, users: undefined, cohorts: ["c1"] },
    ]);
    // `type` left to its default, a null bucketingKey left unmanaged.
    expect(args.targetSegments).toEqual([
      { name: "S", conditions: [{ prop: "country", op: "is", values: ["DE"] }], percentage: 50, rolloutWeights: { on: 1 }, bucketingKey: undefined },
    ]);
    expect(literal(args.deployments)).toBe('[webDeployment.id, "99"]');
    expect(notes).toEqual(["deployment 99 is not among the project's live deployments; linked by id"]);
  });

  it("adds the experiment fields, with dates as YYYY-MM-DD", () => {
    const args = configObjectArgs(
      flag({
        experimentType: "a-b-test", stickyBucketing: false, startDate: "2026-12-01T00:00:00.000Z", endDate: null,
        exposureEvent: null, decision: "rollout", decisionReason: "won", rolledOutVariant: "t", state: "decision-made",
      }),
      "experiment",
      new Map(),
      [],
    );
    expect(args).toMatchObject({ experimentType: "a-b-test", stickyBucketing: false, startDate: "2026-12-01", decision: "rollout", decisionReason: "won", rolledOutVariant: "t" });
    expect(args.endDate).toBeUndefined();
    expect("exposureEvent" in args).toBe(false);
    expect("state" in args).toBe(false); // read-only
    expect(configObjectArgs(flag({ experimentType: "a-b-test" }), "flag", new Map(), [])).not.toHaveProperty("experimentType");
  });

  it("notes what the provider would refuse instead of failing silently", () => {
    const notes: string[] = [];
    configObjectArgs(flag({ targetSegments: [{ conditions: [{ prop: "x", op: "regex", values: [1] }] }] }), "flag", new Map(), notes);
    expect(notes).toEqual([
      "segment 1: condition operator 'regex' is not one the provider accepts",
      "segment 1 has no name; the provider requires one, so adopting renames it",
    ]);
  });
});

describe("renderProgram", () => {
  const snapshot: ProjectSnapshot = {
    projectId: "123",
    deployments: [{ id: "10", label: "web", type: "client" }],
    flags: [flag({ key: "dark-mode", variants: [{ key: "on", payload: true, users: [], cohorts: [] }], deployments: ["10"], tags: [] })],
    experiments: [],
  };

  it("writes a complete program: import, export = async function, adopt on every resource", () => {
    const text = renderProgram(snapshot, { deletionPolicy: "retain" });
    expect(text).toBe(
      [
        "// Generated by `pulumi-feature-flags generate --project 123`.",
        "// Adopts 1 deployment, 1 flag and 0 experiments of Amplitude project 123 exactly as they are,",
        "// so the first `pulumi up` sends no change. Edit freely from here on: this file is now the source of truth.",
        'import { amplitude } from "pulumi-feature-flags";',
        "",
        "export = async () => {",
        '  const projectId = "123";',
        "  // `adopt` takes over the object with the same key (deployments: label) instead of creating one.",
        '  const common = { projectId, adopt: true, deletionPolicy: "retain" } as const;',
        "",
        "  // Deployments",
        '  const webDeployment = new amplitude.Deployment("web", { ...common, label: "web", type: "client" });',
        "",
        "  // Flags",
        '  new amplitude.Flag("dark-mode", {',
        "    ...common,",
        '    key: "dark-mode",',
        '    variants: [{ key: "on", payload: true }],',
        "    targetSegments: [],",
        "    deployments: [webDeployment.id],",
        "    tags: [],",
        "  });",
        "};",
        "",
      ].join("\n"),
    );
  });

  it("is deterministic", () => {
    expect(renderProgram(snapshot)).toBe(renderProgram(structuredClone(snapshot)));
  });
});
