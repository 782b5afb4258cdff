import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode, isAlreadyExists, isApiError, isNotFound } from "../../provider/configcat/api";
import { startConfigCat, type ConfigCatFixture } from "./fixture";

let fx: ConfigCatFixture | undefined;
afterEach(async () => {
  await fx?.stop();
  fx = undefined;
});

async function caught(p: Promise<unknown>): Promise<Error & { code?: string; status?: number }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error("expected a rejection");
}

describe("ConfigCat client against the emulator over HTTP", () => {
  it("creates, reads, lists, updates and deletes products, configs, environments, tags and flags", async () => {
    fx = await startConfigCat();
    const c = fx.client();
    expect((await c.me()).email).toContain("@");
    const product = await c.products.create(fx.organizationId, { name: "P", description: "d" });
    expect(product).toMatchObject({ name: "P", description: "d", organization: { organizationId: fx.organizationId } });
    expect((await c.products.list()).map((p) => p.productId)).toContain(product.productId);
    expect((await c.products.update(product.productId, { name: "P2", description: "d" })).name).toBe("P2");
    const config = await c.configs.create(product.productId, { name: "C", evaluationVersion: "v2" });
    expect(config.evaluationVersion).toBe("v2");
    const env = await c.environments.create(product.productId, { name: "Production", color: "#ff0000" });
    expect((await c.environments.list(product.productId)).map((e) => e.name)).toEqual(["Production"]);
    const tag = await c.tags.create(product.productId, { name: "beta", color: "koala" });
    const flag = await c.settings.create(config.configId, { key: "isAwesome", name: "Awesome", settingType: "boolean", tags: [tag.tagId] });
    expect(flag.tags.map((t) => t.tagId)).toEqual([tag.tagId]);
    const patched = await c.settings.patch(flag.settingId, [{ op: "replace", path: "/hint", value: "h" }]);
    expect(patched).toMatchObject({ hint: "h", name: "Awesome" });
    expect((await c.settings.list(config.configId)).map((s) => s.key)).toEqual(["isAwesome"]);
    const keys = await c.sdkKeys(config.configId, env.environmentId);
    expect(keys.primary).toMatch(/^configcat-sdk-1\//);
    const value = await c.values.replace(env.environmentId, flag.settingId, { defaultValue: { boolValue: true }, targetingRules: [] }, { reason: "test" });
    expect(value.defaultValue.boolValue).toBe(true);
    expect((await c.values.list(config.configId, env.environmentId))[0]!.setting.key).toBe("isAwesome");
    await c.settings.delete(flag.settingId);
    expect(isNotFound(await caught(c.settings.get(flag.settingId)))).toBe(true);
    await c.products.delete(product.productId);
    expect(await c.products.list()).toEqual([]);
  });

  it("reports a duplicate flag key as FF_ERR_ALREADY_EXISTS and a bad field by name", async () => {
    fx = await startConfigCat();
    const c = fx.client();
    const product = await c.products.create(fx.organizationId, { name: "P" });
    const config = await c.configs.create(product.productId, { name: "C", evaluationVersion: "v2" });
    await c.settings.create(config.configId, { key: "k", name: "k", settingType: "boolean" });
    const dup = await caught(c.settings.create(config.configId, { key: "k", name: "k", settingType: "boolean" }));
    expect(isAlreadyExists(dup)).toBe(true);
    expect(dup.message).toContain("This key is already in use");
    expect(dup.message).toContain("POST /v1/configs/{configId}/settings");
    const bad = await caught(c.configs.create(product.productId, { name: "", evaluationVersion: "v2" }));
    expect(isApiError(bad) && bad.code).toBe(ErrorCode.BAD_REQUEST);
    // ModelState bodies are flattened into "field: message", not shown as raw JSON.
    expect(bad.message).toMatch(/create config failed: 400 [Nn]ame: /);
    expect(bad.message).not.toContain('["');
  });

  it("never shows the password or the Authorization value in errors", async () => {
    fx = await startConfigCat();
    const password = "wrong-password-XYZ";
    const c = fx.client({ basicAuthPassword: password });
    const e = await caught(c.me());
    expect(isApiError(e) && e.code).toBe(ErrorCode.UNAUTHORIZED);
    const base64 = Buffer.from(`${fx.emu.credentials.username}:${password}`).toString("base64");
    for (const text of [e.message, JSON.stringify(e), String(e.stack)]) {
      expect(text).not.toContain(password);
      expect(text).not.toContain(base64);
    }
    expect(e.message).toContain("configcat:basicAuthPassword");
  });

  it("refuses a non-replayable flag patch without a reconciler, before sending anything", async () => {
    fx = await startConfigCat();
    const c = fx.client();
    fx.emu.resetStats();
    expect(() => c.settings.patch(1, [{ op: "add", path: "/tags/-", value: 1 }])).toThrow(/reconciler/);
    expect(fx.emu.stats().total).toBe(0);
  });
});
