import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "../e2e/chromiumLaunchOptions";

/**
 * `npm run bench`: the performance figures of issue 8, measured on the production build in
 * dist-bench (built by the npm script) in the same Chromium, with the same flags, as the
 * end-to-end tests (playwright.config.ts). One worker, so runs never compete for the CPU.
 * Not part of `npm test`: timings are not pass/fail material for a test suite.
 */
export default defineConfig({
  testDir: ".",
  testMatch: "**/*.bench.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // A whole figure (every run of it) is one test.
  timeout: 10 * 60_000,
  expect: { timeout: 30_000 },
  outputDir: "../test-results/bench",
  reporter: [["list"], ["./benchReporter.ts"]],
  use: {
    trace: "off",
    serviceWorkers: "block",
    // The same Chromium and flags as the end-to-end tests.
    launchOptions: chromiumLaunchOptions,
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
});
