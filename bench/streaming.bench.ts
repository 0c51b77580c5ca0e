/**
 * Streaming cost and token latency: into a conversation that already holds 200 messages, a
 * stand-in for the Mistral API streams a Markdown-rich reply of 600 or 4,000 tokens at 50, 200 and 1,000 tokens/s
 * and as fast as it can send. See streamingRun.ts for one run and streamProbe.ts for the probe.
 */
import { test } from "@playwright/test";
import { attachFigures, defaultRuns, repeat, serveBuildForThisFile, slowRateRuns } from "./benchTest";
import type { Figure } from "./figures";
import { startPacedReplyServer } from "./pacedReplyServer";
import type { PacedReplyServer } from "./pacedReplyServer";
import { startFloorServer } from "./floorPage";
import type { LoopbackServer } from "../e2e/fixtures/loopbackServer";
import { frameMs, historyMessages, runFloorStreaming, runStreaming } from "./streamingRun";
import type { StreamingCase, StreamingRun } from "./streamingRun";

const appUrl = serveBuildForThisFile();
let api: PacedReplyServer | undefined;
let floor: LoopbackServer | undefined;
test.beforeAll(async () => {
  api = await startPacedReplyServer();
  floor = await startFloorServer();
});
test.afterAll(async () => {
  await api?.close();
  await floor?.close();
});

interface PlannedCase extends StreamingCase {
  runs: number;
  note?: string;
}

const fewerRuns = `${slowRateRuns} runs, not ${defaultRuns}, to keep the bench short`;
/**
 * 4,000 tokens at 50 tokens/s would take 80 s a run, so that setting streams 600 tokens only, and
 * the slow settings get fewer runs — except 600 tokens at 200 tokens/s, which gives the token
 * latency figure and keeps every run.
 */
const plannedCases: PlannedCase[] = [
  { tokens: 600, rate: 50, runs: slowRateRuns, note: `${fewerRuns}; the 4,000-token length is not run at 50 tokens/s (80 s a run)` },
  { tokens: 600, rate: 200, runs: defaultRuns },
  { tokens: 4000, rate: 200, runs: slowRateRuns, note: fewerRuns },
  // Streaming must not cost more because the chat is long (the list is virtualized; saves and
  // the store's selectors must not redo the whole history on every token).
  { tokens: 600, rate: 200, history: 3000, runs: slowRateRuns, note: `${fewerRuns}; a chat of 3,000 messages, not ${historyMessages}` },
  { tokens: 600, rate: 1000, runs: defaultRuns },
  { tokens: 4000, rate: 1000, runs: defaultRuns },
  { tokens: 600, runs: defaultRuns },
  { tokens: 4000, runs: defaultRuns },
];

function caseTitle(streamingCase: StreamingCase): string {
  return `Streaming ${streamingCase.tokens} tokens ${streamingCase.rate === undefined ? "as fast as the page takes them" : `at ${streamingCase.rate} tokens/s`}`;
}

/** Short, for the table. */
function caseLabel(streamingCase: StreamingCase): string {
  const history = streamingCase.history === undefined ? "" : `, ${streamingCase.history.toLocaleString("en")}-message chat`;
  return `${streamingCase.tokens} tok @ ${streamingCase.rate === undefined ? "max" : `${streamingCase.rate}/s`}${history}`;
}

