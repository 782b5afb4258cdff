// The engine smoke test: a trivial dynamic resource goes through up → refresh → up → destroy in the real
// CLI and provider host, proving the bootstrap, the harness and closure serialization work together.
import { mkdtempSync, readFileSync, existsSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../helpers/pulumi-engine";

// A provider whose "cloud" is a JSON file, so a test can change it behind the engine's back.
const fileProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    const fs = require("node:fs");
    fs.writeFileSync(inputs.path, JSON.stringify({ value: inputs.value }));
    return { id: inputs.path, outs: { path: inputs.path, value: inputs.value } };
  },
  async read(id, props) {
    const fs = require("node:fs");
    if (!fs.existsSync(id)) return { id: "" };
    return { id, props: { ...props, value: JSON.parse(fs.readFileSync(id, "utf8")).value } };
  },
  async diff(_id, olds, news) {
    return { changes: olds.value !== news.value };
  },
  async update(_id, _olds, news) {
    const fs = require("node:fs");
    fs.writeFileSync(news.path, JSON.stringify({ value: news.value }));
    return { outs: { path: news.path, value: news.value } };
  },
  async delete(id) {
    require("node:fs").rmSync(id, { force: true });
  },
};

class FileResource extends pulumi.dynamic.Resource {
  declare readonly value: pulumi.Output<string>;
  constructor(name: string, args: { path: string; value: string }) {
    super(fileProvider, name, { ...args }, undefined, "smoke", "File");
  }
}

describe("real Pulumi engine", () => {
  const dir = mkdtempSync(join(tmpdir(), "ff-smoke-"));
  const path = join(dir, "object.json");
  let value = "one";
  let test: TestStack | undefined;
  afterAll(async () => {
    await test?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("creates, refreshes, updates and destroys a dynamic resource", async () => {
    test = await createTestStack({
      projectName: "smoke",
      program: async () => {
        const r = new FileResource("thing", { path, value });
        return { value: r.value };
      },
    });
    const up = await test.stack.up();
    expect(up.summary.resourceChanges?.create).toBe(2); // the stack and the resource
    expect(up.outputs.value.value).toBe("one");
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({ value: "one" });

    writeFileSync(path, JSON.stringify({ value: "changed behind pulumi" }));
    const refresh = await test.stack.refresh();
    expect(refresh.summary.resourceChanges?.update).toBe(1);
    const state = await test.stack.exportStack();
    const res = state.deployment.resources.find((r: { type: string }) => r.type === "pulumi-nodejs:dynamic/smoke:File");
    expect(res.outputs.value).toBe("changed behind pulumi");

    value = "two";
    const up2 = await test.stack.up();
    expect(up2.summary.resourceChanges?.update).toBe(1);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({ value: "two" });

    const destroy = await test.stack.destroy();
    expect(destroy.summary.resourceChanges?.delete).toBe(2);
    expect(existsSync(path)).toBe(false);
  });
});
