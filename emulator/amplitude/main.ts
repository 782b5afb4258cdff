/*
 * CLI: `npm run emulator -- --port 8080 --project 100000 --key my-key [options]`.
 * Serves the emulator on 127.0.0.1, prints the base URL and key, and stops cleanly on SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import type { EmulatorOptions } from "./options";
import { startAmplitudeEmulator } from "./server";
import { runCliMain, stopOnSignals } from "../core/cli";

/** The CLI usage text. */
export const USAGE = `Usage: npm run emulator -- [options]
  --port <n>                 port on 127.0.0.1 (default 0 = free port)
  --project <id>             project id (repeatable; default 100000)
  --key <key>                API key authorised for every --project (repeatable; default emulator-key)
  --rate-limit <n>           requests per project per second, 0 = off (default 100)
  --daily-limit <n>          requests per project per UTC day, 0 = off (default 100000)
  --retry-after              send Retry-After on 429s
  --latency <ms>             fixed latency per request
  --jitter <ms>              random extra latency in [0, ms)
  --rate-429 <p> --rate-500 <p> --rate-502 <p> --rate-503 <p> --rate-reset <p> --rate-drop-after-write <p>
                             fault probabilities, 0..1
  --seed <n>                 seed for faults, salts and keys
  --state-file <path>        load state from and save it to this JSON file
  --variants-in-lists <full|keys>   --last-page-cursor <absent|null>   --release-archived-keys
  --error-body <error|message|error-message|errors|hapi|text>   --filter-after-paging   --max-page-size <n>
  --write-only-exposure-event   --array-order <stored|reversed>   --lists-without-timestamps
  --unique-deployment-labels
  --help`;

/**
 * Turns CLI arguments into emulator options.
 * @param argv - arguments after the script name
 * @throws Error with a readable message for bad values
 */
export function parseCliArgs(argv: string[]): EmulatorOptions & { help: boolean } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: "string" }, project: { type: "string", multiple: true }, key: { type: "string", multiple: true },
      "rate-limit": { type: "string" }, "daily-limit": { type: "string" }, "retry-after": { type: "boolean" },
      latency: { type: "string" }, jitter: { type: "string" }, "rate-429": { type: "string" }, "rate-500": { type: "string" },
      "rate-502": { type: "string" }, "rate-503": { type: "string" }, "rate-reset": { type: "string" },
      "rate-drop-after-write": { type: "string" }, seed: { type: "string" }, "state-file": { type: "string" },
      "variants-in-lists": { type: "string" }, "last-page-cursor": { type: "string" }, "release-archived-keys": { type: "boolean" },
      "error-body": { type: "string" }, "filter-after-paging": { type: "boolean" }, "max-page-size": { type: "string" },
      "write-only-exposure-event": { type: "boolean" }, "array-order": { type: "string" }, "lists-without-timestamps": { type: "boolean" },
      "unique-deployment-labels": { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  const num = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got "${v}"`);
    return n;
  };
  const oneOf = <T extends string>(name: string, v: string | undefined, allowed: readonly T[]): T | undefined => {
    if (v === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(v)) throw new Error(`--${name} must be one of ${allowed.join(", ")}`);
    return v as T;
  };
  const keys = values.key ?? ["emulator-key"];
  return {
    help: values.help ?? false,
    port: num("port", values.port),
    projects: (values.project ?? ["100000"]).map((id) => ({ id, keys })),
    rateLimitPerSecond: num("rate-limit", values["rate-limit"]),
    dailyLimit: num("daily-limit", values["daily-limit"]),
    retryAfterHeader: values["retry-after"],
    seed: num("seed", values.seed),
    stateFile: values["state-file"],
    faults: {
      latencyMs: num("latency", values.latency),
      latencyJitterMs: num("jitter", values.jitter),
      rate429: num("rate-429", values["rate-429"]),
      rate500: num("rate-500", values["rate-500"]),
      rate502: num("rate-502", values["rate-502"]),
      rate503: num("rate-503", values["rate-503"]),
      rateReset: num("rate-reset", values["rate-reset"]),
      rateDropAfterWrite: num("rate-drop-after-write", values["rate-drop-after-write"]),
    },
    fidelity: {
      variantsInLists: oneOf("variants-in-lists", values["variants-in-lists"], ["full", "keys"] as const),
      lastPageCursor: oneOf("last-page-cursor", values["last-page-cursor"], ["absent", "null"] as const),
      archivedKeepKey: values["release-archived-keys"] ? false : undefined,
      errorBody: oneOf("error-body", values["error-body"], ["error", "message", "error-message", "errors", "hapi", "text"] as const),
      filterAfterPaging: values["filter-after-paging"],
      maxPageSize: num("max-page-size", values["max-page-size"]),
      writeOnlyExposureEvent: values["write-only-exposure-event"],
      arrayOrder: oneOf("array-order", values["array-order"], ["stored", "reversed"] as const),
      listsWithoutTimestamps: values["lists-without-timestamps"],
      deploymentLabels: values["unique-deployment-labels"] ? "unique" : undefined,
    },
  };
}

/**
 * Runs the CLI until SIGINT or SIGTERM.
 * @param argv - arguments after the script name
 */
export async function runCli(argv: string[]): Promise<void> {
  let options;
  try {
    options = parseCliArgs(argv);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const emu = await startAmplitudeEmulator(options);
  const keys = options.projects?.[0]?.keys ?? [];
  process.stdout.write(`Amplitude Experiment Management API emulator listening on ${emu.url}\n`);
  process.stdout.write(`  base URL: ${emu.url}/api/1\n  projects: ${(options.projects ?? []).map((p) => p.id).join(", ")}\n  API key:  ${keys.join(", ")}\n`);
  stopOnSignals(() => emu.stop());
}

if (require.main === module) runCliMain(runCli);