function streamingFigures(planned: PlannedCase, runs: StreamingRun[]): Figure[] {
  const section = `Streaming ${caseLabel(planned)}`;
  const note = planned.note;
  const rateFigure: Figure =
    planned.rate === undefined
      ? { section, name: "highest rate absorbed", unit: "tokens/s", runs: runs.map((run) => run.absorbedRate), budget: { min: 1000 } }
      : { section, name: "rate absorbed, % of set rate", unit: "%", runs: runs.map((run) => (run.absorbedRate / (planned.rate ?? 1)) * 100), budget: { min: 90 } };
  const figures: Figure[] = [
    { section, name: "main thread per token", unit: "ms/token", runs: runs.map((run) => run.mainThreadMsPerToken), budget: { max: 1 }, note },
    { section, name: "long tasks > 50 ms", unit: "tasks", runs: runs.map((run) => run.longTasks), budget: { max: 0 } },
    { section, name: "longest task", unit: "ms", runs: runs.map((run) => run.longestTaskMs), budget: { max: 50 } },
    { section, name: `dropped frames (${frameMs.toFixed(1)} ms)`, unit: "frames", runs: runs.map((run) => run.droppedFrames) },
    { section, name: "last token → fully rendered", unit: "ms", runs: runs.map((run) => run.finalRenderMs) },
    { section, name: "server sent at", unit: "tokens/s", runs: runs.map((run) => run.sentRate) },
    rateFigure,
  ];
  if (planned.rate === 200) {
    const latencySection = `Token latency ${caseLabel(planned)}`;
    figures.push(
      { section: latencySection, name: "arrival → painted, p50", unit: "ms", runs: runs.map((run) => run.latencyP50Ms), note },
      { section: latencySection, name: "arrival → painted, p99", unit: "ms", runs: runs.map((run) => run.latencyP99Ms), budget: { max: 16.7, strict: true } },
      {
        section: latencySection,
        name: "frames from arrival to paint, p99",
        unit: "frames",
        runs: runs.map((run) => run.framesWaitedP99),
        note: "1: painted by the first frame that began after the token arrived",
      },
    );
  }
  return figures;
}

for (const planned of plannedCases) {
  test(`${caseTitle(planned)} into ${planned.history ?? historyMessages} messages`, async ({ browser }, testInfo) => {
    const server = api;
    if (!server) throw new Error("the paced reply server did not start");
    const runs = await repeat(planned.runs, (run) => runStreaming(browser, appUrl(), server, planned, run));
    await attachFigures(testInfo, browser, streamingFigures(planned, runs));
  });
}

/**
 * The floor for streaming: the same 600-token reply on a bare page that appends each token's text
 * to one text node as it arrives (floorPage.ts) — what showing tokens costs here at all. Its
 * letters are counted as the source has them (the page shows the source), so a token is seen
 * painted as on the app. Its token latency starts when the page's own fetch gets the chunk (the
 * app's, earlier: when its worker does).
 */
test("Streaming 600 tokens on the floor page (plain text, no framework)", async ({ browser }, testInfo) => {
  const server = api;
  const floorServer = floor;
  if (!server || !floorServer) throw new Error("the servers did not start");
  const figures: Figure[] = [];
  for (const rate of [50, 200, 1000, undefined]) {
    const floorCase = { tokens: 600, rate };
    const runs = await repeat(slowRateRuns, (run) => runFloorStreaming(browser, floorServer.url, server, floorCase, run));
    const section = `Streaming floor ${floorCase.tokens} tok @ ${rate === undefined ? "max" : `${rate}/s`}`;
    figures.push(
      { section, name: "main thread per token", unit: "ms/token", runs: runs.map((run) => run.mainThreadMsPerToken), note: `${slowRateRuns} runs; plain text, no history` },
      { section, name: "longest task", unit: "ms", runs: runs.map((run) => run.longestTaskMs) },
    );
    if (rate === undefined) figures.push({ section, name: "highest rate absorbed", unit: "tokens/s", runs: runs.map((run) => run.absorbedRate) });
    if (rate === 200) {
      const latencySection = `Token latency floor ${floorCase.tokens} tok @ 200/s`;
      figures.push(
        { section: latencySection, name: "arrival → painted, p50", unit: "ms", runs: runs.map((run) => run.latencyP50Ms), note: "plain text appended as it arrives" },
        { section: latencySection, name: "arrival → painted, p99", unit: "ms", runs: runs.map((run) => run.latencyP99Ms) },
        { section: latencySection, name: "frames from arrival to paint, p99", unit: "frames", runs: runs.map((run) => run.framesWaitedP99) },
      );
    }
  }
  await attachFigures(testInfo, browser, figures);
});
