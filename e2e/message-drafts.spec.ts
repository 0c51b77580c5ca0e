import { connectToFakeApi, expect, lastReply, send, test, userMessages } from "./appTest";

test("each chat keeps its own unsent message, through chat switches and a reload", async ({ page, fakeApi }) => {
  await page.goto("/");
  await connectToFakeApi(page, fakeApi, { remember: true });
  fakeApi.enqueue({ type: "reply", tokens: ["One"] }, { type: "reply", tokens: ["Two"] }, { type: "reply", tokens: ["Three"] });
  const conversations = page.getByRole("navigation", { name: "Conversations" });
  const box = page.getByRole("textbox", { name: "Message" });

  await send(page, "First chat");
  await expect(lastReply(page).locator(".message-text")).toHaveText("One");
  await box.fill("A thought for the first chat, not sent yet");

  // Another chat: its box is its own, so the text cannot be sent there by mistake.
  await conversations.getByRole("button", { name: "New chat" }).click();
  await expect(box).toHaveValue("");
  await send(page, "Second chat");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Two");
  await box.fill("Half a question for the second");

  await conversations.getByRole("button", { name: "First chat", exact: true }).click();
  await expect(box).toHaveValue("A thought for the first chat, not sent yet");

  // A reload (or a closed tab) keeps both.
  await page.reload();
  await expect(userMessages(page)).toHaveText(["First chat"]);
  await expect(box).toHaveValue("A thought for the first chat, not sent yet");
  await conversations.getByRole("button", { name: "Second chat", exact: true }).click();
  await expect(box).toHaveValue("Half a question for the second");

  // Sent, it is gone from the box for good.
  await box.press("Enter");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Three");
  await expect(userMessages(page)).toHaveText(["Second chat", "Half a question for the second"]);
  await page.reload();
  await expect(userMessages(page)).toHaveText(["Second chat", "Half a question for the second"]);
  await expect(box).toHaveValue("");
  await conversations.getByRole("button", { name: "First chat", exact: true }).click();
  await expect(box).toHaveValue("A thought for the first chat, not sent yet");
});

test("a draft typed just before a reload is kept even when its IndexedDB write does not land", async ({ page, fakeApi }) => {
  await page.goto("/");
  await connectToFakeApi(page, fakeApi, { remember: true });
  fakeApi.enqueue({ type: "reply", tokens: ["One"] });
  const box = page.getByRole("textbox", { name: "Message" });
  await send(page, "First chat");
  await expect(lastReply(page).locator(".message-text")).toHaveText("One");
  await page.reload();
  await expect(userMessages(page)).toHaveText(["First chat"]);

  // From here this page's IndexedDB writes are refused, as when a page is torn down before they land.
  await page.evaluate(() => {
    const open = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase["transaction"]>) {
      if (args[1] === "readwrite") throw new DOMException("Refused by the test", "InvalidStateError");
      return open.apply(this, args);
    };
  });
  await box.fill("Typed just before a reload");
  await page.reload();
  await expect(box).toHaveValue("Typed just before a reload");

  // The next page moved it into IndexedDB: it stays once the page's own copy is gone.
  const copies = () => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("tramontane-draft-unsaved:")));
  await expect.poll(copies).toEqual([]);
  await page.reload();
  await expect(box).toHaveValue("Typed just before a reload");
});
