#!/usr/bin/env node
/**
 * The `pulumi-feature-flags` command line. One command, one form per vendor:
 *
 *   pulumi-feature-flags generate [amplitude] --project <id> [--region us|eu] [--server-url URL] [--out file]
 *                                 [--deletion-policy archive|disable-then-archive|retain]
 *   pulumi-feature-flags generate configcat --product <id> [--server-url URL] [--out file]
 *                                 [--deletion-policy delete|retain]
 *
 * Credentials come from the environment only (AMPLITUDE_MANAGEMENT_API_KEY; CONFIGCAT_BASIC_AUTH_USERNAME and
 * CONFIGCAT_BASIC_AUTH_PASSWORD): a secret on the command line would end up in shell history and process lists.
 * They are never printed.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { amplitudeClient } from "./amplitude/api";
import { settingSources } from "./amplitude/config";
import { generateProgram } from "./amplitude/generate";
import type { DeletionPolicy } from "./amplitude/resources/args";
import { configcatClient } from "./configcat/api";
import { settingSources as configcatSources } from "./configcat/config";
import { generateConfigCatProgram } from "./configcat/generate";
import type { DeletionPolicy as ConfigCatDeletionPolicy } from "./configcat/resources/args";

/** Usage text, printed for `--help` and after a usage error. */
export const USAGE = `Usage: pulumi-feature-flags generate [amplitude] --project <id> [options]
       pulumi-feature-flags generate configcat --product <id> [options]

Writes a TypeScript Pulumi program that adopts, exactly as it is, so the first \`pulumi up\` sends no change:
every non-archived deployment, flag and experiment of an Amplitude project; or the configs, environments, tags,
segments, flags and per-environment values (with targeting) of a ConfigCat product.

Amplitude options:
  --project <id>             Amplitude project id (required)
  --region <us|eu>           data region (default: $${settingSources.region.env} or us)
  --server-url <url>         API base URL instead of the region's, e.g. the emulator (default: $${settingSources.serverUrl.env})
  --out <file>               write the program to this file instead of standard output
  --deletion-policy <p>      archive | disable-then-archive | retain, written on every resource
  -h, --help                 show this help

ConfigCat options:
  --product <id>             ConfigCat product id, a uuid (required)
  --server-url <url>         API base URL, e.g. the emulator (default: $${configcatSources.serverUrl.env[0]} or https://api.configcat.com)
  --out <file>               write the program to this file instead of standard output
  --deletion-policy <p>      delete | retain, written on every object resource

Environment:
  ${settingSources.managementApiKey.env}   the Amplitude project's management API key (required for amplitude)
  ${configcatSources.basicAuthUsername.env[0]}, ${configcatSources.basicAuthPassword.env[0]}
                             the ConfigCat Public API credential (required for configcat)`;

/** A parsed `generate` command. */
export interface GenerateCommand {
  command: "generate";
  projectId: string;
  region: "us" | "eu";
  serverUrl?: string;
  out?: string;
  deletionPolicy?: DeletionPolicy;
}

/** A parsed `generate configcat` command. */
export interface GenerateConfigCatCommand {
  command: "generate";
  vendor: "configcat";
  productId: string;
  serverUrl?: string;
  out?: string;
  deletionPolicy?: ConfigCatDeletionPolicy;
}

/** What the arguments ask for. */
export type ParsedCommand = GenerateCommand | GenerateConfigCatCommand | { command: "help" };

/** A mistake in the command line; reported with the usage text and exit code 2. */
export class UsageError extends Error {}

const policies: readonly DeletionPolicy[] = ["archive", "disable-then-archive", "retain"];
const configcatPolicies: readonly ConfigCatDeletionPolicy[] = ["delete", "retain"];
const uuidPattern = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Parses the command line (without `node` and the script path).
 * @param argv - the arguments.
 * @param env - the environment, for the region and server URL defaults.
 * @throws UsageError for an unknown command or option, or a missing or invalid value.
 */
