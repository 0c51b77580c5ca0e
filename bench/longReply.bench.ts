/**
 * Opening the app on a saved chat whose last reply is long (4,000 and 12,000 tokens of the
 * Markdown-rich reply the streaming figures use), and, for reference, short (50 tokens): the
 * longest main-thread task from navigation until the whole reply is formatted, and when the
 * reply's end is on screen formatted. The chat opens at its end, so that is what the person reads
 * first.
 *
 * Someone with saved chats has run the app before: the figures with a budget are taken on a
 * returning visit (the app loaded once before in this browser profile, so its code is in the
 * browser's caches, compiled code included). The first start in a fresh profile, where every
 * line of code runs for the first time (as after each update of the app), is reported beside them.
 */
import { test } from "@playwright/test";
import type { Browser } from "@playwright/test";
import { storeRawEntries } from "../e2e/storedState";
import { attachFigures, repeat, serveBuildForThisFile, slowRateRuns, withFreshPage } from "./benchTest";
import type { Figure } from "./figures";
import { markdownReply } from "./markdownReply";
import { seededConversation, seededModel, storedStateEntries } from "./seededState";

const appUrl = serveBuildForThisFile();
const endMarker = "The last words of the long reply.";

interface OpenRun {
  longestTaskMs: number;
  endFormattedMs: number;
}

async function openLongReply(browser: Browser, tokens: number): Promise<{ first: OpenRun; returning: OpenRun }> {
  const conversation = seededConversation({ id: "long-reply", title: "A long reply", messageCount: 4, updatedAt: 0 });
  const last = conversation.messages.at(-1);
  if (last?.role !== "assistant") throw new Error("the seeded chat does not end with a reply");
  last.content = `${markdownReply(tokens).tokens.join("")}\n\n${endMarker}`;
  return withFreshPage(browser, appUrl(), async (page) => {
    const state = { conversations: [conversation], activeConversationId: conversation.id, persistenceNoticeDismissed: true, engineChosen: true, engineKind: "mistral-api" as const, model: seededModel };
    await storeRawEntries(page, storedStateEntries(state));
    // Long tasks, the first frame whose callbacks find the reply's end formatted (a paragraph of
    // the Markdown, not text waiting for its frame) and in the window, and then the first frame
    // with no block of the reply waiting. Watched from the page itself: Playwright's
    // waitForFunction and locators would first evaluate their selector engine in the page, a task
    // of 30–50 ms here that would be counted as the app's.
    await page.addInitScript((marker: string) => {
      const record = { tasks: [] as number[], endFormattedAt: 0, finished: Promise.resolve() };
      (window as unknown as { openRecord: typeof record }).openRecord = record;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) record.tasks.push(entry.duration);
      }).observe({ type: "longtask", buffered: true });
      record.finished = new Promise((resolve) => {
        const check = () => {
          if (record.endFormattedAt === 0) {
            const end = [...document.querySelectorAll(".markdown > p:not(.md-waiting)")].find((paragraph) => paragraph.textContent === marker);
            const box = end?.getBoundingClientRect();
            if (box && box.bottom > 0 && box.top < window.innerHeight) record.endFormattedAt = performance.now();
          }
          if (record.endFormattedAt > 0 && !document.querySelector("article[aria-label^='Reply'] .md-waiting")) resolve();
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
    }, endMarker);
    const untilFormatted = () => page.evaluate(() => (window as unknown as { openRecord: { finished: Promise<void> } }).openRecord.finished);
    const load = async (): Promise<OpenRun> => {
      await page.goto("/");
      await untilFormatted();
      await page.waitForTimeout(500);
      const record = await page.evaluate(() => {
        const { tasks, endFormattedAt } = (window as unknown as { openRecord: { tasks: number[]; endFormattedAt: number } }).openRecord;
        return { tasks, endFormattedAt };
      });
      return { longestTaskMs: Math.max(0, ...record.tasks), endFormattedMs: record.endFormattedAt };
    };
    const first = await load();
    await page.waitForTimeout(500);
    return { first, returning: await load() };
  });
}

// 50 tokens: the same start with a short reply, for reference; the app's own start is in its longest task too.
for (const tokens of [50, 4000, 12000]) {
  test(`open a saved chat whose last reply is ${tokens} tokens`, async ({ browser }, testInfo) => {
    const runs = await repeat(slowRateRuns, () => openLongReply(browser, tokens));
    const section = `Open a ${tokens}-token reply`;
    const note = `a 4-message chat saved with a ${tokens}-token Markdown reply last, opened on a start; ${slowRateRuns} runs; a returning visit (the app was loaded once before in this browser profile)`;
    const firstNote = "nothing cached yet: the app's code is fetched, compiled and run for the first time";
    const figures: Figure[] = [
      { section, name: "navigation → its end on screen, formatted", unit: "ms", runs: runs.map((run) => run.returning.endFormattedMs), note },
      { section, name: "longest task until all formatted", unit: "ms", runs: runs.map((run) => run.returning.longestTaskMs), budget: { max: 50 } },
      { section, name: "navigation → its end on screen, formatted, first load of a fresh profile", unit: "ms", runs: runs.map((run) => run.first.endFormattedMs), note: firstNote },
      { section, name: "longest task until all formatted, first load of a fresh profile", unit: "ms", runs: runs.map((run) => run.first.longestTaskMs) },
    ];
    await attachFigures(testInfo, browser, figures);
  });
}
