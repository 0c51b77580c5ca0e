import type { Page } from "@playwright/test";
import { connectToFakeApi, expect, lastReply, send, test } from "./appTest";
import { storeRawState } from "./storedState";

/**
 * A conversation of hundreds of messages renders only what is near the viewport (issue 8): it
 * opens at its end, scrolls back to its start, tells screen readers each message's place, and
 * a new reply streams in at the bottom as usual.
 */
const messageCount = 300;

function longChat(id = "long", title = "A long chat") {
  const messages = Array.from({ length: messageCount }, (_, index) => ({
    id: `${id}-m${index}`,
    role: index % 2 === 0 ? "user" : "assistant",
    content: index % 2 === 0 ? `Question number ${index}` : `Answer number ${index}\n\n- a list item\n- another one\n\n\`\`\`js\nconsole.log(${index});\n\`\`\``,
    status: "done",
    createdAt: index,
  }));
  return { id, title, createdAt: 0, updatedAt: messageCount, messages };
}

test("a 300-message conversation opens at its end with few messages in the page, scrolls back to its start, and takes a new reply", async ({ page, fakeApi }) => {
  await storeRawState(page, JSON.stringify({ version: 1, state: { conversations: [longChat()], activeConversationId: "long" } }));
  await page.goto("/");
  const articles = page.locator("article");
  await expect(page.getByText(`Answer number ${messageCount - 1}`)).toBeInViewport();
  const rendered = await articles.count();
  expect(rendered).toBeGreaterThan(0);
  expect(rendered).toBeLessThan(40);
  await expect(page.locator("li[aria-posinset]").last()).toHaveAttribute("aria-setsize", String(messageCount));
  await expect(page.locator("li[aria-posinset]").last()).toHaveAttribute("aria-posinset", String(messageCount));

  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(page.getByText("Question number 0", { exact: true })).toBeInViewport();
  await expect(page.getByText(`Answer number ${messageCount - 1}`)).toHaveCount(0);

  await connectToFakeApi(page, fakeApi);
  fakeApi.enqueue({ type: "reply", tokens: ["Still", " following", " along"] });
  await send(page, "Are you still there?");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Still following along");
  await expect(lastReply(page)).toBeInViewport();
  await expect(page.locator("li[aria-posinset]").last()).toHaveAttribute("aria-setsize", String(messageCount + 2));

  // Saved in pages of 100 messages (src/storage/messagePages.ts), which read back as the whole chat.
  await expect.poll(() => storedMessagePages(page)).toEqual([0, 1, 2, 3].map((index) => `tramontane-state,messages,long,${index}`));
  await page.reload();
  await expect(page.getByText("Still following along")).toBeInViewport();
  await expect(page.locator("li[aria-posinset]").last()).toHaveAttribute("aria-setsize", String(messageCount + 2));
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(page.getByText("Question number 0", { exact: true })).toBeInViewport();

  // Read back from its pages, it takes another reply, which saves its last page only; every message is still there after a reload.
  await connectToFakeApi(page, fakeApi);
  fakeApi.enqueue({ type: "reply", tokens: ["Yes", ", still"] });
  await send(page, "And now?");
  await expect(lastReply(page).locator(".message-text")).toHaveText("Yes, still");
  await expect(page.locator("li[aria-posinset]").last()).toHaveAttribute("aria-setsize", String(messageCount + 4));
  await page.reload();
  await expect(page.getByText("Yes, still")).toBeInViewport();
  await expect(page.locator("li[aria-posinset]").last()).toHaveAttribute("aria-setsize", String(messageCount + 4));
  const positions = await page.locator("li[aria-posinset]").evaluateAll((items) => items.map((item) => [item.getAttribute("aria-posinset"), item.textContent?.includes("Still following along") ?? false]));
  expect(positions).toContainEqual([String(messageCount + 2), true]);
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(page.getByText("Question number 0", { exact: true })).toBeInViewport();
});

interface RenderedFrame {
  chat: string;
  positions: number[];
}
type FrameWindow = Window & { renderedFrames: RenderedFrame[]; addedPositions: RenderedFrame[] };

/**
 * The open chat and its rendered messages' places (aria-posinset): in each animation frame, as
 * that frame paints them, and each time messages are added to the page (painted or not).
 */
function recordRenderedPositions() {
  const frames: RenderedFrame[] = [];
  const added: RenderedFrame[] = [];
  (window as unknown as FrameWindow).renderedFrames = frames;
  (window as unknown as FrameWindow).addedPositions = added;
  new MutationObserver((records) => {
    const positions = records.flatMap((record) => [...record.addedNodes]).filter((node): node is Element => node instanceof Element && node.matches("li[aria-posinset]"));
    if (positions.length > 0) added.push({ chat: document.querySelector(".chat-title")?.textContent ?? "", positions: positions.map((item) => Number(item.getAttribute("aria-posinset"))) });
  }).observe(document, { subtree: true, childList: true });
  const record = () => {
    const positions = [...document.querySelectorAll("li[aria-posinset]")].map((item) => Number(item.getAttribute("aria-posinset")));
    if (positions.length > 0) frames.push({ chat: document.querySelector(".chat-title")?.textContent ?? "", positions });
    requestAnimationFrame(record);
  };
  requestAnimationFrame(record);
}

