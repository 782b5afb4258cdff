/**
 * A user's project, made the way users make theirs: `npm pack` of this repository, then
 * `npm install <tarball> @pulumi/pulumi@<version>` in a fresh directory. Nothing is linked back to this
 * repository, so the project resolves its own packages, as a user's does.
 */
import { execFile, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../helpers/pulumi-engine";

// Asynchronous, so an emulator in this process keeps serving (and its client's keep-alive timers keep
// running) while npm works: a blocked event loop hands the next request a socket that is about to close.
async function npm(cwd: string, args: string[]): Promise<string> {
  return (await promisify(execFile)("npm", args, { cwd, encoding: "utf8", timeout: 300_000 })).stdout;
}

let tarball: Promise<string> | undefined;
const scratch: string[] = [];

/** A temporary directory removed by {@link removeScratch}. */
function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/** Removes every directory this module made (packed tarball, projects, scratch installs). */
export function removeScratch(): void {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
  tarball = undefined;
}

/** `npm pack` of this repository (its compiled `dist/`), once per test process. */
export function packedPackage(): Promise<string> {
  tarball ??= (async () => {
    const out = scratchDir("ff-pack-");
    const name = (await npm(repoRoot, ["pack", "--silent", "--pack-destination", out])).trim().split("\n").pop()!;
    return join(out, name);
  })();
  return tarball;
}

/** The `@pulumi/pulumi` version this repository's own tests run with. */
export function repositorySdkVersion(): string {
  return (JSON.parse(readFileSync(join(repoRoot, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")) as { version: string }).version;
}

/** A fresh project with the packed package and `@pulumi/pulumi@sdk` installed from the registry. */
export async function createUserProject(sdk: string): Promise<string> {
  const dir = scratchDir("ff-user-project-");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "user-stack", private: true }, null, 2));
  await npm(dir, ["install", "--no-audit", "--no-fund", "--prefer-offline", await packedPackage(), `@pulumi/pulumi@${sdk}`]);
  copyFileSync(join(__dirname, "user-stack.cjs"), join(dir, "user-stack.cjs"));
  return dir;
}

/** Every `@pulumi/pulumi` directory under the project's node_modules, relative to the project. */
export function sdkCopies(dir: string): string[] {
  const found: string[] = [];
  const walk = (modules: string) => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith(".")) continue;
      const packages = entry.startsWith("@") ? readdirSync(join(modules, entry)).map((p) => join(entry, p)) : [entry];
      for (const pkg of packages) {
        const path = join(modules, pkg);
        if (pkg === join("@pulumi", "pulumi")) found.push(relative(dir, path));
        walk(join(path, "node_modules"));
      }
    }
  };
  walk(join(dir, "node_modules"));
  return found.sort();
}

/** `npm ls @pulumi/pulumi` in the project, as a user would run it to see which copies they have. */
export async function npmLs(dir: string): Promise<string> {
  return (await npm(dir, ["ls", "@pulumi/pulumi"])).trim();
}

/**
 * Puts a second copy of the SDK (`version`, from the registry, with its own dependencies) under the
 * installed package, where npm put one when the package pinned its own SDK in `dependencies`.
 */
export async function nestSecondSdk(dir: string, version: string): Promise<void> {
  const install = scratchDir("ff-sdk-");
  await npm(install, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--prefix", install, `@pulumi/pulumi@${version}`]);
  moveInto(join(install, "node_modules"), join(dir, "node_modules", "pulumi-feature-flags", "node_modules"));
}

/** Moves each package of `from` into `to` (scopes merged), leaving packages `to` already has. */
function moveInto(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    const target = join(to, entry);
    if (entry.startsWith("@") && existsSync(target)) moveInto(join(from, entry), target);
    else if (!existsSync(target)) renameSync(join(from, entry), target);
  }
}

export interface UserRun {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** The JSON line the script prints on success. */
  result: Record<string, unknown> | undefined;
}

/**
 * Runs `node user-stack.cjs <op>` in the project with this process's Node.js (the leg's version), killing
 * the whole process group (CLI and provider host included) if it runs past `timeoutMs`.
 */
export function runUserStack(dir: string, op: string, env: Record<string, string>, timeoutMs = 180_000): Promise<UserRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["user-stack.cjs", op], { cwd: dir, env: { ...process.env, ...env }, detached: true });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid!, "SIGKILL");
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      const line = stdout.trim().split("\n").pop();
      let result: Record<string, unknown> | undefined;
      try {
        result = line ? (JSON.parse(line) as Record<string, unknown>) : undefined;
      } catch {
        result = undefined;
      }
      resolve({ code, stdout, stderr, timedOut, result });
    });
  });
}

