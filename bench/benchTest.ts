/**
 * What every benchmark shares: the production build served with the production headers, a fresh
 * browser context per run, the number of runs, and how figures reach the reporter.
 */
import { fileURLToPath } from "node:url";
import { test } from "@playwright/test";
import type { Browser, BrowserContext, Page, TestInfo } from "@playwright/test";
import { startStaticServer } from "../e2e/fixtures/staticServer";
import type { StaticServer } from "../e2e/fixtures/staticServer";
import { figuresAttachment } from "./figures";
import type { Figure, FiguresPayload } from "./figures";

/**
 * `npm run bench` builds here, not in dist/, which the end-to-end tests use. BENCH_BUILD_DIR
 * serves another build instead (`npm run bench:compare` runs an earlier commit's).
 */
export const buildDirectory = process.env.BENCH_BUILD_DIR ?? fileURLToPath(new URL("../dist-bench", import.meta.url));

/**
 * Runs per figure (issue 8 asks for at least 5). BENCH_RUNS lowers or raises it for a quick look;
 * the results file says how many runs each figure had.
 */
export const defaultRuns = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
/** The slow streaming settings (50 and 200 tokens/s) get fewer runs to keep the bench short. */
export const slowRateRuns = Math.max(1, Math.min(defaultRuns, 3));

/** Serves dist-bench for the tests of this file; returns a getter for its address. */
export function serveBuildForThisFile(): () => string {
  let server: StaticServer | undefined;
  test.beforeAll(async () => {
    server = await startStaticServer(buildDirectory);
  });
  test.afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error("the build server did not start");
    return server.url;
  };
}

/** A new context (empty storage, empty cache) and page for one run, closed afterwards. */
export async function withFreshPage<T>(browser: Browser, baseURL: string, run: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> {
  // Options from the config's `use` do not reach contexts a test creates itself: set them here.
  const context = await browser.newContext({ baseURL, serviceWorkers: "block", viewport: { width: 1280, height: 800 } });
  try {
    return await run(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

/** Runs `measure` `times` times, one after the other. */
export async function repeat<T>(times: number, measure: (run: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let run = 0; run < times; run += 1) results.push(await measure(run));
  return results;
}

export async function attachFigures(testInfo: TestInfo, browser: Browser, figures: Figure[]): Promise<void> {
  const payload: FiguresPayload = { figures, browser: { chromiumVersion: browser.version() } };
  await testInfo.attach(figuresAttachment, { body: JSON.stringify(payload), contentType: "application/json" });
}
