// End-to-end: a preview of an in-place update of a flag, a tag or an environment must not show the resources that
// take its id output (`setting.settingId`, `tag.tagId`, `environment.environmentId`) as replaced. Pulumi keeps a
// resource's id through an update, but a dynamic provider cannot preview its other outputs (the engine hands back the
// inputs as the outputs), so an id output read from the provider is unknown in that preview and a dependent whose diff
// replaces on an id change is shown as replaced, though `up` only updates. Under the emulator's defaults and under
// every alternative reading.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stepRecorder } from "../helpers/engine-events";
import { createTestStack, type TestStack } from "../helpers/pulumi-engine";
import { stackConfig, startConfigCat, type ConfigCatFixture } from "./fixture";
import { configcat } from "./program";
import { readings } from "./readings";

interface Spec { organizationId: string; flagName: string; tagColor: string; environmentName: string }

function program(current: () => Spec) {
  return async () => {
    const spec = current();
    const product = new configcat.Product("product", { organizationId: spec.organizationId, name: "Ids" });
    const config = new configcat.Config("config", { productId: product.productId, name: "Web" });
    const environment = new configcat.Environment("environment", { productId: product.productId, name: spec.environmentName });
    const setting = new configcat.Setting("setting", { configId: config.configId, key: "newCheckout", name: spec.flagName });
    const tag = new configcat.Tag("tag", { productId: product.productId, name: "beta", color: spec.tagColor });
    new configcat.SettingTag("settingTag", { settingId: setting.settingId, tagId: tag.tagId });
    new configcat.SettingValue("settingValue", { environmentId: environment.environmentId, settingId: setting.settingId, value: true });
    return { settingId: setting.settingId, tagId: tag.tagId, environmentId: environment.environmentId };
  };
}

describe.each(readings)("a preview of in-place updates keeps id outputs known, emulating $reading", ({ fidelity }) => {
  let fx: ConfigCatFixture;
  let test: TestStack;
  let spec: Spec;

  beforeAll(async () => {
    fx = await startConfigCat({ limits: { perSecond: 20, perMinute: 500 }, fidelity });
    spec = { organizationId: fx.organizationId, flagName: "New checkout", tagColor: "koala", environmentName: "Production" };
    test = await createTestStack({
      projectName: "configcat-preview-ids",
      program: program(() => spec),
      config: stackConfig(fx),
    });
  }, 120_000);
  afterAll(async () => {
    await test?.cleanup();
    await fx?.stop();
  });

  it("renaming the flag and the environment and recolouring the tag previews and applies as three updates, no replace", async () => {
    const first = await test.stack.up();
    expect(first.summary.result).toBe("succeeded");
    const ids = { settingId: first.outputs.settingId!.value, tagId: first.outputs.tagId!.value, environmentId: first.outputs.environmentId!.value };
    expect(ids).toEqual({ settingId: expect.any(Number), tagId: expect.any(Number), environmentId: expect.any(String) });

    spec = { ...spec, flagName: "Checkout v2", tagColor: "salmon", environmentName: "Prod" };
    const preview = stepRecorder();
    await test.stack.preview({ onEvent: preview.onEvent });
    expect(preview.changed()).toEqual({ setting: "update", tag: "update", environment: "update" });

    const up = stepRecorder();
    const second = await test.stack.up({ onEvent: up.onEvent });
    expect(up.changed()).toEqual({ setting: "update", tag: "update", environment: "update" });
    expect({ settingId: second.outputs.settingId!.value, tagId: second.outputs.tagId!.value, environmentId: second.outputs.environmentId!.value }).toEqual(ids);
    const live = await fx.api<{ name: string; tags: { tagId: number; color: string }[] }>("GET", `/v1/settings/${String(ids.settingId)}`);
    expect(live).toMatchObject({ name: "Checkout v2", tags: [{ tagId: ids.tagId, color: "salmon" }] });

    const after = stepRecorder();
    await test.stack.preview({ refresh: true, onEvent: after.onEvent });
    expect(after.changed()).toEqual({});
  }, 300_000);
});
