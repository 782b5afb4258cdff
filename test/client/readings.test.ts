// The client against the emulator under each reading the docs leave open (emulator/README.md): every error body
// shape (reference §2.2) and pages filtered after paging (§2.4). Each must give the same results.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode, isAlreadyExists, isApiError, isNotFound, type AmplitudeClient } from "../../provider/amplitude/api";
import { startFixture, type Fixture } from "./emulator-fixture";

const caught = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

describe.each(["error", "message", "error-message", "errors", "hapi", "text"] as const)("error bodies shaped %s", (errorBody) => {
  let fx: Fixture;
  let api: AmplitudeClient;
  beforeAll(async () => {
    fx = await startFixture({ rateLimitPerSecond: 0, fidelity: { errorBody } });
    api = fx.client();
  });
  afterAll(async () => fx.stop());

  it("an unknown id is not found, a taken key already exists, and the server's own words reach the user", async () => {
    const missing = await caught(api.flags.get("99999999"));
    expect(isNotFound(missing)).toBe(true);
    const missingVariant = await caught(api.flags.variants.get((await api.flags.create({ key: `${errorBody}-a` })).id, "nope"));
    expect(isNotFound(missingVariant)).toBe(true);

    const duplicate = await caught(api.flags.create({ key: `${errorBody}-a` }));
    expect(isAlreadyExists(duplicate)).toBe(true);

    const { id } = await api.flags.create({ key: `${errorBody}-b` });
    const refused = await caught(api.flags.update(id, { enabled: true }));
    expect(isApiError(refused) && refused.code).toBe(ErrorCode.BAD_REQUEST);
    expect((refused as Error).message).toContain("400 Cannot activate without deployments");
    expect((refused as Error).message).not.toMatch(/Bad Request/);
  });
});

describe("pages filtered after paging (short or empty pages with a next cursor)", () => {
  let fx: Fixture;
  let api: AmplitudeClient;
  beforeAll(async () => {
    fx = await startFixture({ rateLimitPerSecond: 0, fidelity: { filterAfterPaging: true, maxPageSize: 3 } });
    api = fx.client();
  });
  afterAll(async () => fx.stop());

  it("lists every live object and finds an old key behind empty pages", async () => {
    const old = await api.flags.create({ key: "oldest" });
    const ids: string[] = [old.id];
    for (let i = 0; i < 9; i++) ids.push((await api.flags.create({ key: `f${i}` })).id);
    // The six newest archived: the first two pages of live flags come back empty, each with a nextCursor.
    for (const id of ids.slice(4)) await api.flags.archive(id);
    await fx.admin("POST", "/__admin/stats/reset");

    const live = await api.flags.listAll();
    expect(live.map((f) => f.id).sort()).toEqual(ids.slice(0, 4).sort());
    const log = await fx.admin<{ query?: string }[]>("GET", "/__admin/requests");
    expect(log.length).toBe(4); // 10 objects, 3 per page

    expect((await api.flags.findByKey("oldest"))?.id).toBe(old.id);
    expect((await api.flags.listAll({ includeArchived: true })).length).toBe(10);
  });
});
