import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";
import { request } from "undici";
import { describe, expect, it } from "vitest";
import { basic } from "./helpers";

/*
 * The `npm run emulator` entry point (emulator/main.ts): `configcat …` starts the ConfigCat emulator, and
 * the original Amplitude form (no vendor word) still starts the Amplitude one.
 */

const ROOT = join(__dirname, "..", "..", "..");
const run = (args: string[]): ChildProcessWithoutNullStreams =>
  spawn(process.execPath, [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), join(ROOT, "emulator", "main.ts"), ...args], { stdio: "pipe" });

function listening(child: ChildProcessWithoutNullStreams, ready: (out: string) => boolean): Promise<{ url: string; out: string }> {
  let out = "";
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m && ready(out)) resolve({ url: m[1], out });
    });
    child.on("exit", (code) => reject(new Error(`exited early with ${code}: ${out}`)));
  });
}

async function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  return exit;
}

describe("CLI (emulator/main.ts)", () => {
  it("configcat: serves the given credential and organization, never prints the password, stops on SIGTERM", async () => {
    const child = run(["configcat", "--port", "0", "--user", "cli-user", "--password", "cli-s3cret", "--org", "Acme", "--no-limits", "--fidelity", "forbiddenStatus=403"]);
    const { url, out } = await listening(child, (o) => o.includes("organization:"));
    expect(out).toContain("ConfigCat Public Management API emulator");
    expect(out).toContain("cli-user");
    expect(out).toContain("Acme");
    expect(out).not.toContain("cli-s3cret");
    const me = await request(`${url}/v1/me`, { headers: { authorization: basic("cli-user", "cli-s3cret") } });
    expect(me.statusCode).toBe(200);
    expect(await me.body.json()).toEqual({ email: "cli-user@emulator.local", fullName: "cli-user" });
    const orgs = await request(`${url}/v1/organizations`, { headers: { authorization: basic("cli-user", "cli-s3cret") } });
    expect(await orgs.body.json()).toEqual([expect.objectContaining({ name: "Acme" })]);
    const wrong = await request(`${url}/v1/me`, { headers: { authorization: basic("cli-user", "nope") } });
    expect(wrong.statusCode).toBe(401);
    await wrong.body.text();
    const fidelity = await request(`${url}/__admin/fidelity`);
    expect(await fidelity.body.json()).toMatchObject({ forbiddenStatus: 403 });
    const limits = await request(`${url}/__admin/limits`);
    expect(await limits.body.json()).toEqual({ perSecond: 0, perMinute: 0 });
    expect(await stop(child)).toBe(0);
  });

  it("keeps the Amplitude form working without a vendor word", async () => {
    const child = run(["--port", "0", "--project", "314159", "--key", "cli-key", "--rate-limit", "0"]);
    const { url, out } = await listening(child, (o) => o.includes("API key"));
    expect(out).toContain("Amplitude");
    const flags = await request(`${url}/api/1/flags?projectId=314159`, { headers: { authorization: "Bearer cli-key" } });
    expect(flags.statusCode).toBe(200);
    await flags.body.text();
    expect(await stop(child)).toBe(0);
  });

  it("rejects bad ConfigCat flags with exit code 2 and the usage", async () => {
    const child = run(["configcat", "--fidelity", "hal=maybe"]);
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(err).toContain("--fidelity hal must be one of off, on");
    expect(err).toContain("Usage: npm run emulator -- configcat");
  });
});