test("a long chat, at a start or opened from the list, renders its end from its first frame, and the messages just above it once that frame is painted", async ({ page }) => {
  await storeRawState(page, JSON.stringify({ version: 1, state: { conversations: [longChat(), longChat("other", "Another long chat")], activeConversationId: "long" } }));
  await page.addInitScript(recordRenderedPositions);
  await page.goto("/");
  await expect(page.getByText(`Answer number ${messageCount - 1}`)).toBeInViewport();
  const framesOf = (chat: string) => page.evaluate((title) => (window as unknown as FrameWindow).renderedFrames.filter((frame) => frame.chat === title).map((frame) => frame.positions), chat);
  const addedTo = (chat: string) => page.evaluate((title) => (window as unknown as FrameWindow).addedPositions.filter((added) => added.chat === title).flatMap((added) => added.positions), chat);
  const expectOpenedAtEnd = async (chat: string) => {
    await expect.poll(async () => (await framesOf(chat)).length).toBeGreaterThan(5);
    const frames = await framesOf(chat);
    // The first frame is of the end, and the chat's first messages were never even rendered
    // (nothing scrolled there): the scroll to the end would have replaced them at once.
    expect(frames[0]).toContain(messageCount);
    expect(Math.min(...(await addedTo(chat)))).toBeGreaterThan(messageCount - 30);
    // A few more are rendered above once the first frame is painted, for scrolling up.
    const lowestAtFirst = Math.min(...(frames[0] ?? []));
    await expect.poll(async () => Math.min(...((await framesOf(chat)).at(-1) ?? []))).toBeLessThan(lowestAtFirst);
  };
  await expectOpenedAtEnd("A long chat");
  await page.getByRole("button", { name: "Another long chat", exact: true }).click();
  await expectOpenedAtEnd("Another long chat");
  await expect(page.getByRole("heading", { name: "Another long chat", level: 2 })).toBeVisible();
  await expect(page.getByText(`Answer number ${messageCount - 1}`)).toBeInViewport();
});

test("on a slow machine (the CPU 8 times slower), a long chat still opens at its end, at a start and from the list", async ({ page, context }) => {
  await storeRawState(page, JSON.stringify({ version: 1, state: { conversations: [longChat(), longChat("other", "Another long chat")], activeConversationId: "long" } }));
  // Slowed down, the chat's messages are measured while it is still on its way to its end; a
  // message above measured smaller than guessed made the list scroll up by the difference, which
  // stopped the following short of the end. Before the fix this test failed in 4 of 6 runs here
  // (the first open alone, in 6 of 10); it is a race, so a run can miss it.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 8 });
  const lastAnswer = page.getByText(`Answer number ${messageCount - 1}`);
  for (const round of [1, 2]) {
    if (round === 1) await page.goto("/");
    else await page.reload();
    await expect(lastAnswer).toBeInViewport({ timeout: 15_000 });
    await page.getByRole("button", { name: "Another long chat", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Another long chat", level: 2 })).toBeVisible();
    await expect(lastAnswer).toBeInViewport({ timeout: 15_000 });
    await page.getByRole("button", { name: "A long chat", exact: true }).click();
    await expect(page.getByRole("heading", { name: "A long chat", level: 2 })).toBeVisible();
    await expect(lastAnswer).toBeInViewport({ timeout: 15_000 });
  }
});

/** The keys of the stored message pages (array keys), as text. */
function storedMessagePages(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open("keyval-store");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction("keyval").objectStore("keyval").getAllKeys();
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result.filter((key) => Array.isArray(key)).map(String));
          };
        };
      }),
  );
}

test("150 chats: the sidebar renders only the rows in view, scrolls to the oldest, and search still finds any chat", async ({ page }) => {
  const chats = Array.from({ length: 150 }, (_, index) => ({
    id: `c${index}`,
    title: `Chat number ${index}`,
    createdAt: index,
    updatedAt: 1_000 - index,
    messages: [{ id: `c${index}-m`, role: "user", content: index === 137 ? "Where is the mistral strongest?" : `Question ${index}`, status: "done", createdAt: index }],
  }));
  await storeRawState(page, JSON.stringify({ version: 1, state: { conversations: chats, activeConversationId: null } }));
  await page.goto("/");
  const sidebar = page.getByRole("navigation", { name: "Conversations" });
  const rows = sidebar.locator("li.conversation-item");
  await expect(rows.first()).toContainText("Chat number 0");
  expect(await rows.count()).toBeLessThan(60);
  await expect(rows.first()).toHaveAttribute("aria-setsize", "150");

  await sidebar.evaluate((nav) => nav.scrollTo(0, nav.scrollHeight));
  await expect(sidebar.getByRole("button", { name: "Chat number 149", exact: true })).toBeVisible();

  await sidebar.getByRole("searchbox", { name: "Search chats" }).fill("strongest");
  await expect(rows).toHaveCount(1);
  await rows.getByRole("button", { name: /^Chat number 137/ }).click();
  await expect(page.getByRole("article", { name: "You" })).toContainText("Where is the mistral strongest?");
});
