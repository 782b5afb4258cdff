import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode, isApiError } from "../../provider/amplitude/api";
import { startFixture, type Fixture } from "./emulator-fixture";

let fx: Fixture | undefined;
afterEach(async () => fx?.stop());

describe("writes that were applied but whose answer was dropped", () => {
  it("create of a flag, an experiment and a deployment yields exactly one object each", async () => {
    fx = await startFixture();
    const api = fx.client();
    fx.emu.setFaults({ rateDropAfterWrite: 1 });
    const flag = await api.flags.create({ key: "dropped-flag" });
    const exp = await api.experiments.create({ key: "dropped-exp" });
    const dep = await api.deployments.create({ label: "dropped-dep", type: "client" });
    fx.emu.setFaults({});
    const flags = (await api.flags.listAll()).filter((f) => f.key === "dropped-flag");
    expect(flags.map((f) => f.id)).toEqual([flag.id]);
    expect((await api.experiments.listAll()).filter((e) => e.key === "dropped-exp").map((e) => e.id)).toEqual([exp.id]);
    expect((await api.deployments.listAll()).filter((d) => d.label === "dropped-dep").map((d) => d.id)).toEqual([dep.id]);
    const log = await fx.admin<Array<{ method: string; route: string }>>("GET", "/__admin/requests");
    expect(log.filter((e) => e.method === "POST" && e.route === "POST /api/1/flags")).toHaveLength(1);
  });

  it("sub-resource writes are checked, not blindly replayed", async () => {
    fx = await startFixture();
    const api = fx.client();
    const { id } = await api.flags.create({ key: "subs", variants: [{ key: "on" }] });
    const dep = await api.deployments.create({ label: "subs-dep", type: "server" });
    fx.emu.setFaults({ rateDropAfterWrite: 1 });
    await api.flags.variants.create(id, { key: "blue" });
    await api.flags.users.add(id, "on", ["a", "b"]);
    await api.flags.cohorts.add(id, "on", ["c1"]);
    await api.flags.deployments.add(id, [dep.id]);
    await api.flags.users.remove(id, "on", ["a"]);
    await api.flags.cohorts.remove(id, "on", ["c1"]);
    await api.flags.deployments.remove(id, dep.id);
    await api.flags.variants.update(id, "blue", { key: "green" });
    await api.flags.variants.delete(id, "green");
    await api.flags.archive(id);
    fx.emu.setFaults({});
    expect(await api.flags.users.list(id, "on")).toEqual(["b"]);
    expect(await api.flags.cohorts.list(id, "on")).toEqual([]);
    expect(await api.flags.deployments.list(id)).toEqual([]);
    expect((await api.flags.variants.list(id)).map((v) => v.key)).toEqual(["on"]);
    expect((await api.flags.get(id)).deleted).toBe(true);
  });

  it("a create that failed before being applied (503) is replayed once", async () => {
    fx = await startFixture();
    const api = fx.client({ retryBaseDelayMs: 1 });
    fx.emu.setFaults({ rate503: 0.5 }, 3);
    for (let i = 0; i < 10; i += 1) await api.flags.create({ key: `r503-${i}` });
    fx.emu.setFaults({});
    const flags = await api.flags.listAll();
    for (let i = 0; i < 10; i += 1) expect(flags.filter((f) => f.key === `r503-${i}`)).toHaveLength(1);
  });

  it("a POST create never replays after a duplicate-key 400", async () => {
    fx = await startFixture();
    const api = fx.client();
    await api.flags.create({ key: "dup" });
    const err = await api.flags.create({ key: "dup" }).catch((e: unknown) => e);
    expect(isApiError(err) && err.code).toBe(ErrorCode.ALREADY_EXISTS);
  });
});
