import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["provider/**/*.test.ts", "emulator/**/*.test.ts", "test/**/*.test.ts"],
    // Engine tests spawn the Pulumi CLI, which builds plans and provider processes: give them room.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    server: {
      deps: {
        // The compiled package (dist/) is what the engine's provider host loads; load it natively in
        // tests too, so a test exercises the same CommonJS code a user's program does.
        external: [/\/dist\//],
      },
    },
  },
});
