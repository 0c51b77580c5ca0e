/**
 * First screen, for the app and for the floor (a bare page with only the textbox), from navigation
 * start: first contentful paint; the composer usable, i.e. the "Message" textbox enabled and
 * painted (the app prerenders it into index.html, so this can come before its JavaScript runs);
 * for the app, ready: the saved settings read and shown, from when a typed message is sent; and the
 * JavaScript fetched before ready (raw and gzip). Every run is a first visit: new context, empty
 * cache and storage.
 */
import { readFileSync } from "node:fs";
import { join, normalize } from "node:path";
import { gzipSync } from "node:zlib";
import { test } from "@playwright/test";
import type { Browser } from "@playwright/test";
import type { LoopbackServer } from "../e2e/fixtures/loopbackServer";
import { attachFigures, buildDirectory, defaultRuns, repeat, serveBuildForThisFile, withFreshPage } from "./benchTest";
import type { Figure } from "./figures";
import { installFirstScreenProbe } from "./firstScreenProbe";
import type { FirstScreenReport, FirstScreenWindow } from "./firstScreenProbe";
import { startFloorServer } from "./floorPage";
import { sum } from "./stats";

const appUrl = serveBuildForThisFile();
let floorServer: LoopbackServer | undefined;
test.beforeAll(async () => {
  floorServer = await startFloorServer();
});
test.afterAll(async () => {
  await floorServer?.close();
});

interface FirstScreenRun {
  jsRawBytes: number;
  jsGzipBytes: number;
  firstContentfulPaintMs: number;
  composerUsableMs: number;
  /** App only: the saved settings read and shown, so a message typed now is sent. */
  appReadyMs: number;
}

/** Sizes of the served file behind a script URL: as sent (the static server does not compress) and gzip -9. */
const fileSizes = new Map<string, { raw: number; gzip: number }>();
function servedSizes(url: string, reportedBytes: number): { raw: number; gzip: number } {
  const path = normalize(decodeURIComponent(new URL(url).pathname));
  const known = fileSizes.get(path);
  if (known) return known;
  let sizes = { raw: reportedBytes, gzip: reportedBytes };
  try {
    const bytes = readFileSync(join(buildDirectory, path));
    sizes = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  } catch {
    // Not a file of the build (an inline or generated script): count what the browser reported.
  }
  fileSizes.set(path, sizes);
  return sizes;
}

async function measureFirstScreen(browser: Browser, url: string, kind: "app" | "floor"): Promise<FirstScreenRun> {
  return withFreshPage(browser, url, async (page) => {
    await page.addInitScript(installFirstScreenProbe);
    await page.goto("/");
    const report: FirstScreenReport = await page.evaluate((withReady) => (window as unknown as FirstScreenWindow).tramontaneFirstScreen(withReady), kind === "app");
    // Usable once it is both enabled and on screen: an enabled textbox that is not painted yet
    // cannot be seen, and one painted disabled cannot be typed in.
    const usableAt = Math.max(report.composerEnabledAt ?? Number.NaN, report.firstContentfulPaint ?? Number.NaN);
    // The JavaScript it takes to start the app (the floor has none to start).
    const startedAt = kind === "app" ? (report.appReadyAt ?? Number.NaN) : usableAt;
    const scripts = report.scripts.filter((script) => script.responseEnd <= startedAt).map((script) => servedSizes(script.url, script.decodedBodySize));
    return {
      jsRawBytes: sum(scripts.map((sizes) => sizes.raw)),
      jsGzipBytes: sum(scripts.map((sizes) => sizes.gzip)),
      firstContentfulPaintMs: report.firstContentfulPaint ?? Number.NaN,
      composerUsableMs: usableAt,
      appReadyMs: report.appReadyAt ?? Number.NaN,
    };
  });
}

function firstScreenFigures(page: "app" | "floor", runs: FirstScreenRun[]): Figure[] {
  const section = "First screen";
  const withBudget = page === "app";
  const ready: Figure[] = withBudget ? [{ section, name: "app: ready, saved state shown", unit: "ms", runs: runs.map((run) => run.appReadyMs) }] : [];
  return [
    { section, name: `${page}: JS before ready, raw`, unit: "KB", runs: runs.map((run) => run.jsRawBytes / 1000) },
    {
      section,
      name: `${page}: JS before ready, gzip`,
      unit: "KB",
      runs: runs.map((run) => run.jsGzipBytes / 1000),
      ...(withBudget ? { budget: { max: 150 } } : {}),
    },
    { section, name: `${page}: first contentful paint`, unit: "ms", runs: runs.map((run) => run.firstContentfulPaintMs) },
    {
      section,
      name: `${page}: composer usable`,
      unit: "ms",
      runs: runs.map((run) => run.composerUsableMs),
      ...(withBudget ? { budget: { max: 300 } } : {}),
    },
    ...ready,
  ];
}

test("first screen: the app and the floor page", async ({ browser }, testInfo) => {
  const floorUrl = floorServer?.url;
  if (floorUrl === undefined) throw new Error("the floor page server did not start");
  // One run of each first, not counted: the browser's first page pays for starting a renderer
  // process, which no later run does.
  await measureFirstScreen(browser, appUrl(), "app");
  await measureFirstScreen(browser, floorUrl, "floor");
  // Alternated, so that a slow moment of the machine does not land on one page only.
  const app: FirstScreenRun[] = [];
  const floor: FirstScreenRun[] = [];
  await repeat(defaultRuns, async () => {
    app.push(await measureFirstScreen(browser, appUrl(), "app"));
    floor.push(await measureFirstScreen(browser, floorUrl, "floor"));
  });
  await attachFigures(testInfo, browser, [...firstScreenFigures("app", app), ...firstScreenFigures("floor", floor)]);
});
