import type { Locator } from "@playwright/test";
import { connectToFakeApi, expect, lastReply, savedState, send, test, userMessages } from "./appTest";

test("conversations survive a reload and a new page, including a reply cut by the reload", async ({ page, context, fakeApi }) => {
  await page.goto("/");
  await connectToFakeApi(page, fakeApi);
  fakeApi.enqueue({ type: "reply", tokens: ["A", " cold", " wind", "."] });
  await send(page, "What is the mistral?");
  await expect(lastReply(page).locator(".message-text")).toHaveText("A cold wind.");

  // A second reply, still streaming when the page reloads.
  fakeApi.enqueue({ type: "reply", tokens: ["It", " blows", " south", " to", " the", " sea"], holdAfter: 2 });
  await send(page, "Where does it blow?");
  await expect(lastReply(page)).toContainText("It blows");
  // The part received is saved while streaming (at most one write per few hundred ms).
  await expect.poll(() => savedState(page)).toContain("It blows");
  await page.reload();

  const conversations = page.getByRole("navigation", { name: "Conversations" });
  await expect(conversations.getByRole("button", { name: "What is the mistral?", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(userMessages(page)).toHaveText(["What is the mistral?", "Where does it blow?"]);
  const cut = lastReply(page);
  await expect(cut.locator(".message-text")).toHaveText("It blows");
  await expect(cut).toContainText("Incomplete");

  const second = await context.newPage();
  await second.goto("/");
  await expect(second.getByRole("article", { name: /^Reply from/ }).first().locator(".message-text")).toHaveText("A cold wind.");
});

test("a reply that has just ended is kept through a reload at that moment", async ({ page, fakeApi }) => {
  await page.goto("/");
  // The key is remembered, so that each round after a reload can send again.
  await connectToFakeApi(page, fakeApi, { remember: true });
  const replies = ["A cold wind from the north.", "It blows down the Rhône valley.", "Mostly in winter and spring."];
  // Three rounds: the save started as the page goes did not land about half the time before
  // it was committed at once (the reload tore the page down first).
  for (const [round, reply] of replies.entries()) {
    fakeApi.enqueue({ type: "reply", tokens: reply.split(/(?= )/) });
    // Reloads from inside the page as soon as the reply's last words show: no later than a person could.
    await page.evaluate((text) => {
      const observer = new MutationObserver(() => {
        if (![...document.querySelectorAll(".message-text")].some((element) => element.textContent === text)) return;
        observer.disconnect();
        location.reload();
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    }, reply);
    const reloaded = page.waitForEvent("load");
    await send(page, `Question ${round + 1}`);
    await reloaded;
    await expect(userMessages(page)).toHaveText(replies.slice(0, round + 1).map((_, index) => `Question ${index + 1}`));
    await expect(page.getByRole("article", { name: /^Reply from/ }).locator(".message-text")).toHaveText(replies.slice(0, round + 1));
    await expect(lastReply(page)).not.toContainText("Incomplete");
  }
});

test("New chat, switching, delete and undo", async ({ page, fakeApi }) => {
  await page.goto("/");
  await connectToFakeApi(page, fakeApi);
  fakeApi.enqueue({ type: "reply", tokens: ["One"] }, { type: "reply", tokens: ["Two"] });
  await send(page, "First chat");
  await expect(lastReply(page).locator(".message-text")).toHaveText("One");

  const conversations = page.getByRole("navigation", { name: "Conversations" });
  await conversations.getByRole("button", { name: "New chat" }).click();
  await expect(page.getByRole("article")).toHaveCount(0);
  await expect(page.getByRole("textbox", { name: "Message" })).toBeFocused();
  await send(page, "Second chat");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Two");
  // Newest activity first.
  await expect(conversations.getByRole("listitem")).toHaveText([/Second chat/, /First chat/]);

  await conversations.getByRole("button", { name: "First chat", exact: true }).click();
  await expect(userMessages(page)).toHaveText(["First chat"]);
  // The history sent is this conversation's only.
  fakeApi.enqueue({ type: "reply", tokens: ["Again"] });
  await send(page, "More");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Again");
  expect(fakeApi.chatRequests().at(-1)?.body).toMatchObject({
    messages: [
      { role: "user", content: "First chat" },
      { role: "assistant", content: "One" },
      { role: "user", content: "More" },
    ],
  });

  await conversations.getByRole("button", { name: "Delete “First chat”" }).click();
  await expect(conversations.getByRole("button", { name: "First chat", exact: true })).toHaveCount(0);
  await expect(conversations.getByRole("status")).toContainText("Deleted “First chat”");
  await conversations.getByRole("button", { name: "Undo" }).click();
  await expect(conversations.getByRole("button", { name: "First chat", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(userMessages(page)).toHaveText(["First chat", "More"]);
});

test("at 360 px wide the sidebar collapses behind Chats, nothing overflows, and the engine stays visible", async ({ page, fakeApi }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/");
  await connectToFakeApi(page, fakeApi);
  await send(page, "Hello from a phone");
  await expect(lastReply(page)).toHaveAttribute("aria-busy", "false");
  const conversations = page.getByRole("navigation", { name: "Conversations" });
  await expect(conversations).toBeHidden();
  await expect(page.getByLabel("Active engine")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  // The header's buttons fit on one row with the title: icons, named for screen readers by their words.
  const middleOf = async (locator: Locator) => {
    const box = await locator.boundingBox();
    return box ? box.y + box.height / 2 : Number.NaN;
  };
  const titleMiddle = await middleOf(page.getByRole("heading", { name: "Tramontane" }));
  for (const name of ["Chats", "Benchmark", "Settings"]) {
    const button = page.getByRole("banner").getByRole("button", { name, exact: true });
    expect(Math.abs((await middleOf(button)) - titleMiddle)).toBeLessThanOrEqual(2);
  }
  // The chat's own controls fit too.
  for (const control of [page.getByRole("button", { name: "Chat settings" }), lastReply(page).getByRole("button", { name: "Regenerate" }), lastReply(page).getByRole("button", { name: "Delete message" })]) {
    await expect(control).toBeInViewport();
  }

  // The chat list is a drawer: focus goes into it; Escape, or a tap beside it, closes it.
  const chatsButton = page.getByRole("button", { name: "Chats" });
  await chatsButton.click();
  await expect(conversations).toBeVisible();
  await expect(conversations.getByRole("button", { name: "New chat" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(conversations).toBeHidden();
  await expect(chatsButton).toBeFocused();
  await chatsButton.click();
  await expect(conversations).toBeVisible();
  await page.mouse.click(350, 400);
  await expect(conversations).toBeHidden();
  await expect(lastReply(page)).toBeVisible();

  // Settings fits too: the key's field gives way to its Show key button, which keeps its words inside it.
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  const settings = page.getByRole("dialog", { name: "Settings" });
  expect(await settings.getByRole("button", { name: "Show key" }).evaluate((button) => button.scrollWidth - button.clientWidth)).toBe(0);
  expect(await settings.evaluate((dialog) => dialog.scrollWidth - dialog.clientWidth)).toBe(0);
  await settings.getByRole("button", { name: "Done" }).click();

  await chatsButton.click();
  await conversations.getByRole("button", { name: "New chat" }).click();
  await expect(conversations).toBeHidden();
  await expect(page.getByRole("textbox", { name: "Message" })).toBeFocused();

  // Escape in the drawer closes it and nothing else: a reply streaming meanwhile goes on.
  fakeApi.enqueue({ type: "reply", tokens: ["Still", " going", "."], holdAfter: 1 });
  await send(page, "Keep going");
  await expect(page.getByRole("button", { name: "Stop" })).toBeVisible();
  await chatsButton.click();
  await page.keyboard.press("Escape");
  await expect(conversations).toBeHidden();
  await expect(page.getByRole("button", { name: "Stop" })).toBeVisible();
  fakeApi.release();
  await expect(lastReply(page).locator(".message-text")).toHaveText("Still going.");
});

test("two tabs: a chat made in one shows up in the other without a reload, and neither overwrites the other", async ({ page, context, fakeApi }) => {
  await page.goto("/");
  await connectToFakeApi(page, fakeApi);
  const other = await context.newPage();
  await other.goto("/");
  const otherList = other.getByRole("navigation", { name: "Conversations" });

  fakeApi.enqueue({ type: "reply", tokens: ["From", " tab", " one"] });
  await send(page, "Chat in tab one");
  await expect(lastReply(page).locator(".message-text")).toHaveText("From tab one");
  await expect(otherList.getByRole("button", { name: "Chat in tab one", exact: true })).toBeVisible();

  // The second tab chats too (it needs the key: keys are per tab unless remembered).
  await connectToFakeApi(other, fakeApi);
  await otherList.getByRole("button", { name: "New chat" }).click();
  fakeApi.enqueue({ type: "reply", tokens: ["From", " tab", " two"] });
  await send(other, "Chat in tab two");
  await expect(lastReply(other).locator(".message-text")).toHaveText("From tab two");
  const list = page.getByRole("navigation", { name: "Conversations" });
  await expect(list.getByRole("listitem")).toHaveText([/Chat in tab two/, /Chat in tab one/]);

  await otherList.getByRole("button", { name: "Delete “Chat in tab one”" }).click();
  await expect(list.getByRole("button", { name: "Chat in tab one", exact: true })).toHaveCount(0);

  // What is saved is the merged list, whichever tab wrote last.
  await expect.poll(() => savedState(page)).not.toContain("Chat in tab one");
  await page.reload();
  await expect(list.getByRole("listitem")).toHaveText([/Chat in tab two/]);
});

test("two tabs: a new message in one appears in the other, and edits made in both are kept", async ({ page, context, fakeApi }) => {
  await page.goto("/");
  await connectToFakeApi(page, fakeApi);
  const list = page.getByRole("navigation", { name: "Conversations" });
  fakeApi.enqueue({ type: "reply", tokens: ["Alpha"] }, { type: "reply", tokens: ["Beta"] });
  await send(page, "Chat A");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Alpha");
  await list.getByRole("button", { name: "New chat" }).click();
  await send(page, "Chat B");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Beta");

  const other = await context.newPage();
  await other.goto("/");
  await connectToFakeApi(other, fakeApi);
  const otherList = other.getByRole("navigation", { name: "Conversations" });
  await otherList.getByRole("button", { name: "Chat A", exact: true }).click();

  // Tab one adds a message to chat B while tab two renames chat A.
  fakeApi.enqueue({ type: "reply", tokens: ["Gamma"] });
  await send(page, "More for B");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Gamma");
  await otherList.getByRole("button", { name: "Rename “Chat A”" }).click();
  await otherList.getByRole("textbox", { name: "Chat name" }).fill("Chat A, renamed");
  await otherList.getByRole("textbox", { name: "Chat name" }).press("Enter");

  await expect(list.getByRole("button", { name: "Chat A, renamed", exact: true })).toBeVisible();
  await otherList.getByRole("button", { name: "Chat B", exact: true }).click();
  await expect(userMessages(other)).toHaveText(["Chat B", "More for B"]);

  await expect.poll(() => savedState(page)).toContain("Chat A, renamed");
  await expect.poll(() => savedState(page)).toContain("More for B");
  const fresh = await context.newPage();
  await fresh.goto("/");
  const freshList = fresh.getByRole("navigation", { name: "Conversations" });
  await expect(freshList.getByRole("listitem")).toHaveText([/Chat A, renamed/, /Chat B/]);
});
