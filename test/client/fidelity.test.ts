import { afterEach, describe, expect, it } from "vitest";
import { collect, startFixture, type Fixture } from "./emulator-fixture";

let fx: Fixture | undefined;
afterEach(async () => fx?.stop());

describe("emulator fidelity variants", () => {
  it("handles key-only variants in lists and a null last-page cursor", async () => {
    fx = await startFixture({ fidelity: { variantsInLists: "keys", lastPageCursor: "null" } });
    const api = fx.client();
    const { id } = await api.flags.create({ key: "keys-only", variants: [{ key: "on", name: "On", payload: 1 }] });
    const [listed] = await collect(api.flags.list({ key: "keys-only" }));
    expect(listed?.id).toBe(id);
    expect(listed?.variants.map((v) => v.key)).toEqual(["on"]);
    expect((await api.flags.variants.get(id, "on")).name).toBe("On");
    expect(await api.deployments.listAll()).toBeInstanceOf(Array);
  });
});
