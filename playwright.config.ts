import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./e2e/chromiumLaunchOptions";

/**
 * End-to-end tests run the production build (`vite build`, then `vite preview` with the production
 * headers from vite.config.ts) in Debian's Chromium with WebGPU on SwiftShader.
 * TRAMONTANE_CHROMIUM points at another Chromium for people who have it elsewhere.
 */
const port = Number(process.env.TRAMONTANE_E2E_PORT ?? 4180);

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: true,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    // The service worker is tested in pwa.spec.ts; elsewhere it would serve the app from its cache
    // and hide what the server sends.
    serviceWorkers: "block",
    launchOptions: chromiumLaunchOptions,
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: `npx vite preview --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
