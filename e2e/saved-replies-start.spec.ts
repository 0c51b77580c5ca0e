import { expect, test } from "./appTest";
import { storeRawState } from "./storedState";

/**
 * Markdown's code is a lazy chunk (not on the first screen), so on every start a saved chat's
 * replies are on screen before it has loaded. They must not show their raw Markdown meanwhile
 * (`**`, `|`, code fences) and then reflow into formatting: they wait, briefly, blank.
 */
const reply = ["## Winds", "", "- **Mistral**: the Rhône valley", "", "| Wind | Region |", "| --- | --- |", "| Tramontane | Roussillon |", "", "```ts", 'const wind = "mistral";', "```"].join("\n");

function savedChat() {
  return {
    id: "winds",
    title: "Winds",
    createdAt: 0,
    updatedAt: 1,
    messages: [
      { id: "q", role: "user", content: "Which winds blow in **France**?", status: "done", createdAt: 0 },
      { id: "a", role: "assistant", content: reply, status: "done", createdAt: 1, model: "mistral-small-latest" },
    ],
  };
}

test("a saved chat's reply shows no raw Markdown while the formatting code loads, then shows formatted", async ({ page }) => {
  await storeRawState(page, JSON.stringify({ version: 1, state: { conversations: [savedChat()], activeConversationId: "winds" } }));
  // The chunk arrives late, as from a slow disk or network (well under the wait for it, 1 s).
  await page.route(/\/assets\/MarkdownContent-[^/]*\.js$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    await route.continue();
  });
  // Every change to the page is checked before it can be painted.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { rawMarkdownSeen: string[] }).rawMarkdownSeen = seen;
    new MutationObserver(() => {
      for (const text of document.querySelectorAll("article[aria-label^='Reply'] .message-text")) {
        const content = text.textContent ?? "";
        if (/\*\*|```|\| ---/.test(content)) seen.push(content.slice(0, 40));
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto("/");
  // The person's own message is shown as typed, at once.
  await expect(page.getByText("Which winds blow in **France**?")).toBeVisible();
  const formatted = page.locator("article[aria-label^='Reply'] .markdown");
  await expect(formatted.getByRole("heading", { name: "Winds" })).toBeVisible();
  await expect(formatted.locator("table")).toBeVisible();
  await expect(formatted.locator("code.hljs")).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { rawMarkdownSeen: string[] }).rawMarkdownSeen)).toEqual([]);
});
