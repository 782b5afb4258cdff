/**
 * Guards for Automation API inline programs (the only way this machine runs stack programs; see the
 * developers' guide), against a failure of the Pulumi Node.js SDK that otherwise turns into a wrong result:
 *
 * An inline program's first call to the engine (`setRootResource`, made before the program body runs) can
 * fail with gRPC `14 UNAVAILABLE: No connection established` when the machine is loaded. The SDK's inline
 * language server treats UNAVAILABLE as "the engine went away" and reports the run as *successful*
 * (`automation/server.js`: `if (!isGrpcError(e)) throw e;`), so the engine goes on as if the program had
 * declared nothing: an `up` "succeeds" without creating anything, or deletes everything the stack had. CI
 * once failed on exactly this (an ownership test saw an object left as staged after a "successful" `up`).
 *
 * {@link guardInlinePrograms} retries that one idempotent call while the engine's port comes up, and
 * {@link trackedProgram} lets a caller prove that the program body ran at all, so that a run the SDK
 * swallowed fails loudly instead of passing as an empty program.
 */
import { createRequire } from "node:module";
import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";

/** gRPC status code UNAVAILABLE. */
const UNAVAILABLE = 14;

/**
 * Calls `attempt` until it does not fail with gRPC UNAVAILABLE, up to `tries` times, `delayMs` apart (30 s in all by
 * default: CI once saw the channel take longer than 5 s to come up on a loaded machine; the
 * channel reconnects on its own; a new call only has to come after it).
 */
export async function retryUnavailable<T>(attempt: () => Promise<T>, tries = 120, delayMs = 250): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if ((e as { code?: unknown }).code !== UNAVAILABLE || i >= tries) throw e;
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}

interface SettingsModule {
  setRootResource(res: unknown): Promise<void>;
  /** The SDK's own `setRootResource`, which the guarded one calls (replaceable in tests). */
  __ffUnguarded?: (res: unknown) => Promise<void>;
}

/** The SDK's settings module: the very copy the Automation API's language server in this process uses. */
export function sdkSettings(): SettingsModule {
  return createRequire(__filename)("@pulumi/pulumi/runtime/settings") as SettingsModule;
}

/**
 * Makes the SDK's `setRootResource` (the inline program's first engine call) retry on UNAVAILABLE. The SDK
 * calls it through its module object (`settings_1.setRootResource`), so replacing the export is enough.
 * Idempotent; affects only the SDK copy this process loads, i.e. inline programs run by this process.
 */
export function guardInlinePrograms(): void {
  const settings = sdkSettings();
  if (settings.__ffUnguarded) return;
  settings.__ffUnguarded = settings.setRootResource;
  settings.setRootResource = (res) => retryUnavailable(() => settings.__ffUnguarded!(res));
}

/** An inline program that records each time its body starts, so a caller can tell a real run from one the SDK swallowed. */
export interface TrackedProgram {
  program: PulumiFn;
  /** How many times the body has started. */
  runs(): number;
}

/** Wraps `program` so that {@link TrackedProgram.runs} counts its runs. */
export function trackedProgram(program: PulumiFn): TrackedProgram {
  let runs = 0;
  return {
    program: async () => {
      runs++;
      return program();
    },
    runs: () => runs,
  };
}

/**
 * Runs an operation that runs the program (`up`, `preview`) and fails if the program body never started:
 * the SDK reported success for a run that declared nothing.
 */
export async function expectProgramRan<T>(tracked: TrackedProgram, operation: string, run: () => Promise<T>): Promise<T> {
  const before = tracked.runs();
  const result = await run();
  if (tracked.runs() === before) {
    throw new Error(
      `pulumi ${operation}: the inline program never ran, yet the SDK reported success (its first engine call failed ` +
        "with UNAVAILABLE, which the Automation API's language server swallows); the result is not the program's",
    );
  }
  return result;
}

/** Makes the stack's `up` and `preview` (the operations that run the program) fail when its body never started. */
export function checkProgramRuns(stack: Stack, tracked: TrackedProgram): Stack {
  const [up, preview] = [stack.up.bind(stack), stack.preview.bind(stack)];
  stack.up = (opts) => expectProgramRan(tracked, "up", () => up(opts));
  stack.preview = (opts) => expectProgramRan(tracked, "preview", () => preview(opts));
  return stack;
}
