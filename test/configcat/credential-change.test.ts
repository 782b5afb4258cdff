// A changed credential (rotated in ConfigCat, set anew in the stack configuration): the engine configures the provider
// for refresh and destroy from what the last `up` recorded, so without `--run-program` they still send the old one.
// The 401 then says exactly that; with `runProgram` (the CLI's `--run-program`) they use the new one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stepRecorder } from "../helpers/engine-events";
import { createTestStack, type TestStack } from "../helpers/pulumi-engine";
import { startConfigCat, type ConfigCatFixture } from "./fixture";
import { stackProgram, type StackSpec } from "./program";

describe("a credential changed after the last up", () => {
  let fx: ConfigCatFixture;
  let test: TestStack;
  const newPassword = "Rotated-Password-9f3c";
  const outcome = (run: Promise<unknown>) => run.then(() => "succeeded", (e: Error) => String(e));

  beforeAll(async () => {
    fx = await startConfigCat();
    const spec: StackSpec = { organizationId: fx.organizationId, flags: { newCheckout: { key: "newCheckout", settingType: "boolean" } }, values: {} };
    test = await createTestStack({
      projectName: "configcat-credential",
      program: stackProgram(() => spec),
      config: {
        "configcat:serverUrl": { value: fx.emu.url },
        "configcat:basicAuthUsername": { value: fx.emu.credentials.username },
        "configcat:basicAuthPassword": { value: fx.emu.credentials.password, secret: true },
      },
    });
  });
  afterAll(async () => {
    await test?.cleanup();
    await fx?.stop();
  });

  it("fails a refresh with the old one naming --run-program; with it, refresh and destroy use the new one", async () => {
    expect(await outcome(test.stack.up())).toBe("succeeded");
    await fx.admin("PUT", "/credentials", [{ username: fx.emu.credentials.username, password: newPassword }]);
    await test.stack.setConfig("configcat:basicAuthPassword", { value: newPassword, secret: true });

    const stale = await outcome(test.stack.preview({ refresh: true }));
    expect(stale).toContain("401");
    expect(stale).toContain("add `--run-program` so they use the current stack configuration");
    expect(stale).not.toContain(newPassword);

    const steps = stepRecorder();
    await test.stack.preview({ refresh: true, runProgram: true, onEvent: steps.onEvent });
    expect(steps.changed()).toEqual({});
    expect(await outcome(test.stack.destroy({ runProgram: true }))).toBe("succeeded");
    // The fixture's own calls use the first password: give it back to read what is left.
    await fx.admin("PUT", "/credentials", [{ username: fx.emu.credentials.username, password: fx.emu.credentials.password }]);
    const products = await fx.api<unknown[]>("GET", "/v1/products");
    expect(products).toEqual([]);
  });
});
