import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Vitest global setup: the whole test run, and every provider process its engine tests start, journal creates in one
 * directory of its own (provider/core/dynamic/creation-journal.ts), removed at the end. Runs on the same machine, or a
 * user's own journal, never vouch for each other's objects, and nothing is left in the temp directory.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "ff-journal-test-"));
  process.env.PULUMI_FEATURE_FLAGS_JOURNAL_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
