import type { Page } from "@playwright/test";
import { storeRawState } from "./storedState";
import { connectToFakeApi, expect, lastReply, savedState, send, test, userMessages } from "./appTest";

/** Every key idb-keyval holds for the app. */
function storedKeys(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open("keyval-store");
        open.onsuccess = () => {
          const request = open.result.transaction("keyval").objectStore("keyval").getAllKeys();
          request.onsuccess = () => resolve(request.result.map(String));
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

const goodChat = {
  id: "good",
  title: "A chat that survived",
  createdAt: 1,
  updatedAt: 2,
  messages: [
    { id: "m1", role: "user", content: "Still here?", status: "done", createdAt: 1 },
    { id: "m2", role: "assistant", content: "Yes.", status: "done", createdAt: 2, model: "mistral-small-latest" },
  ],
};

test("partly corrupt stored data: the app starts, keeps what it can read, says what it left out, and keeps a copy", async ({ page }) => {
  await storeRawState(page, JSON.stringify({ version: 1, state: { conversations: [goodChat, { id: 7, title: null }], activeConversationId: "good", engineKind: "teleport" } }));
  await page.goto("/");
  const banner = page.getByRole("status").filter({ hasText: "Everything else was loaded." });
  await expect(banner).toContainText("1 conversation could not be read and was left out.");
  await expect(banner).toContainText("settings could not be read");
  await expect(banner).toContainText(/A copy of everything that was stored was kept .* "tramontane-state-unreadable-\d+"/);
  await expect(userMessages(page)).toHaveText(["Still here?"]);
  expect((await storedKeys(page)).some((key) => key.startsWith("tramontane-state-unreadable-"))).toBe(true);
  await banner.getByRole("button", { name: "Dismiss" }).click();
  await expect(banner).toBeHidden();
});

test("unreadable stored data: the app starts with defaults, says so, and keeps the unreadable copy", async ({ page }) => {
  await storeRawState(page, '{"version":1,"state":{"conversations":[{"id":"half-writ');
  await page.goto("/");
  await expect(page.getByRole("status").filter({ hasText: "Everything else was loaded." })).toContainText(/could not be read; a copy was kept/);
  await expect(page.getByRole("textbox", { name: "Message" })).toBeVisible();
  expect((await storedKeys(page)).some((key) => key.startsWith("tramontane-state-unreadable-"))).toBe(true);
});

test("a failed save shows a banner, loses nothing, and clears after the next good save", async ({ page, fakeApi }) => {
  await page.goto("/");
  await connectToFakeApi(page, fakeApi);
  await send(page, "Saved before the disk filled up");
  await expect(lastReply(page)).toHaveAttribute("aria-busy", "false");
  await expect.poll(() => savedState(page)).toContain("Saved before the disk filled up");

  // From now on IndexedDB refuses writes as a full disk does.
  await page.evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    Object.assign(window, { restorePut: () => (IDBObjectStore.prototype.put = put) });
    IDBObjectStore.prototype.put = () => {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    };
  });
  fakeApi.enqueue({ type: "reply", tokens: ["Kept", " in", " memory"] });
  await send(page, "Written while full");
  const alert = page.getByRole("alert").filter({ hasText: "Not saved." });
  await expect(alert).toContainText("storage for this site is full");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Kept in memory");
  expect(await savedState(page)).not.toContain("Written while full");

  // The disk has room again, and the person presses "Try saving again" — in one task, so no
  // coalesced save that was already waiting can get there first.
  await expect(alert.getByRole("button", { name: "Try saving again" })).toBeVisible();
  await page.evaluate(() => {
    (window as unknown as { restorePut: () => void }).restorePut();
    [...document.querySelectorAll("button")].find((button) => button.textContent === "Try saving again")?.click();
  });
  await expect(alert).toBeHidden();
  await expect.poll(() => savedState(page)).toContain("Kept in memory");
  await page.reload();
  await expect(userMessages(page)).toHaveText(["Saved before the disk filled up", "Written while full"]);
});
