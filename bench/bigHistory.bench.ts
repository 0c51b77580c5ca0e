/**
 * A big history: 1,000 conversations of 50 messages each, seeded in IndexedDB. Times the sidebar
 * showing the list after navigation, opening a conversation (click → its last message on screen)
 * and a search ("Search chats" → only the matching conversations listed). See historyProbe.ts.
 */
import { test } from "@playwright/test";
import type { Browser, Page } from "@playwright/test";
import { storeRawState } from "../e2e/storedState";
import { attachFigures, defaultRuns, repeat, serveBuildForThisFile, withFreshPage } from "./benchTest";
import type { Figure } from "./figures";
import { installHistoryProbe } from "./historyProbe";
import type { HistoryExpectation, HistoryProbeWindow } from "./historyProbe";
import { apiSettings, seededConversation, storedStateText } from "./seededState";
import type { SeedConversation } from "./seededState";

const appUrl = serveBuildForThisFile();

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

async function measureHistory(browser: Browser, storedText: string): Promise<HistoryRun> {
  return withFreshPage(browser, appUrl(), async (page) => {
    await storeRawState(page, storedText);
    await page.addInitScript(installHistoryProbe);
    await page.goto("/");
    const sidebar = await page.waitForFunction(() => (window as unknown as HistoryProbeWindow).tramontaneHistoryProbe.sidebarShownAt(), null, { timeout: 60_000 });
    const sidebarMs = (await sidebar.jsonValue()) ?? Number.NaN;
    await page.getByRole("textbox", { name: "Message" }).waitFor({ state: "visible" });
    await settle(page);

    const conversations = page.getByRole("navigation", { name: "Conversations" });
    const openMs = await timeAction(page, { kind: "open", lastMessageText: lastMessageMarker(openedIndex) }, () => conversations.locator(".conversation-open").nth(openedIndex).click());
    await settle(page);

    const searchMs = await timeAction(page, { kind: "search", resultCount: expectedResults }, () => conversations.getByRole("searchbox", { name: "Search chats" }).fill(searchQuery));
    return { sidebarMs, openMs, searchMs };
  });
}

test(`big history: ${conversationCount} conversations of ${messagesPerConversation} messages`, async ({ browser }, testInfo) => {
  // Not pointed at any server: these actions send nothing. The settings only skip the first-run choice.
  const storedText = storedStateText({ ...apiSettings({ url: "http://127.0.0.1:9", apiKey: "unused" }), conversations: bigHistory(), activeConversationId: null });
  const runs = await repeat(defaultRuns, () => measureHistory(browser, storedText));
  const section = "Big history";
  const note = `${conversationCount} × ${messagesPerConversation} messages, ${(storedText.length / 1e6).toFixed(1)} MB stored; the search types "${searchQuery}" in one input event`;
  const figures: Figure[] = [
    { section, name: "navigation → sidebar listed", unit: "ms", runs: runs.map((run) => run.sidebarMs), budget: { max: 200, strict: true }, note },
    { section, name: "open a chat: click → last message", unit: "ms", runs: runs.map((run) => run.openMs), budget: { max: 200, strict: true } },
    { section, name: `search: input → ${expectedResults} results`, unit: "ms", runs: runs.map((run) => run.searchMs), budget: { max: 200, strict: true } },
  ];
  await attachFigures(testInfo, browser, figures);
});
