/*
 * CLI: `npm run emulator -- configcat --port 8080 --user U --password W [options]`.
 * Serves the ConfigCat emulator on 127.0.0.1, prints the base URL and user name (never the password),
 * and stops cleanly on SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import { DEFAULT_ORGANIZATION, DEFAULT_USER, FIDELITY_VALUES, type ConfigCatEmulatorOptions, type ConfigCatFidelity } from "./options";
import { startConfigCatEmulator } from "./server";
import { runCliMain, stopOnSignals } from "../core/cli";

/** The CLI usage text. */
export const CONFIGCAT_USAGE = `Usage: npm run emulator -- configcat [options]
  --port <n>                 port on 127.0.0.1 (default 0 = free port)
  --user <name>              Public API credential user name (default ${DEFAULT_USER.username})
  --password <secret>        its password (default ${DEFAULT_USER.password})
  --org <name>               name of the organization the user belongs to (default "${DEFAULT_ORGANIZATION.name}")
  --per-second <n>           requests per endpoint per sliding second, 0 = off (default 20)
  --per-minute <n>           requests per endpoint per sliding minute, 0 = off (default 500)
  --no-limits                same as --per-second 0 --per-minute 0
  --latency <ms>             fixed latency per request
  --jitter <ms>              random extra latency in [0, ms)
  --rate-429 <p> --rate-500 <p> --rate-502 <p> --rate-503 <p> --rate-reset <p> --rate-drop-after-write <p>
                             fault probabilities, 0..1
  --seed <n>                 seed for faults, uuids and keys
  --state-file <path>        load state from and save it to this JSON file
  --no-bypass-approval       the user may not bypass approvals (canBypassApproval false)
  --fidelity <name=value>    a fidelity switch, repeatable (e.g. --fidelity rateLimitKey=path --fidelity hal=on)
  --help`;

/**
 * Turns CLI arguments into emulator options.
 * @param argv - arguments after `configcat`
 * @throws Error with a readable message for bad values
 */
export function parseConfigCatArgs(argv: string[]): ConfigCatEmulatorOptions & { help: boolean } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: "string" }, user: { type: "string" }, password: { type: "string" }, org: { type: "string" },
      "per-second": { type: "string" }, "per-minute": { type: "string" }, "no-limits": { type: "boolean" },
      latency: { type: "string" }, jitter: { type: "string" }, "rate-429": { type: "string" }, "rate-500": { type: "string" },
      "rate-502": { type: "string" }, "rate-503": { type: "string" }, "rate-reset": { type: "string" },
      "rate-drop-after-write": { type: "string" }, seed: { type: "string" }, "state-file": { type: "string" },
      fidelity: { type: "string", multiple: true }, "no-bypass-approval": { type: "boolean" }, help: { type: "boolean" },
    },
  });
  const num = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got "${v}"`);
    return n;
  };
  const fidelity: Record<string, string | number | boolean> = {};
  for (const item of values.fidelity ?? []) {
    const eq = item.indexOf("=");
    const name = item.slice(0, eq) as keyof ConfigCatFidelity;
    const allowed: readonly (string | number | boolean)[] | undefined = FIDELITY_VALUES[name];
    if (eq < 0 || !allowed) throw new Error(`--fidelity expects name=value with name one of ${Object.keys(FIDELITY_VALUES).join(", ")}`);
    const value = allowed.find((a) => String(a) === item.slice(eq + 1));
    if (value === undefined) throw new Error(`--fidelity ${name} must be one of ${allowed.join(", ")}`);
    fidelity[name] = value;
  }
  const off = values["no-limits"] === true;
  return {
    help: values.help ?? false,
    port: num("port", values.port),
    organizations: [{ ...DEFAULT_ORGANIZATION, name: values.org ?? DEFAULT_ORGANIZATION.name }],
    users: [{
      username: values.user ?? DEFAULT_USER.username, password: values.password ?? DEFAULT_USER.password,
      ...(values["no-bypass-approval"] ? { canBypassApproval: false } : {}),
    }],
    limits: { perSecond: off ? 0 : num("per-second", values["per-second"]), perMinute: off ? 0 : num("per-minute", values["per-minute"]) },
    seed: num("seed", values.seed),
    stateFile: values["state-file"],
    faults: {
      latencyMs: num("latency", values.latency), latencyJitterMs: num("jitter", values.jitter), rate429: num("rate-429", values["rate-429"]),
      rate500: num("rate-500", values["rate-500"]), rate502: num("rate-502", values["rate-502"]), rate503: num("rate-503", values["rate-503"]),
      rateReset: num("rate-reset", values["rate-reset"]), rateDropAfterWrite: num("rate-drop-after-write", values["rate-drop-after-write"]),
    },
    fidelity: fidelity as ConfigCatFidelity,
  };
}

/**
 * Runs the CLI until SIGINT or SIGTERM.
 * @param argv - arguments after `configcat`
 */
export async function runConfigCatCli(argv: string[]): Promise<void> {
  let options;
  try {
    options = parseConfigCatArgs(argv);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${CONFIGCAT_USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stdout.write(`${CONFIGCAT_USAGE}\n`);
    return;
  }
  const emu = await startConfigCatEmulator(options);
  const org = emu.app.store.organizations.values().next().value;
  process.stdout.write(`ConfigCat Public Management API emulator listening on ${emu.url}\n`);
  process.stdout.write(`  base URL:     ${emu.url}\n  user:         ${emu.credentials.username} (Basic auth)\n  organization: ${org?.name ?? "-"} (${org?.organizationId ?? "-"})\n`);
  stopOnSignals(() => emu.stop());
}

if (require.main === module) runCliMain(runConfigCatCli);
