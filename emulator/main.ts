/*
 * Emulator CLI dispatcher (the `npm run emulator` entry point):
 *   npm run emulator -- configcat --port P --user U --password W [options]   ConfigCat Public Management API
 *   npm run emulator -- amplitude --port P --project 123456 --key K [options] Amplitude (explicit)
 *   npm run emulator -- --port P --project 123456 --key K [options]           Amplitude (the original form)
 */
import { runCli as runAmplitudeCli } from "./amplitude/main";
import { runConfigCatCli } from "./configcat/main";
import { runCliMain } from "./core/cli";

/**
 * Runs the emulator named by the first argument (Amplitude when there is none).
 * @param argv - arguments after the script name
 */
export function runEmulatorCli(argv: string[]): Promise<void> {
  const [first, ...rest] = argv;
  if (first === "configcat") return runConfigCatCli(rest);
  if (first === "amplitude") return runAmplitudeCli(rest);
  return runAmplitudeCli(argv);
}

if (require.main === module) runCliMain(runEmulatorCli);
