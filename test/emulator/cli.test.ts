import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { request } from "undici";

const ROOT = join(__dirname, "..", "..");

describe("CLI (emulator/amplitude/main.ts)", () => {
  it("serves with the given project and key, prints URL and key, and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), join(ROOT, "emulator", "amplitude", "main.ts"), "--port", "0", "--project", "314159", "--key", "cli-key", "--rate-limit", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m && out.includes("API key")) resolve(m[1]);
      });
      child.on("exit", (code) => reject(new Error(`exited early with ${code}: ${out}`)));
    });
    expect(out).toContain("cli-key");
    const created = await request(`${url}/api/1/flags`, {
      method: "POST",
      headers: { authorization: "Bearer cli-key", "content-type": "application/json" },
      body: JSON.stringify({ projectId: "314159", key: "from-cli" }),
    });
    expect(created.statusCode).toBe(200);
    expect(await created.body.json()).toMatchObject({ url: expect.stringContaining("/314159/config/") });
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  });

  it("rejects bad flags with exit code 2", async () => {
    const child = spawn(process.execPath, [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), join(ROOT, "emulator", "amplitude", "main.ts"), "--variants-in-lists", "some"], { stdio: "pipe" });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(err).toContain("--variants-in-lists must be one of full, keys");
  });
});
