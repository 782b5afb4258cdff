#!/usr/bin/env node
/**
 * The `pulumi-feature-flags` command line. One command today:
 *
 *   pulumi-feature-flags generate --project <id> [--region us|eu] [--server-url URL] [--out file]
 *                                 [--deletion-policy archive|disable-then-archive|retain]
 *
 * The management key comes from AMPLITUDE_MANAGEMENT_API_KEY only: a key on the command line would end up in
 * shell history and process lists. It is never printed.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { amplitudeClient } from "./amplitude/api";
import { settingSources } from "./amplitude/config";
import { generateProgram } from "./amplitude/generate";
import type { DeletionPolicy } from "./amplitude/resources/args";

/** Usage text, printed for `--help` and after a usage error. */
export const USAGE = `Usage: pulumi-feature-flags generate --project <id> [options]

Writes a TypeScript Pulumi program that adopts every non-archived deployment, flag and experiment of an
Amplitude project exactly as it is, so the first \`pulumi up\` sends no change.

Options:
  --project <id>             Amplitude project id (required)
  --region <us|eu>           data region (default: $${settingSources.region.env} or us)
  --server-url <url>         API base URL instead of the region's, e.g. the emulator (default: $${settingSources.serverUrl.env})
  --out <file>               write the program to this file instead of standard output
  --deletion-policy <p>      archive | disable-then-archive | retain, written on every resource
  -h, --help                 show this help

Environment:
  ${settingSources.managementApiKey.env}   the project's management API key (required)`;

/** A parsed `generate` command. */
export interface GenerateCommand {
  command: "generate";
  projectId: string;
  region: "us" | "eu";
  serverUrl?: string;
  out?: string;
  deletionPolicy?: DeletionPolicy;
}

/** What the arguments ask for. */
export type ParsedCommand = GenerateCommand | { command: "help" };

/** A mistake in the command line; reported with the usage text and exit code 2. */
export class UsageError extends Error {}

const policies: readonly DeletionPolicy[] = ["archive", "disable-then-archive", "retain"];

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
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
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
  const apiKey = io.env[settingSources.managementApiKey.env];
  if (!apiKey) {
    io.stderr(`error: set ${settingSources.managementApiKey.env} to the management API key of project ${command.projectId}\n`);
    return 2;
  }
  try {
    const client = amplitudeClient({ apiKey, projectId: command.projectId, region: command.region, serverUrl: command.serverUrl });
    // The header quotes the command as typed minus nothing secret: the key is never an argument.
    const shown = ["pulumi-feature-flags", ...argv.filter((a, i) => a !== "--out" && argv[i - 1] !== "--out")].join(" ");
    const { program, snapshot } = await generateProgram(client, { deletionPolicy: command.deletionPolicy, command: shown });
    const summary =
      `${snapshot.deployments.length} deployments, ${snapshot.flags.length} flags, ` +
      `${snapshot.experiments.length} experiments from project ${command.projectId}`;
    if (command.out) {
      writeFileSync(command.out, program);
      io.stderr(`Wrote ${summary} to ${command.out}\n`);
    } else {
      io.stdout(program);
      io.stderr(`Generated ${summary}\n`);
    }
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
