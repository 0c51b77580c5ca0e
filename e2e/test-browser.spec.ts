import { expect, test } from "@playwright/test";
import { disabledChromiumFeatures } from "./chromiumLaunchOptions";

/**
 * The browser the tests and `npm run bench` drive must spend this machine's 2 cores on the page
 * under test, not on building its own address-bar popup for every new context (see
 * chromiumLaunchOptions.ts) — and switching that off must not switch Playwright's own settings back
 * on: Chromium keeps only the last --disable-features switch.
 */
test("the test browser builds no address-bar popup and keeps Playwright's own disabled features", async ({ browser }) => {
  const context = await browser.newContext();
  const cdp = await browser.newBrowserCDPSession();
  try {
    const page = await context.newPage();
    await page.goto("chrome://version");
    const commandLine = (await page.locator("#command_line").textContent()) ?? "";
    const disableSwitches = commandLine.split(/\s+/).filter((argument) => argument.startsWith("--disable-features="));
    const features = (argument: string | undefined) => (argument ?? "").slice("--disable-features=".length).split(",").filter(Boolean);
    const inEffect = features(disableSwitches.at(-1));
    expect(inEffect).toEqual(expect.arrayContaining(disabledChromiumFeatures));
    const dropped = disableSwitches.flatMap(features).filter((feature) => !inEffect.includes(feature));
    expect(dropped, "features an earlier --disable-features switch asked for, dropped by the last one").toEqual([]);

    // When it is on, the popup is a chrome://omnibox-popup.top-chrome/ page of its own, there
    // within a second of a context's first page.
    await page.goto("data:text/html,<p>A page</p>");
    await page.waitForTimeout(1500);
    const { targetInfos } = await cdp.send("Target.getTargets");
    expect(targetInfos.map((target) => target.url).filter((url) => url.startsWith("chrome://omnibox"))).toEqual([]);
  } finally {
    await cdp.detach();
    await context.close();
  }
});
