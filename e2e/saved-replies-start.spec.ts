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
  // The chunk arrives late, as from a slow disk or network, and well under the wait for it (1 s)
  // also on a loaded machine: with 300 ms, fetching and compiling it once took past that second
  // in a CI run beside the other test worker, and the reply was shown as written, as designed.
  await page.route(/\/assets\/MarkdownContent-[^/]*\.js$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 100));
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

test("a saved chat whose last reply is long opens at the reply's end, formatted, and formats the rest going up, out of view", async ({ page }) => {
  const sections = Array.from({ length: 60 }, (_, n) => [`## Section ${n}`, "", `Some **bold** words for section ${n}, then a longer stretch of plain prose about the winds of the south of France, so that a frame's worth of formatting is shorter than the window. `.repeat(2), "", "| Wind | Region |", "| --- | --- |", `| Wind ${n} | Somewhere |`].join("\n"));
  const longReply = [...sections, "The very end of the reply."].join("\n\n");
  const chat = savedChat();
  chat.messages[1] = { ...chat.messages[1], content: longReply } as (typeof chat.messages)[1];
  await storeRawState(page, JSON.stringify({ version: 1, state: { conversations: [chat], activeConversationId: "winds" } }));
  // Whether blocks above the end waited for their frame, whether the reply stayed unseen while its
  // formatted end was shorter than the window, and whether a reply on show with blocks still to
  // come above had its top in view, where they would appear, in a painted frame (looked at just
  // after each frame, from a message its first callback posted).
  await page.addInitScript(() => {
    const record = { waited: 0, unseenFrames: 0, topInView: 0 };
    (window as unknown as { aboveRecord: typeof record }).aboveRecord = record;
    const afterFrame = new MessageChannel();
    afterFrame.port1.onmessage = () => {
      record.waited = Math.max(record.waited, document.querySelectorAll(".md-above").length);
      if (document.querySelector(".md-filling")) record.unseenFrames += 1;
      for (const reply of document.querySelectorAll(".markdown:not(.md-filling)")) {
        if (reply.querySelector(".md-above") && reply.getBoundingClientRect().top > 0) record.topInView += 1;
      }
    };
    const eachFrame = () => {
      afterFrame.port2.postMessage(null);
      requestAnimationFrame(eachFrame);
    };
    requestAnimationFrame(eachFrame);
  });
  await page.goto("/");
  const reply = page.locator("article[aria-label^='Reply']").last();
  await expect(reply.getByRole("heading", { name: "Section 59" })).toBeInViewport();
  await expect(reply.getByText("The very end of the reply.")).toBeInViewport();
  await expect(reply.locator(".md-above")).toHaveCount(0);
  await expect(reply.getByRole("heading", { name: "Section 0", exact: true })).toBeAttached();
  await expect(reply.locator("table")).toHaveCount(60);
  // The view stayed at the end while the blocks above it were formatted.
  await expect(reply.getByText("The very end of the reply.")).toBeInViewport();
  const record = await page.evaluate(() => (window as unknown as { aboveRecord: { waited: number; unseenFrames: number; topInView: number } }).aboveRecord);
  expect(record.waited).toBeGreaterThan(0);
  expect(record.unseenFrames).toBeGreaterThan(0);
  expect(record.topInView).toBe(0);
});
