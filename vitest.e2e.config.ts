import path from "node:path";
import { defineConfig } from "vitest/config";

// Browser and HTTP tests against the built app with the demo loaded (npm run test:e2e; needs Chromium).
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/e2e/server.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
    reporters: process.env.WENXIAO_TEST_REPORT ? ["default", "json"] : ["default"],
    outputFile: process.env.WENXIAO_TEST_REPORT ? { json: process.env.WENXIAO_TEST_REPORT } : undefined,
  },
});
