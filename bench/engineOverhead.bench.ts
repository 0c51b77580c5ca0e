/**
 * Engine overhead with the real GGUF engine (llama.cpp in WebAssembly, in its worker) on a
 * generated tiny model that never stops by itself: the engine's own decode speed (llama.cpp's
 * timings, shown as the last figure of the reply's usage line) against the speed the person sees
 * (tokens painted after the reply's first painted frame, over the time to its last change). The reply is cut
 * by the max-tokens setting rather than by Stop: a Stop click would race the last tokens, right
 * where the difference being measured lies.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import type { Browser, Page } from "@playwright/test";
import { buildTinyGgufModel } from "../e2e/fixtures/tinyGgufModel";
import { storeRawState } from "../e2e/storedState";
import { attachFigures, defaultRuns, repeat, serveBuildForThisFile, withFreshPage } from "./benchTest";
import type { Figure } from "./figures";
import { installReplyPaintProbe } from "./replyPaintProbe";
import type { ReplyPaintProbeWindow } from "./replyPaintProbe";
import { storedStateText } from "./seededState";

const appUrl = serveBuildForThisFile();
/** Long enough that a frame either side (16.7 ms) is well under 1 % of the reply's time. */
const replyTokens = 1000;
const prompt = "Talk to me for a while.";

let directory = "";
let modelPath = "";
test.beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "tramontane-bench-"));
  modelPath = join(directory, "looping-tiny-model.gguf");
  await writeFile(modelPath, buildTinyGgufModel("repeat", 4096));
});
test.afterAll(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
});

interface EngineRun {
  engineTokensPerSecond: number;
  pageTokensPerSecond: number;
  lossPercent: number;
}

/** Settings → "On the CPU", then the panel's "Open a GGUF file…", as a person would. */
async function loadModelFromFile(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Settings" });
  await dialog.getByRole("radio", { name: /On the CPU/ }).check();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  const panel = page.getByRole("region", { name: "Run a GGUF model on this device's CPU" });
  const chooser = page.waitForEvent("filechooser");
  await panel.getByRole("button", { name: "Open a GGUF file…" }).click();
  await (await chooser).setFiles(modelPath);
  await expect(panel).toBeHidden({ timeout: 60_000 });
}

/** "1000 tokens · first token 12 ms · prompt 950.0 tokens/s · 190.3 tokens/s": the count and the last rate. */
function parseUsageLine(text: string): { tokens: number; decodeTokensPerSecond: number } {
  const tokens = /^(\d+) tokens?/.exec(text);
  const rate = /([\d.]+) tokens\/s$/.exec(text);
  if (!tokens || !rate) throw new Error(`unexpected usage line: "${text}"`);
  return { tokens: Number(tokens[1]), decodeTokensPerSecond: Number(rate[1]) };
}

async function measureEngine(browser: Browser): Promise<EngineRun> {
  return withFreshPage(browser, appUrl(), async (page) => {
    await storeRawState(page, storedStateText({ sampling: { temperature: 0.7, topP: 1, maxTokens: replyTokens }, persistenceNoticeDismissed: true }));
    await page.addInitScript(installReplyPaintProbe, { prompt });
    await page.goto("/");
    await loadModelFromFile(page);

    await page.getByRole("textbox", { name: "Message" }).fill(prompt);
    // The first waitForFunction runs Playwright's selector engine in the page (30–50 ms here):
    // now, not while the reply streams.
    await page.waitForFunction(() => true);
    await page.getByRole("textbox", { name: "Message" }).press("Enter");
    await page.waitForFunction(() => (window as unknown as ReplyPaintProbeWindow).tramontaneReplyPaint().finished, null, { timeout: 120_000, polling: 250 });
    const painted = await page.evaluate(() => (window as unknown as ReplyPaintProbeWindow).tramontaneReplyPaint());
    const usage = parseUsageLine((await page.getByRole("article", { name: /^Reply from/ }).last().locator(".message-usage").textContent()) ?? "");
    const { firstChange, lastChange } = painted;
    if (firstChange === null || lastChange === null || lastChange.at <= firstChange.at) throw new Error("the reply was not seen streaming");
    // The first painted frame may already show several tokens: only those painted after it count.
    // The looping model says the same sentence over and over, so characters are proportional to tokens.
    const tokensAfterFirstFrame = usage.tokens * (1 - firstChange.length / lastChange.length);
    const pageTokensPerSecond = tokensAfterFirstFrame / ((lastChange.at - firstChange.at) / 1000);
    return {
      engineTokensPerSecond: usage.decodeTokensPerSecond,
      pageTokensPerSecond,
      lossPercent: (1 - pageTokensPerSecond / usage.decodeTokensPerSecond) * 100,
    };
  });
}

test("engine overhead: GGUF engine in its worker vs what the page shows", async ({ browser }, testInfo) => {
  const runs = await repeat(defaultRuns, () => measureEngine(browser));
  const section = "GGUF engine";
  // The app gives llama.cpp every core but one, at most 8 (see README, "Threads").
  const threads = Math.max(1, Math.min(8, cpus().length - 1));
  const note = `${replyTokens}-token replies (cut by max tokens), ${threads} engine thread(s) on ${cpus().length} cores; page rate = tokens painted after the first frame with text ÷ time from that frame to the last change`;
  const figures: Figure[] = [
    { section, name: "decode rate in the worker (llama.cpp)", unit: "tokens/s", runs: runs.map((run) => run.engineTokensPerSecond), note },
    { section, name: "rate seen on the page", unit: "tokens/s", runs: runs.map((run) => run.pageTokensPerSecond) },
    { section, name: "lost between engine and screen", unit: "%", runs: runs.map((run) => run.lossPercent), budget: { max: 2, strict: true } },
  ];
  await attachFigures(testInfo, browser, figures);
});
