import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // outside Next every module is server code: let the marker of database modules through
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    // each integration file opens its own database; PGlite is memory-hungry, so keep it to the 2 cores
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // .ci/run asks for a JSON report beside the usual output to add up both database runs
    reporters: process.env.WENXIAO_TEST_REPORT ? ["default", "json"] : ["default"],
    outputFile: process.env.WENXIAO_TEST_REPORT ? { json: process.env.WENXIAO_TEST_REPORT } : undefined,
  },
});
