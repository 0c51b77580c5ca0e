import { readFile } from "node:fs/promises";
import type { Conversation } from "../src/state/conversations";
import { expect, savedState, test } from "./appTest";
import { storeRawEntries, storedStateEntries } from "./storedState";

/** 300 chats of two messages, newest first; chat 250 mentions the zéphyrine wind. */
function history(): Conversation[] {
  return Array.from({ length: 300 }, (_, index) => ({
    id: `h${index}`,
    title: `Chat number ${index}`,
    createdAt: index,
    updatedAt: 1_000 - index,
    messages: [
      { id: `h${index}-q`, role: "user", content: index === 250 ? "Tell me about the zéphyrine wind." : `Question ${index}`, status: "done", createdAt: index },
      { id: `h${index}-a`, role: "assistant", content: `Answer ${index}`, status: "done", createdAt: index + 1 },
    ],
  }));
}

// A start reads the chat list's headers and the open chat; the other chats are read just after.
// Whatever a person does first must still reach every chat, whole.
test("a saved history of 300 chats: listed at start, and search, opening, export and a reload reach every chat whole", async ({ page }, testInfo) => {
  await storeRawEntries(page, storedStateEntries({ engineKind: "mistral-api", engineChosen: true, conversations: history(), activeConversationId: "h0" }));
  await page.goto("/");
  const sidebar = page.getByRole("navigation", { name: "Conversations" });
  const rows = sidebar.locator("li.conversation-item");
  await expect(rows.first()).toContainText("Chat number 0");
  await expect(rows.first()).toHaveAttribute("aria-setsize", "300");
  await expect(page.getByRole("article", { name: "You" })).toHaveText(/Question 0/);

  await sidebar.getByRole("searchbox", { name: "Search chats" }).fill("zephyrine");
  await expect(rows).toHaveCount(1);
  await rows.getByRole("button", { name: /^Chat number 250/ }).click();
  await expect(page.getByRole("article", { name: "You" })).toContainText("Tell me about the zéphyrine wind.");
  await sidebar.getByRole("searchbox", { name: "Search chats" }).fill("");

  const download = page.waitForEvent("download");
  await sidebar.getByRole("button", { name: "Export all (JSON)" }).click();
  const file = testInfo.outputPath("export.json");
  await (await download).saveAs(file);
  const exported = JSON.parse(await readFile(file, "utf8")) as { conversations: Conversation[] };
  expect(exported.conversations).toHaveLength(300);
  expect(exported.conversations.filter((conversation) => conversation.messages.length !== 2)).toEqual([]);

  await page.reload();
  await expect(rows.first()).toContainText("Chat number 0");
  // The chat open before the reload, read with the list.
  await expect(page.getByRole("article", { name: "You" })).toContainText("Tell me about the zéphyrine wind.");
  const saved = JSON.parse(await savedState(page)) as { state: { conversations: Conversation[] } };
  expect(saved.state.conversations).toHaveLength(300);
  expect(saved.state.conversations.filter((conversation) => conversation.messages.length !== 2)).toEqual([]);
});
