import type { LaunchOptions } from "@playwright/test";

/**
 * How the end-to-end tests and `npm run bench` start Chromium: Debian's (or TRAMONTANE_CHROMIUM),
 * WebGPU on (SwiftShader here), and nothing reachable beyond this machine.
 */
export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: process.env.TRAMONTANE_CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--enable-unsafe-webgpu",
    "--no-sandbox",
    "--disable-gpu-sandbox",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    // Nothing in these tests may leave the machine: other hosts do not resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
  ],
};
