/**
 * One streaming run: a fresh page holding a 200-message conversation, a stand-in for the Mistral
 * API (pacedReplyServer.ts) streaming a Markdown reply at a set pace, and what the page did meanwhile (see streamProbe.ts for how each
 * time is taken). Main-thread time comes from Chromium itself (CDP Performance.getMetrics,
 * TaskDuration), minus the probe's own work.
 */
import type { Browser, BrowserContext, CDPSession, Page } from "@playwright/test";
import { storeRawEntries } from "../e2e/storedState";
import { withFreshPage } from "./benchTest";
import { markdownReply } from "./markdownReply";
import type { MarkdownReply } from "./markdownReply";
import type { PacedReplyServer, SentReply } from "./pacedReplyServer";
import { apiSettings, seededConversation, storedStateEntries } from "./seededState";
import type { SeedConversation } from "./seededState";
import { installStreamProbe } from "./streamProbe";
import type { StreamProbeReport, StreamProbeWindow } from "./streamProbe";
import { percentile } from "./stats";

export const historyMessages = 200;
const historyEndMarker = "This is where the seeded history ends.";
/** One frame at 60 Hz. */
export const frameMs = 1000 / 60;

export interface StreamingCase {
  tokens: number;
  /** Tokens per second; undefined: as fast as the connection takes them. */
  rate?: number;
  /** Messages already in the chat; historyMessages when not given. */
  history?: number;
}

export interface StreamingRun {
  mainThreadMsPerToken: number;
  longTasks: number;
  longestTaskMs: number;
  droppedFrames: number;
  /** From the last token reaching the page to the complete reply painted. */
  finalRenderMs: number;
  /** Tokens per second the server wrote (first to last token): the pace the page was offered. */
  sentRate: number;
  /**
   * Tokens per second the page absorbed: all tokens over the time from the first reaching the page
   * to the last painted. (Over first-to-last paint only, a burst painted in one frame would give
   * an infinite rate.)
   */
  absorbedRate: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Frames that began after a token arrived, up to and including the one that painted it: p99 (1: the first frame after its arrival painted it). */
  framesWaitedP99: number;
}

async function taskDurationMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send("Performance.getMetrics");
  const task = metrics.find((metric) => metric.name === "TaskDuration");
  if (!task) throw new Error("Chromium reported no TaskDuration metric");
  return task.value * 1000;
}

/** Waits until the seeded conversation is on screen with its Markdown rendered, then lets the page settle. */
async function waitForHistory(page: Page): Promise<void> {
  await page.getByText(historyEndMarker).waitFor({ state: "visible", timeout: 60_000 });
  await page.locator(".markdown").first().waitFor({ state: "attached", timeout: 60_000 });
  await page.getByRole("textbox", { name: "Message" }).waitFor({ state: "visible" });
  await page.waitForTimeout(750);
}

/** Turns the probe's raw times into the run's figures. */
export function analyseStream(report: StreamProbeReport, lettersAfterToken: number[], mainThreadMs: number, sent: SentReply): StreamingRun {
  const tokenCount = lettersAfterToken.length;
  if (report.arrivals.length !== tokenCount) throw new Error(`${report.arrivals.length} of ${tokenCount} tokens reached the page`);
  if (report.finishedAt === null) throw new Error("the reply was never painted complete");
  // Tokens that add letters to the screen are the ones whose painting can be seen.
  const seen = lettersAfterToken.flatMap((letters, index) => (letters > (lettersAfterToken[index - 1] ?? 0) ? [index] : []));
  const latencies: number[] = [];
  const framesWaited: number[] = [];
  let lastPainted = Number.NaN;
  for (const index of seen) {
    const paintedAt = report.paints[index];
    if (paintedAt === null) continue;
    lastPainted = paintedAt;
    latencies.push(paintedAt - report.arrivals[index]);
    const paintFrame = report.paintFrames[index];
    if (paintFrame !== null) {
      const arrival = report.arrivals[index];
      framesWaited.push(report.frameStarts.slice(0, paintFrame + 1).filter((start) => start > arrival).length);
    }
  }
  if (latencies.length < seen.length / 2) throw new Error(`only ${latencies.length} of ${seen.length} visible tokens were seen painted`);
  return {
    mainThreadMsPerToken: (mainThreadMs - report.probeTimeMs) / tokenCount,
    longTasks: report.longTasks.length,
    longestTaskMs: Math.max(0, ...report.longTasks.map((task) => task.duration)),
    droppedFrames: report.frameIntervals.reduce((dropped, interval) => dropped + Math.max(0, Math.round(interval / frameMs) - 1), 0),
    finalRenderMs: report.finishedAt - report.arrivals[tokenCount - 1],
    sentRate: (sent.tokens - 1) / ((sent.lastTokenAt - sent.firstTokenAt) / 1000),
    absorbedRate: tokenCount / ((lastPainted - report.arrivals[0]) / 1000),
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    framesWaitedP99: percentile(framesWaited, 99),
  };
}

