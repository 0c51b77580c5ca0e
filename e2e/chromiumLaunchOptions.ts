import type { LaunchOptions } from "@playwright/test";

/**
 * Chromium features switched off for every test and benchmark run:
 * - WebUIOmniboxPopup and WebUIOmniboxAimPopup: headless Chromium 156 builds the address bar's
 *   popup (two chrome:// pages of web components, with their fonts) in a renderer of its own for
 *   every new browser context, and every test and benchmark run opens a new context. That browser
 *   work competed with the page under test for this machine's 2 cores: the first screen was painted
 *   some 60–130 ms later, for the app and for the bare floor page alike (`npm run bench`). A
 *   person's browser builds its own interface once, not for each page it opens.
 * - The rest is Playwright 1.65's own list (chromiumSwitches.ts), repeated here because Chromium
 *   keeps only the last `--disable-features` switch on its command line, and Playwright puts its
 *   own before these arguments. e2e/test-browser.spec.ts fails if one of Playwright's is dropped.
 */
const playwrightDisabledFeatures = [
  "AvoidUnnecessaryBeforeUnloadCheckSync",
  "DestroyProfileOnBrowserClose",
  "HttpsUpgrades",
  "HttpsFirstBalancedModeAutoEnable",
  "LensOverlay",
  "MediaRouter",
  "PaintHolding",
  "ThirdPartyStoragePartitioning",
  "AvoidCorsURLLoaderRestartOnRedirect",
  "TcpPortRandomizationWin",
  "OptimizationHints",
  "NetworkTimeServiceQuerying",
  "AimEnabled",
  "PreconnectToSearch",
  "msForceBrowserSignIn",
  "msEdgeUpdateLaunchServicesPreferredVersion",
];
export const disabledChromiumFeatures = [...playwrightDisabledFeatures, "WebUIOmniboxPopup", "WebUIOmniboxAimPopup"];

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
    `--disable-features=${disabledChromiumFeatures.join(",")}`,
    // Nothing in these tests may leave the machine: other hosts do not resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
  ],
};
