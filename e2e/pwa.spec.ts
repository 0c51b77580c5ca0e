import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import type { Page } from "@playwright/test";
import { connectToFakeApi, expect, lastReply, savedState, send, test, userMessages } from "./appTest";
import type { StaticServer } from "./fixtures/staticServer";
import { startStaticServer } from "./fixtures/staticServer";

// These tests are about the service worker, which the other tests block.
test.use({ serviceWorkers: "allow" });

let server: StaticServer | undefined;
test.afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** First visit, then a reload so the page is controlled by the service worker, as on a second visit. */
async function visitTwice(page: Page, url: string) {
  await page.goto(url);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

test("Chromium finds nothing that blocks installation, offers it, and the Install button appears", async ({ baseURL }, testInfo) => {
  // Installation is never offered in an incognito context: this needs a profile on disk.
  const profile = await mkdtemp(join(tmpdir(), "tramontane-profile-"));
  const launchOptions = testInfo.project.use.launchOptions ?? {};
  const context = await chromium.launchPersistentContext(profile, { executablePath: launchOptions.executablePath, args: launchOptions.args });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(baseURL ?? "/");
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const cdp = await context.newCDPSession(page);
    await expect.poll(async () => (await cdp.send("Page.getInstallabilityErrors")).installabilityErrors).toEqual([]);
    const manifest = await cdp.send("Page.getAppManifest");
    expect(manifest.errors).toEqual([]);
    await expect(page.getByRole("button", { name: "Install app" })).toBeVisible();
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});

test("after one visit the app starts with no network, shows the chats, and says what works offline", async ({ page, context, fakeApi }) => {
  server = await startStaticServer("dist");
  await visitTwice(page, server.url);
  await connectToFakeApi(page, fakeApi);
  fakeApi.enqueue({ type: "reply", tokens: ["Saved", " for", " the", " plane"] });
  await send(page, "Read this offline");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Saved for the plane");
  await expect.poll(() => savedState(page)).toContain("Saved for the plane");

  // No network at all: the server is gone, and any request still attempted fails.
  await server.close();
  server = undefined;
  await context.setOffline(true);
  await context.route("**/*", (route) => route.abort("internetdisconnected"));
  await page.reload();

  await expect(userMessages(page)).toHaveText(["Read this offline"]);
  await expect(lastReply(page).locator(".message-text")).toHaveText("Saved for the plane");
  // Chromium 150 starts a reloaded document (or a new tab) with navigator.onLine true whatever the
  // emulated network, which only reaches a document as a change: the network comes back for a
  // moment and goes again, as on a flaky connection, and the app must say it is offline.
  if (await page.evaluate(() => navigator.onLine)) {
    await context.setOffline(false);
    await context.setOffline(true);
  }
  const offline = page.getByRole("status").filter({ hasText: "You are offline. Your chats are all here." });
  await expect(offline).toContainText("Models on this device work offline once downloaded");
  await expect(offline).toContainText("The Mistral API needs a connection");
});

test("a new version waits while a reply streams, then Reload brings it in with every chat intact", async ({ page, fakeApi }) => {
  // Two visits, a second build installed by the service worker, a streamed reply and a reload:
  // 18 s on a quiet run here and 28 s on a busy one, against the default 30 s for a test.
  test.setTimeout(60_000);
  server = await startStaticServer("dist");
  await visitTwice(page, server.url);
  expect(await page.evaluate(() => document.documentElement.dataset.build)).toBe("1");
  await connectToFakeApi(page, fakeApi, { remember: true });
  fakeApi.enqueue({ type: "reply", tokens: ["First"] }, { type: "reply", tokens: ["Still", " going", " on"], holdAfter: 1 });
  await send(page, "Before the update");
  await expect(lastReply(page).locator(".message-text")).toHaveText("First");
  await send(page, "During the update");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Still");

  // The new version is deployed, and the browser finds it.
  server.serve("dist-next");
  await page.evaluate(async () => {
    await (await navigator.serviceWorker.getRegistration())?.update();
  });
  await page.waitForFunction(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting));
  const updateBanner = page.getByRole("status").filter({ hasText: "Update available" });
  // Not while the reply streams. (Half a second for workbox's "waiting" event to reach the app:
  // without the hold, the banner would be up by then.)
  await page.waitForTimeout(500);
  await expect(updateBanner).toHaveCount(0);
  fakeApi.release();
  await expect(lastReply(page).locator(".message-text")).toHaveText("Still going on");
  await expect(updateBanner).toBeVisible();

  await updateBanner.getByRole("button", { name: "Reload" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-build", "2");
  await expect(userMessages(page)).toHaveText(["Before the update", "During the update"]);
  await expect(lastReply(page).locator(".message-text")).toHaveText("Still going on");
});
