import { expect, savedState, test } from "./appTest";
import { storeRawState } from "./storedState";

const tenChats = Array.from({ length: 10 }, (_, index) => ({
  id: `chat-${index}`,
  title: `Chat ${index}`,
  createdAt: index,
  updatedAt: index,
  messages: [{ id: `m-${index}`, role: "user", content: `Message ${index}`, status: "done", createdAt: index }],
}));

test("with ten chats the browser is asked to keep them; when it says no, the sidebar suggests exporting", async ({ page }) => {
  // Chromium refuses persistence to a site the person has not engaged with (as here).
  await storeRawState(page, JSON.stringify({ version: 1, state: { conversations: tenChats, activeConversationId: null } }));
  await page.goto("/");
  const sidebar = page.getByRole("navigation", { name: "Conversations" });
  await expect(sidebar.getByRole("listitem")).toHaveCount(10);
  const notice = sidebar.getByRole("status").filter({ hasText: "may delete your chats" });
  await expect(notice).toContainText("Export them now and then");
  await notice.getByRole("button", { name: "Got it" }).click();
  await expect(notice).toBeHidden();
  await expect.poll(() => savedState(page)).toContain('"persistenceNoticeDismissed":true');
  await page.reload();
  await expect(sidebar.getByRole("listitem")).toHaveCount(10);
  await expect(sidebar.getByText("may delete your chats")).toHaveCount(0);
});

test("when the browser grants persistent storage, nothing is said", async ({ page, context, baseURL }) => {
  // Granting needs this context's id: Playwright's contexts are not the browser's default one.
  const { targetInfo } = await (await context.newCDPSession(page)).send("Target.getTargetInfo");
  const browserCdp = await context.browser()?.newBrowserCDPSession();
  await browserCdp?.send("Browser.grantPermissions", { permissions: ["durableStorage"], origin: new URL(baseURL ?? "").origin, browserContextId: targetInfo.browserContextId });
  await storeRawState(page, JSON.stringify({ version: 1, state: { conversations: tenChats, activeConversationId: null } }));
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Conversations" }).getByRole("listitem")).toHaveCount(10);
  await expect.poll(() => page.evaluate(() => navigator.storage.persisted())).toBe(true);
  await expect(page.getByText("may delete your chats")).toHaveCount(0);
});

test("with fewer than ten chats and no model downloaded, the browser is not asked", async ({ page }) => {
  await storeRawState(page, JSON.stringify({ version: 1, state: { conversations: tenChats.slice(0, 9), activeConversationId: null } }));
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Conversations" }).getByRole("listitem")).toHaveCount(9);
  await expect(page.getByText("may delete your chats")).toHaveCount(0);
});
