import type { Page } from "@playwright/test";
import { connectToFakeApi, expect, lastReply, send, test } from "./appTest";
import { storeRawState } from "./storedState";

/**
 * While a reply streams, its newest words stay in view, just above the composer bar (which sticks
 * to the bottom of the window), until the person scrolls up to read; sending again, or "Jump to
 * latest", follows again.
 * Checked on a short chat and on a long one, whose list is virtualized (issue 8), at two window sizes.
 */

function chatOf(messageCount: number) {
  const messages = Array.from({ length: messageCount }, (_, index) => ({
    id: `m${index}`,
    role: index % 2 === 0 ? "user" : "assistant",
    content: index % 2 === 0 ? `Question number ${index}` : `Answer number ${index}\n\n- a list item\n- another one`,
    status: "done",
    createdAt: index,
  }));
  return { id: "chat", title: "A chat", createdAt: 0, updatedAt: messageCount, messages };
}

const lines = Array.from({ length: 60 }, (_, index) => `Line ${index} of the reply.`);

/** Whether `text` is on screen and not hidden behind the composer bar. */
async function shownAboveComposer(page: Page, text: string): Promise<boolean> {
  const line = await page.getByText(text, { exact: true }).boundingBox();
  const composer = await page.locator(".composer").boundingBox();
  if (!line || !composer) return false;
  return line.y >= 0 && line.y + line.height <= composer.y;
}

// A short chat on a phone-sized window, a long (virtualized) one on a desktop-sized one.
for (const { messageCount, width, height } of [
  { messageCount: 4, width: 360, height: 640 },
  { messageCount: 300, width: 1280, height: 720 },
]) {
  test(`a streaming reply stays in view above the composer, stops following when the person scrolls up, and follows again on send or Jump to latest (${messageCount} messages, ${width} px)`, async ({ page, fakeApi }) => {
    await page.setViewportSize({ width, height });
    await storeRawState(page, JSON.stringify({ version: 1, state: { conversations: [chatOf(messageCount)], activeConversationId: "chat" } }));
    await page.goto("/");
    await connectToFakeApi(page, fakeApi);
    fakeApi.enqueue({ type: "reply", tokens: lines.map((line) => `${line}\n\n`), tokenDelayMs: 10, holdAfter: 40 });
    await send(page, "Write sixty lines.");

    // Held after 40 lines: the 40th is the newest, and it is in full view.
    await expect(page.getByText(lines[39] ?? "", { exact: true })).toBeVisible();
    await expect.poll(() => shownAboveComposer(page, lines[39] ?? "")).toBe(true);

    // The person scrolls up to read; the rest of the reply must not pull them back down.
    await page.mouse.move(width / 2, height / 3);
    await page.mouse.wheel(0, -500);
    await expect.poll(() => shownAboveComposer(page, lines[39] ?? "")).toBe(false);
    const readingAt = await page.evaluate(() => window.scrollY);
    const jump = page.getByRole("button", { name: "Jump to latest" });
    await expect(jump).toBeVisible();
    fakeApi.release();
    await expect(lastReply(page)).toHaveAttribute("data-status", "done");
    expect(await page.evaluate(() => window.scrollY)).toBe(readingAt);
    expect(await shownAboveComposer(page, lines[59] ?? "")).toBe(false);

    // Sending follows the new reply again.
    fakeApi.enqueue({ type: "reply", tokens: ["Back", " at", " the", " end."] });
    await send(page, "Thanks.");
    await expect(lastReply(page).locator(".message-text")).toHaveText("Back at the end.");
    await expect.poll(() => shownAboveComposer(page, "Back at the end.")).toBe(true);
    await expect(jump).toBeHidden();

    // Scrolled up in the middle of a reply, "Jump to latest" brings the person back to its newest
    // words, and the rest of the reply is followed again.
    const more = lines.map((line) => line.replace("of the reply", "once more"));
    fakeApi.enqueue({ type: "reply", tokens: more.map((line) => `${line}\n\n`), tokenDelayMs: 10, holdAfter: 40 });
    await send(page, "Once more.");
    await expect.poll(() => shownAboveComposer(page, more[39] ?? "")).toBe(true);
    await page.mouse.wheel(0, -500);
    await expect.poll(() => shownAboveComposer(page, more[39] ?? "")).toBe(false);
    await jump.click();
    await expect.poll(() => shownAboveComposer(page, more[39] ?? "")).toBe(true);
    await expect(jump).toBeHidden();
    await expect(page.getByRole("textbox", { name: "Message" })).toBeFocused();
    fakeApi.release();
    await expect(lastReply(page)).toHaveAttribute("data-status", "done");
    await expect.poll(() => shownAboveComposer(page, more[59] ?? "")).toBe(true);
  });
}
