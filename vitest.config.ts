import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["provider/**/*.test.ts", "emulator/**/*.test.ts", "test/**/*.test.ts"],
    // Engine tests spawn the Pulumi CLI, which builds plans and provider processes: give them room.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // A creation journal of the run's own (forked workers inherit the variable), removed at the end.
    globalSetup: ["test/helpers/journal-dir.ts"],
    // Engine tests spend most of their time waiting on the CLI, provider and emulator processes they start; two test
    // files at a time keep a 2-core machine busy (vitest would run one at a time there) and keep CI under its budget.
    maxWorkers: 2,
    minWorkers: 1,
    server: {
      deps: {
        // The compiled package (dist/) is what the engine's provider host loads; load it natively in
        // tests too, so a test exercises the same CommonJS code a user's program does.
        external: [/\/dist\//],
      },
    },
  },
});