/** `otherConversations`: more stored chats, besides the one the reply streams into. */
export async function runStreaming(browser: Browser, appUrl: string, api: PacedReplyServer, streamingCase: StreamingCase, runIndex: number, otherConversations: SeedConversation[] = []): Promise<StreamingRun> {
  const reply = markdownReply(streamingCase.tokens);
  const prompt = `Write the long guide now, run ${runIndex + 1}.`;
  const conversation = seededConversation({ id: "long-chat", title: "A long conversation", messageCount: streamingCase.history ?? historyMessages, updatedAt: 0, lastMessageMarker: historyEndMarker });
  return withFreshPage(browser, appUrl, async (page, context) => {
    await storeRawEntries(page, storedStateEntries({ ...apiSettings(api), conversations: [conversation, ...otherConversations], activeConversationId: conversation.id }));
    await page.addInitScript(installStreamProbe, { chatPath: "/v1/chat/completions", prompt, lettersAfterToken: reply.lettersAfterToken });
    await page.goto("/");
    await waitForHistory(page);
    return streamAndMeasure(page, context, api, streamingCase, reply, prompt);
  });
}

/** The same reply on the streaming floor page (floorPage.ts): plain text appended as it arrives. */
export async function runFloorStreaming(browser: Browser, floorUrl: string, api: PacedReplyServer, streamingCase: StreamingCase, runIndex: number): Promise<StreamingRun> {
  // The floor page shows the reply's source: its letters are counted as they are in the source.
  const markdown = markdownReply(streamingCase.tokens);
  const reply = { ...markdown, lettersAfterToken: markdown.sourceLettersAfterToken };
  const prompt = `Write the long guide now, run ${runIndex + 1}.`;
  return withFreshPage(browser, floorUrl, async (page, context) => {
    await page.addInitScript(installStreamProbe, { chatPath: "/v1/chat/completions", prompt, lettersAfterToken: reply.lettersAfterToken });
    await page.goto(`/stream?${new URLSearchParams({ api: api.url, key: api.apiKey }).toString()}`);
    await page.getByRole("textbox", { name: "Message" }).waitFor({ state: "visible" });
    await page.waitForTimeout(750);
    return streamAndMeasure(page, context, api, streamingCase, reply, prompt);
  });
}

/** Sends `prompt` from the page's Message box and measures the reply streaming in. */
async function streamAndMeasure(page: Page, context: BrowserContext, api: PacedReplyServer, streamingCase: StreamingCase, reply: MarkdownReply, prompt: string): Promise<StreamingRun> {
  api.enqueue({ tokens: reply.tokens, rate: streamingCase.rate });
  const repliesSent = api.sent.length;
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  const composer = page.getByRole("textbox", { name: "Message" });
  await composer.fill(prompt);
  // Playwright installs its page-side helper (some 300 KB of script, ~20 ms here) on the first
  // waitForFunction: done now, so that the wait below does not count it against the page.
  await page.waitForFunction(() => true);
  const before = await taskDurationMs(cdp);
  await page.evaluate(() => (window as unknown as StreamProbeWindow).tramontaneStreamProbe.arm());
  await composer.press("Enter");
  const expectedSeconds = streamingCase.tokens / (streamingCase.rate ?? 1000);
  await page.waitForFunction(() => (window as unknown as StreamProbeWindow).tramontaneStreamProbe.isFinished(), null, { timeout: 60_000 + expectedSeconds * 3000, polling: 250 });
  const after = await taskDurationMs(cdp);
  const report = await page.evaluate(() => (window as unknown as StreamProbeWindow).tramontaneStreamProbe.report());
  const sent = api.sent[repliesSent];
  if (!sent) throw new Error("the server has no record of the reply");
  return analyseStream(report, reply.lettersAfterToken, after - before, sent);
}