/**
 * The compiler options of the `tsconfig.json` of Pulumi's TypeScript template (`pulumi new typescript`:
 * `moduleResolution: node`, which ignores package.json "exports"; no `esModuleInterop`, no `skipLibCheck`).
 */
const templateCompilerOptions = {
  strict: true, outDir: "bin", target: "es2020", module: "commonjs", moduleResolution: "node", sourceMap: true,
  experimentalDecorators: true, pretty: false, noFallthroughCasesInSwitch: true, noImplicitReturns: true,
  forceConsistentCasingInFileNames: true,
};

/** Writes `tsconfig` for the project's `program` and type-checks it with this repository's compiler. */
async function typecheck(dir: string, tsconfig: string, program: string, compilerOptions: Record<string, unknown>): Promise<string> {
  writeFileSync(join(dir, tsconfig), JSON.stringify({ compilerOptions, files: [program] }, null, 2));
  const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
  try {
    await promisify(execFile)(process.execPath, [tsc, "--noEmit", "-p", join(dir, tsconfig)], { cwd: dir, encoding: "utf8" });
    return "";
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? e);
  }
}

/**
 * Type-checks a stack program in the project with the `tsconfig.json` of Pulumi's TypeScript template,
 * using this repository's compiler. Returns the compiler's output ("" when clean).
 */
export async function typecheckTemplateProgram(dir: string): Promise<string> {
  writeFileSync(join(dir, "index.ts"), [
    `import * as pulumi from "@pulumi/pulumi";`,
    `import { amplitude, configcat } from "pulumi-feature-flags";`,
    `const web = new amplitude.Deployment("web", { projectId: "123456", label: "web", type: "client" });`,
    `const flag = new amplitude.Flag("new-checkout", { projectId: "123456", key: "new-checkout", variants: [{ key: "on", payload: { layout: "v2" } }], deployments: [web.id], enabled: true });`,
    `export const key: pulumi.Output<string> = web.key;`,
    `export const variants = flag.variants;`,
    `const shared = amplitude.getDeploymentOutput({ projectId: "123456", label: "shared" });`,
    `export const sharedKey: pulumi.Output<string> = shared.key;`,
    `export const pricingVariants = amplitude.getFlagOutput({ projectId: "123456", key: "pricing" }).variants.apply((vs) => vs.map((v) => v.key));`,
    `export const paymentFlags = amplitude.listFlagsOutput({ projectId: "123456", tags: ["payments"] }).apply((fs) => fs.map((f) => f.key));`,
    `const product = new configcat.Product("shop", { organizationId: "08d86d63-2726-47cd-8bfc-59608ecb91e2", name: "Shop", adopt: true });`,
    `const config = new configcat.Config("web", { productId: product.id, name: "Web", evaluationVersion: "v2" });`,
    `const prod = new configcat.Environment("prod", { productId: product.id, name: "Production", color: "#c7254e", deletionPolicy: "retain" });`,
    `const beta = new configcat.Tag("beta", { productId: product.id, name: "beta", color: "koala" });`,
    `const staff = new configcat.Segment("staff", { productId: product.id, name: "Staff", comparisonAttribute: "Email", comparator: "contains", comparisonValue: ["@example.com"] });`,
    `const checkout = new configcat.Setting("checkout", { configId: config.id, key: "newCheckout", settingType: "boolean", tags: [beta.tagId] });`,
    `const rule: configcat.TargetingRule = { conditions: [{ user: { attribute: "Email", comparator: "isOneOf", comparisonValue: ["a@example.com", { value: "b@example.com", hint: "QA" }] } }, { segment: { segmentId: "s", comparator: "isIn" } }], value: true };`,
    `const checkoutProd = new configcat.SettingValue("checkout-prod", { environmentId: prod.id, settingId: checkout.id, settingType: checkout.settingType, value: false, targetingRules: [rule, { conditions: [{ segment: { segmentId: staff.id, comparator: "isIn" } }], percentageOptions: [{ percentage: 10, value: true }, { percentage: 90, value: false }] }], deletionPolicy: "reset" });`,
    `export const checkoutRules: pulumi.Output<configcat.TargetingRule[]> = checkoutProd.targetingRules;`,
    `export const sdkKey: pulumi.Output<string> = new configcat.SdkKeys("web-prod", { configId: config.id, environmentId: prod.id }).primary;`,
    `const teamShop = configcat.getProductOutput({ organizationId: "08d86d63-2726-47cd-8bfc-59608ecb91e2", name: "Team Shop" });`,
    `const teamWeb = configcat.getConfigOutput({ productId: teamShop.id, name: "Web" });`,
    `const teamLive = configcat.getEnvironmentOutput({ productId: teamShop.id, name: "Production" });`,
    `export const teamSdkKey: pulumi.Output<string> = configcat.getSdkKeysOutput({ configId: teamWeb.id, environmentId: teamLive.id }).primary;`,
    `export const teamFlagType: pulumi.Output<configcat.GetSettingResult["settingType"]> = configcat.getSettingOutput({ configId: teamWeb.id, key: "newCheckout" }).settingType;`,
    `export const teamFlag: Promise<string> = configcat.getProduct({ productId: "08d86d63-2726-47cd-8bfc-59608ecb91e3" }).then((p) => configcat.getConfig({ productId: p.id, name: "Web" })).then((c) => configcat.getSetting({ configId: c.id, key: "newCheckout" })).then((s) => s.id);`,
    `export const teamQa: Promise<string> = configcat.getEnvironment({ productId: "08d86d63-2726-47cd-8bfc-59608ecb91e3", name: "QA" }).then((e) => e.environmentId);`,
    `export const teamKeys = pulumi.secret(configcat.getSdkKeys({ configId: "08d86d63-2726-47cd-8bfc-59608ecb91e4", environmentId: "08d86d63-2726-47cd-8bfc-59608ecb91e5" }).then((k) => k.secondary));`,
    `new configcat.SettingTag("checkout-beta", { settingId: checkout.settingId, tagId: beta.tagId });`,
    `new configcat.ProductPreferences("shop-prefs", { productId: product.id, reasonRequiredEnvironments: { "08d86d63-2726-47cd-8bfc-59608ecb91e6": true }, keyGenerationMode: "kebabCase", deletionPolicy: "retain" });`,
    `const legacy = new configcat.Config("legacy", { productId: product.id, name: "Legacy", evaluationVersion: "v1" });`,
    `const legacyFlag = new configcat.Setting("legacy-flag", { configId: legacy.id, key: "legacyFlag", settingType: "string" });`,
    `new configcat.SettingValueV1("legacy-prod", { environmentId: prod.id, settingId: legacyFlag.id, settingType: "string", value: "a", rolloutRules: [{ attribute: "Email", comparator: "contains", comparisonValue: ["@example.com"], value: "b" }], percentageItems: [{ percentage: 100, value: "a" }] });`,
    `const hook = new configcat.Webhook("hook", { configId: config.id, environmentId: prod.id, url: "https://example.com/hook", httpMethod: "post", secureHeaders: { "X-Token": pulumi.secret("t") } });`,
    `export const signingKey: pulumi.Output<string | null> = hook.signingKey1;`,
    `new configcat.PermissionGroup("qa", { productId: product.id, name: "QA", accessType: "custom", canTagSetting: true, environmentAccesses: { "08d86d63-2726-47cd-8bfc-59608ecb91e6": "readOnly" } });`,
    "",
  ].join("\n"));
  return typecheck(dir, "tsconfig.json", "index.ts", templateCompilerOptions);
}