export function parseCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        project: { type: "string" },
        product: { type: "string" },
        region: { type: "string" },
        "server-url": { type: "string" },
        out: { type: "string" },
        "deletion-policy": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return { command: "help" };
  if (positionals[0] !== "generate") throw new UsageError(`unknown command '${positionals[0]}'`);
  const vendor = positionals[1] ?? "amplitude";
  if (vendor !== "amplitude" && vendor !== "configcat") throw new UsageError(`unknown vendor '${vendor}': use amplitude or configcat`);
  if (positionals.length > 2) throw new UsageError(`unexpected argument '${positionals[2]}'`);
  if (vendor === "configcat") {
    if (values.project !== undefined || values.region !== undefined) throw new UsageError("--project and --region are Amplitude options; ConfigCat takes --product <id>");
    const productId = values.product;
    if (!productId || !uuidPattern.test(productId)) throw new UsageError("--product <id> is required: the ConfigCat product id (a uuid)");
    const policy = values["deletion-policy"];
    if (policy !== undefined && !(configcatPolicies as readonly string[]).includes(policy)) {
      throw new UsageError(`--deletion-policy must be one of ${configcatPolicies.join(", ")} for configcat, got '${policy}'`);
    }
    const fromEnv = configcatSources.serverUrl.env.map((name) => env[name]).find((v) => v);
    return {
      command: "generate", vendor, productId: productId.toLowerCase(), serverUrl: values["server-url"] ?? fromEnv, out: values.out,
      deletionPolicy: policy as ConfigCatDeletionPolicy | undefined,
    };
  }
  if (values.product !== undefined) throw new UsageError("--product is a ConfigCat option: run `pulumi-feature-flags generate configcat --product <id>`");
  const projectId = values.project;
  if (!projectId || !/^\d+$/.test(projectId)) throw new UsageError("--project <id> is required: the numeric Amplitude project id");
  const region = values.region ?? env[settingSources.region.env] ?? "us";
  if (region !== "us" && region !== "eu") throw new UsageError(`--region must be 'us' or 'eu', got '${region}'`);
  const policy = values["deletion-policy"];
  if (policy !== undefined && !(policies as readonly string[]).includes(policy)) {
    throw new UsageError(`--deletion-policy must be one of ${policies.join(", ")}, got '${policy}'`);
  }
  const serverUrl = values["server-url"] ?? (env[settingSources.serverUrl.env] || undefined);
  return { command: "generate", projectId, region, serverUrl, out: values.out, deletionPolicy: policy as DeletionPolicy | undefined };
}

/** Where the CLI writes; injectable so tests can capture output without a child process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
}

const processIo: CliIo = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  env: process.env,
};

/**
 * Runs the CLI.
 * @param argv - arguments after the script path.
 * @param io - output streams and environment.
 * @returns the exit code: 0 success, 1 failure (API, file), 2 usage error.
 */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  let command: ParsedCommand;
  try {
    command = parseCommand(argv, io.env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`error: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (command.command === "help") {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if ("vendor" in command) return generateConfigCat(argv, command, io);
  const apiKey = io.env[settingSources.managementApiKey.env];
  if (!apiKey) {
    io.stderr(`error: set ${settingSources.managementApiKey.env} to the management API key of project ${command.projectId}\n`);
    return 2;
  }
  try {
    const client = amplitudeClient({ apiKey, projectId: command.projectId, region: command.region, serverUrl: command.serverUrl });
    const shown = shownCommand(argv);
    const { program, snapshot } = await generateProgram(client, { deletionPolicy: command.deletionPolicy, command: shown });
    const summary =
      `${snapshot.deployments.length} deployments, ${snapshot.flags.length} flags, ` +
      `${snapshot.experiments.length} experiments from project ${command.projectId}`;
    writeProgram(program, summary, command.out, io);
    return 0;
  } catch (e) {
    // Client errors are already redacted and carry a remedy; a stack trace would only bury them.
    io.stderr(`error: ${(e as Error).message}\n`);
    return 1;
  }
}

// The header quotes the command as typed, minus the output file; nothing in it is secret: credentials are never arguments.
function shownCommand(argv: string[]): string {
  return ["pulumi-feature-flags", ...argv.filter((a, i) => a !== "--out" && argv[i - 1] !== "--out")].join(" ");
}

function writeProgram(program: string, summary: string, out: string | undefined, io: CliIo): void {
  if (out) {
    writeFileSync(out, program);
    io.stderr(`Wrote ${summary} to ${out}\n`);
  } else {
    io.stdout(program);
    io.stderr(`Generated ${summary}\n`);
  }
}

async function generateConfigCat(argv: string[], command: GenerateConfigCatCommand, io: CliIo): Promise<number> {
  const env = (names: readonly string[]) => names.map((n) => io.env[n]).find((v) => v);
  const username = env(configcatSources.basicAuthUsername.env);
  const password = env(configcatSources.basicAuthPassword.env);
  if (!username || !password) {
    io.stderr(
      `error: set ${configcatSources.basicAuthUsername.env[0]} and ${configcatSources.basicAuthPassword.env[0]} to a ConfigCat Public API ` +
        "credential (My Account → Public API credentials in the ConfigCat Dashboard)\n",
    );
    return 2;
  }
  try {
    const client = configcatClient({ basicAuthUsername: username, basicAuthPassword: password, serverUrl: command.serverUrl });
    const { program, snapshot } = await generateConfigCatProgram(client, command.productId, {
      deletionPolicy: command.deletionPolicy, command: shownCommand(argv),
    });
    const flags = snapshot.configs.reduce((n, c) => n + c.settings.length, 0);
    const values = snapshot.configs.reduce((n, c) => n + [...c.values.values()].reduce((m, v) => m + v.length, 0), 0);
    const summary =
      `${snapshot.configs.length} configs, ${snapshot.environments.length} environments, ${snapshot.tags.length} tags, ` +
      `${snapshot.segments.length} segments, ${flags} flags, ${values} values from product ${command.productId}`;
    writeProgram(program, summary, command.out, io);
    return 0;
  } catch (e) {
    // Client errors are already redacted and carry a remedy; a stack trace would only bury them.
    io.stderr(`error: ${(e as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
