/**
 * Stops an emulator started by a CLI on SIGINT or SIGTERM: says so on stdout, waits for `stop` (which writes
 * the state file) and exits 0, or 1 when stopping failed.
 * @param stop - the running emulator's stop
 */
export function stopOnSignals(stop: () => Promise<void>): void {
  const shutdown = (signal: string): void => {
    process.stdout.write(`Received ${signal}, stopping\n`);
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`Error while stopping: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

/**
 * Runs a CLI entry with this process's arguments; a failure prints its message (no stack) and exits 1.
 * @param run - the CLI, given the arguments after the script name
 */
export function runCliMain(run: (argv: string[]) => Promise<void>): void {
  run(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
