import type { Page } from "@playwright/test";
import { storeRawState } from "./storedState";
import { expect, lastReply, test, userMessages } from "./appTest";

/**
 * The build prerenders the first screen into index.html (scripts/prerenderAppShell.ts): it paints,
 * and the Message box takes typing, before the app's JavaScript has run; React then adopts it.
 */

/** The app's own bundle (index-<hash>.js), which starts everything. */
const appScript = /\/assets\/index-[\w-]+\.js$/;

/**
 * Errors the page's scripts report: a first render that does not match the prerendered HTML is
 * one. (Not the browser's own "Failed to load resource" lines: showing favicon.svg, as
 * storeRawState does, makes it ask for a favicon.ico there is none of.)
 */
function collectScriptErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) errors.push(message.text());
  });
  return errors;
}

test("without JavaScript the first screen is already there, and says the app needs JavaScript", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL, serviceWorkers: "block" });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Tramontane", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: "New chat" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Message" })).toBeEditable();
  // (Playwright's text matching skips <noscript>, so the notice is found by its element.)
  const notice = page.locator("noscript > p");
  await expect(notice).toBeVisible();
  await expect(notice).toContainText("Tramontane needs JavaScript");
  await context.close();
});

test("text typed before the app's code has run is kept, and sent once it has started", async ({ page, fakeApi }) => {
  await storeRawState(
    page,
    JSON.stringify({
      version: 1,
      state: { engineKind: "mistral-api", engineChosen: true, apiBaseUrl: fakeApi.url, apiKey: fakeApi.apiKey, rememberKey: true },
    }),
  );
  let releaseScript = () => {};
  const scriptHeld = new Promise<void>((resolve) => (releaseScript = resolve));
  await page.route(appScript, async (route) => {
    await scriptHeld;
    await route.continue();
  });
  await page.goto("/", { waitUntil: "commit" });

  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill("Typed while the app was loading");
  // Nothing of the app has run yet: main.tsx marks the page with its build first thing.
  expect(await page.evaluate(() => document.documentElement.dataset.build)).toBeUndefined();

  releaseScript();
  // Once started, the app has taken the text as its own: Send is enabled and the text is unchanged.
  await expect(page.getByRole("button", { name: "Send" })).toBeEnabled();
  await expect(page.locator("html")).toHaveAttribute("data-build", /.+/);
  // The route stays: unrouting while the page fetches its other scripts (the Mistral API worker's)
  // once left that request hanging, and the reply waiting for a worker that never came.
  await expect(box).toHaveValue("Typed while the app was loading");
  await box.press("Enter");
  await expect(userMessages(page)).toHaveText(["Typed while the app was loading"]);
  await expect(lastReply(page)).toHaveAttribute("aria-busy", "false");
  await expect(box).toHaveValue("");
});

test("the prerendered first screen is adopted without a mismatch, on a first visit and with saved chats", async ({ page }) => {
  const errors = collectScriptErrors(page);
  await page.goto("/");
  await expect(page.getByRole("paragraph").filter({ hasText: "First, choose where Mistral runs" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Message" })).toBeFocused();

  const now = Date.now();
  const chat = { id: "saved", title: "A saved chat", createdAt: now, updatedAt: now, messages: [{ id: "m1", role: "user", content: "Hello again", status: "done", createdAt: now }] };
  await storeRawState(page, JSON.stringify({ version: 1, state: { engineKind: "self-hosted", engineChosen: true, conversations: [chat], activeConversationId: "saved" } }));
  await page.goto("/");
  await expect(userMessages(page)).toHaveText(["Hello again"]);
  await expect(page.getByLabel("Active engine")).toContainText("Your server");
  // React reports a first render that differs from the prerendered HTML as an error.
  expect(errors).toEqual([]);
});
