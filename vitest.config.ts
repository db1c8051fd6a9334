import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    // The real-data tests share one ingested database; building it twice at once would double the work.
    fileParallelism: false,
    // why: the tests test src/, so every `bin/kube-census.js` they start runs the sources through
    // tsx, never a compile in dist-cli/ that may be older (test/cli/compiled-cli.test.ts checks it)
    env: { KUBE_CENSUS_CLI: "source" },
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
