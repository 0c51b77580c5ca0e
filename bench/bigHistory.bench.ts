/**
 * A big history: 1,000 conversations of 50 messages each, seeded in IndexedDB. Times the sidebar
 * showing the list after navigation, opening a conversation (click → its last message on screen)
 * and a search ("Search chats" → only the matching conversations listed). See historyProbe.ts.
 *
 * The sidebar is timed twice: on the first load in a fresh browser profile (nothing cached, the
 * app's code compiled from scratch), and on the next load, as for anyone who has a history: they
 * have opened the app before, so the browser has its files and compiled code cached. The budget
 * applies to the second; the first is shown next to it.
 */
import { test } from "@playwright/test";
import type { Browser, Page } from "@playwright/test";
import { storeRawEntries } from "../e2e/storedState";
import { attachFigures, defaultRuns, repeat, serveBuildForThisFile, slowRateRuns, withFreshPage } from "./benchTest";
import type { Figure } from "./figures";
import { installHistoryProbe } from "./historyProbe";
import type { HistoryExpectation, HistoryProbeWindow } from "./historyProbe";
import { startPacedReplyServer } from "./pacedReplyServer";
import type { PacedReplyServer } from "./pacedReplyServer";
import { apiSettings, seededConversation, storedStateEntries } from "./seededState";
import type { SeedConversation } from "./seededState";
import { runStreaming } from "./streamingRun";

const appUrl = serveBuildForThisFile();
let api: PacedReplyServer | undefined;
test.beforeAll(async () => {
  api = await startPacedReplyServer();
});
test.afterAll(async () => {
  await api?.close();
});

const conversationCount = 1000;
const messagesPerConversation = 50;
/** Every 100th conversation mentions this word once, with its accent; the search types it without. */
const searchedWord = "zéphyrine";
const searchQuery = "zephyrine";
const expectedResults = conversationCount / 100;
/** The conversation the benchmark opens: the third in the sidebar. */
const openedIndex = 2;

function lastMessageMarker(index: number): string {
  return `Last words of conversation ${index}.`;
}

/** Newest first, as the sidebar lists them. */
function bigHistory(): SeedConversation[] {
  return Array.from({ length: conversationCount }, (_, index) =>
    seededConversation({
      id: `history-${index}`,
      title: `Conversation ${index}: notes on project ${index % 37}`,
      messageCount: messagesPerConversation,
      updatedAt: (conversationCount - index) * 60_000,
      lastMessageMarker: lastMessageMarker(index),
      ...(index % 100 === 50 ? { extraText: `The ${searchedWord} wind came back that night.` } : {}),
    }),
  );
}

interface HistoryRun {
  firstLoadSidebarMs: number;
  sidebarMs: number;
  openMs: number;
  searchMs: number;
}

/** Lets the page finish what it started (saving, rendering) so that one action's cost does not land on the next. */
async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(1000);
}

async function timeAction(page: Page, expectation: HistoryExpectation, act: () => Promise<void>): Promise<number> {
  await page.evaluate((next) => (window as unknown as HistoryProbeWindow).tramontaneHistoryProbe.arm(next), expectation);
  await act();
  const handle = await page.waitForFunction(() => (window as unknown as HistoryProbeWindow).tramontaneHistoryProbe.measured(), null, { timeout: 60_000 });
  const measured = (await handle.jsonValue()) ?? { startedAt: Number.NaN, shownAt: Number.NaN };
  return measured.shownAt - measured.startedAt;
}

