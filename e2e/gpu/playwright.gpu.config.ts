import { defineConfig } from "@playwright/test";

/**
 * `npm run test:gpu`: the real Mistral 7B on a real GPU, for a person with one (and internet, to
 * download about 4 GB once). It is not part of `npm test`: CI has neither.
 * TRAMONTANE_CHROMIUM picks the browser (default /usr/bin/chromium); HEADED=1 shows it.
 */
const port = Number(process.env.TRAMONTANE_GPU_PORT ?? 4181);

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.gpu.ts",
  workers: 1,
  retries: 0,
  timeout: 60 * 60_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: !process.env.HEADED,
    launchOptions: {
      executablePath: process.env.TRAMONTANE_CHROMIUM ?? "/usr/bin/chromium",
      // WebGPU on a real GPU; on Linux Chromium needs Vulkan and the blocklist lifted.
      args: ["--enable-unsafe-webgpu", "--enable-features=Vulkan", "--ignore-gpu-blocklist", "--no-sandbox"],
    },
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: true,
    // Relative to this file: serve the repository's build, with its production headers.
    cwd: "../..",
  },
});
