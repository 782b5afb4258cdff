import { afterEach, describe, expect, it } from "vitest";
import { collect, startFixture, type Fixture } from "./emulator-fixture";

let fx: Fixture | undefined;
afterEach(async () => fx?.stop());

describe("injected faults", () => {
  it("completes 500 mixed calls with 10% 429s, 5% 503s and 2% resets with 0 failures", async () => {
    fx = await startFixture({ seed: 42 });
    const api = fx.client();
    const dep = await api.deployments.create({ label: "faults", type: "server" });
    const base = await api.flags.create({ key: "faults-base", variants: [{ key: "on" }] });
    fx.emu.setFaults({ rate429: 0.1, rate503: 0.05, rateReset: 0.02 }, 7);
    fx.emu.resetStats();

    const ops: Array<() => Promise<unknown>> = [];
    for (let i = 0; i < 500; i += 1) {
      switch (i % 10) {
        case 0: ops.push(() => api.flags.create({ key: `faults-${i}`, variants: [{ key: "on" }] })); break;
        case 1: ops.push(() => api.flags.update(base.id, { description: `d${i}` })); break;
        case 2: ops.push(() => api.flags.users.add(base.id, "on", [`u${i}`])); break;
        case 3: ops.push(() => api.flags.variants.create(base.id, { key: `v${i}` })); break;
        case 4: ops.push(() => api.deployments.listAll()); break;
        case 5: ops.push(() => api.flags.findByKey("faults-base")); break;
        case 6: ops.push(() => api.flags.variants.list(base.id)); break;
        case 7: ops.push(() => api.flags.deployments.add(base.id, [dep.id])); break;
        default: ops.push(() => api.flags.get(base.id));
      }
    }
    const results = await Promise.allSettled(ops.map((op) => op()));
    const failures = results.flatMap((r) => (r.status === "rejected" ? [String((r.reason as Error).message)] : []));
    const stats = fx.emu.stats();
    console.log(`500 calls → ${stats.total} requests; statuses ${JSON.stringify(stats.byStatus)}`);
    expect(failures).toEqual([]);
    expect((stats.byStatus["429"] ?? 0) + (stats.byStatus["503"] ?? 0)).toBeGreaterThan(30);

    fx.emu.setFaults({});
    // Every create yielded exactly one object, every variant exists once, every user was added once.
    const flags = await api.flags.listAll();
    for (let i = 0; i < 500; i += 10) expect(flags.filter((f) => f.key === `faults-${i}`)).toHaveLength(1);
    const users = await api.flags.users.list(base.id, "on");
    expect(new Set(users).size).toBe(users.length);
    expect(users).toHaveLength(50);
    expect((await api.flags.variants.list(base.id)).filter((v) => v.key.startsWith("v"))).toHaveLength(50);
    expect(await collect(api.flags.list({ key: "faults-0" }))).toHaveLength(1);
  }, 120_000);
});