async function measureHistory(browser: Browser, stored: [string, string][]): Promise<HistoryRun> {
  return withFreshPage(browser, appUrl(), async (page) => {
    await storeRawEntries(page, stored);
    await page.addInitScript(installHistoryProbe);
    const whenSidebarShown = () => page.evaluate(() => (window as unknown as HistoryProbeWindow).tramontaneHistoryProbe.whenSidebarShown());
    await page.goto("/");
    const firstLoadSidebarMs = await whenSidebarShown();
    await settle(page);
    await page.reload();
    const sidebarMs = await whenSidebarShown();
    await page.getByRole("textbox", { name: "Message" }).waitFor({ state: "visible" });
    // The first waitForFunction evaluates Playwright's selector engine in the page, a task of
    // 30–50 ms here: done now, so that it does not land in the first timed action (the click).
    await page.waitForFunction(() => true);
    await settle(page);

    const conversations = page.getByRole("navigation", { name: "Conversations" });
    const openMs = await timeAction(page, { kind: "open", lastMessageText: lastMessageMarker(openedIndex) }, () => conversations.locator(".conversation-open").nth(openedIndex).click());
    await settle(page);

    const searchMs = await timeAction(page, { kind: "search", resultCount: expectedResults }, () => conversations.getByRole("searchbox", { name: "Search chats" }).fill(searchQuery));
    return { firstLoadSidebarMs, sidebarMs, openMs, searchMs };
  });
}

test(`big history: ${conversationCount} conversations of ${messagesPerConversation} messages`, async ({ browser }, testInfo) => {
  // Not pointed at any server: these actions send nothing. The settings only skip the first-run choice.
  const stored = storedStateEntries({ ...apiSettings({ url: "http://127.0.0.1:9", apiKey: "unused" }), conversations: bigHistory(), activeConversationId: null });
  const storedBytes = stored.reduce((total, [, text]) => total + text.length, 0);
  const runs = await repeat(defaultRuns, () => measureHistory(browser, stored));
  const section = "Big history";
  const note = `${conversationCount} × ${messagesPerConversation} messages, ${(storedBytes / 1e6).toFixed(1)} MB stored, one entry per chat; a returning visit (the app was loaded once before in this browser profile); the search types "${searchQuery}" in one input event`;
  const figures: Figure[] = [
    { section, name: "navigation → sidebar listed", unit: "ms", runs: runs.map((run) => run.sidebarMs), budget: { max: 200, strict: true }, note },
    {
      section,
      name: "navigation → sidebar listed, first load of a fresh profile",
      unit: "ms",
      runs: runs.map((run) => run.firstLoadSidebarMs),
      note: "nothing cached yet: the app's code is fetched and compiled from scratch",
    },
    { section, name: "open a chat: click → last message", unit: "ms", runs: runs.map((run) => run.openMs), budget: { max: 200, strict: true } },
    { section, name: `search: input → ${expectedResults} results`, unit: "ms", runs: runs.map((run) => run.searchMs), budget: { max: 200, strict: true } },
  ];
  await attachFigures(testInfo, browser, figures);
});

/**
 * Saving while a reply streams must cost the chat that changes, not the whole history: the app
 * saves every 300 ms during a reply, and writing all 1,000 chats each time would be a long task.
 */
test(`a reply streaming with ${conversationCount} other conversations stored`, async ({ browser }, testInfo) => {
  const streamingCase = { tokens: 600, rate: 200 };
  const runs = await repeat(slowRateRuns, (run) => {
    if (!api) throw new Error("the reply server did not start");
    return runStreaming(browser, appUrl(), api, streamingCase, run, bigHistory());
  });
  const section = "Big history";
  const note = `600 tokens at 200 tokens/s into a 200-message chat, ${slowRateRuns} runs`;
  const figures: Figure[] = [
    { section, name: "streaming: main thread per token", unit: "ms/token", runs: runs.map((run) => run.mainThreadMsPerToken), budget: { max: 1 }, note },
    { section, name: "streaming: long tasks > 50 ms", unit: "tasks", runs: runs.map((run) => run.longTasks), budget: { max: 0 } },
    { section, name: "streaming: longest task", unit: "ms", runs: runs.map((run) => run.longestTaskMs), budget: { max: 50 } },
  ];
  await attachFigures(testInfo, browser, figures);
});