/** The symbol the subpath program uses from each entry point; `dynamic/*` modules all export `check`. */
const subpathSymbols: Record<string, string> = {
  dynamic: "provider", "amplitude/api": "amplitudeClient", "configcat/api": "configcatClient", emulator: "startConfigCatEmulator",
};

/**
 * Type-checks a program that imports every subpath entry point of the installed package's "exports" (one
 * symbol each, a namespace import for one not in {@link subpathSymbols}) under the template's compiler
 * options with `overrides`. Under `moduleResolution: node` those imports resolve only through the
 * package's `typesVersions`. `name` names the tsconfig file. Returns the compiler's output ("" when clean).
 */
export async function typecheckSubpathProgram(dir: string, name: string, overrides: Record<string, unknown>): Promise<string> {
  const manifest = join(dir, "node_modules", "pulumi-feature-flags", "package.json");
  const exports = (JSON.parse(readFileSync(manifest, "utf8")) as { exports: Record<string, string> }).exports;
  const subpaths = Object.keys(exports).filter((k) => k !== "." && k !== "./package.json" && !k.includes("*")).map((k) => k.slice(2));
  const lines = subpaths.flatMap((subpath, i) => {
    const symbol = subpathSymbols[subpath] ?? (subpath.startsWith("dynamic/") ? "check" : undefined);
    return symbol
      ? [`import { ${symbol} as s${i} } from "pulumi-feature-flags/${subpath}";`, `export const u${i}: Function = s${i};`]
      : [`import * as s${i} from "pulumi-feature-flags/${subpath}";`, `export const u${i}: string[] = Object.keys(s${i});`];
  });
  writeFileSync(join(dir, "subpaths.ts"), [...lines, ""].join("\n"));
  return typecheck(dir, `tsconfig.subpaths-${name}.json`, "subpaths.ts", { ...templateCompilerOptions, ...overrides });
}
