import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { createProgressTracker, parseInitProgress } from "./initProgress";

// Built exactly as web-llm 0.2.86 builds them (lib/index.js, fetchTensorCacheInternal & co).
const fetching = (i: number, n: number, mb: number, percent: number, secs: number) =>
  `Fetching param cache[${i}/${n}]: ${mb}MB fetched. ${percent}% completed, ${secs} secs elapsed. ` +
  "It can take a while when we first visit this page to populate the cache. Later refreshes will become faster.";
const loading = (i: number, n: number, mb: number, percent: number, secs: number) =>
  `Loading model from cache[${i}/${n}]: ${mb}MB loaded. ${percent}% completed, ${secs} secs elapsed.`;

describe("web-llm's progress texts", () => {
  // If web-llm rewords them, the parser silently degrades to "starting": fail here instead.
  it("are still built from the fragments the parser expects", () => {
    const bundle = readFileSync(createRequire(import.meta.url).resolve("@mlc-ai/web-llm"), "utf8");
    for (const fragment of [
      'text: "Start to fetch params"',
      'text = "Fetching param cache[" + iter + "/" + list.length + "]: ";',
      'text += Math.ceil(fetchedBytes / (1024 * 1024)).toString() + "MB fetched. ";',
      'text = "Loading model from cache[" + iter + "/" + list.length + "]: ";',
      'text += Math.ceil(fetchedBytes / (1024 * 1024)).toString() + "MB loaded. ";',
      'let text = "Loading GPU shader modules[" + finishCounter + "/" + fmapEntries.length + "]: ";',
      'const text = "Finish loading on " + gpuLabel;',
    ]) {
      expect(bundle).toContain(fragment);
    }
  });
});

describe("parseInitProgress", () => {
  it("reads the start", () => {
    expect(parseInitProgress({ progress: 0, timeElapsed: 0, text: "Start to fetch params" })).toEqual({ phase: "starting", fraction: 0, text: "Start to fetch params" });
  });

  it("reads a download report, estimating the total from web-llm's exact fraction", () => {
    const text = fetching(27, 108, 1000, 25, 31);
    expect(parseInitProgress({ progress: 0.25, timeElapsed: 31, text })).toEqual({
      phase: "downloading",
      fraction: 0.25,
      shard: { index: 27, count: 108 },
      megabytesDone: 1000,
      megabytesTotal: 4000,
      text,
    });
  });

  it("reads a load-onto-GPU report", () => {
    const report = parseInitProgress({ progress: 0.5, timeElapsed: 3, text: loading(54, 108, 1950, 50, 3) });
    expect(report).toMatchObject({ phase: "loading", fraction: 0.5, shard: { index: 54, count: 108 }, megabytesDone: 1950, megabytesTotal: 3900 });
  });

  it("reads shader compilation and the end", () => {
    expect(parseInitProgress({ progress: 40 / 120, timeElapsed: 2, text: "Loading GPU shader modules[40/120]: 33% completed, 2 secs elapsed." })).toMatchObject({ phase: "shaders", fraction: 40 / 120 });
    expect(parseInitProgress({ progress: 1, timeElapsed: 12.3, text: "Finish loading on WebGPU - NVIDIA GeForce RTX 3080" })).toMatchObject({ phase: "ready", fraction: 1 });
  });

  it("keeps fractions within 0..1 (web-llm divides by zero for an empty manifest)", () => {
    expect(parseInitProgress({ progress: Number.NaN, timeElapsed: 0, text: fetching(0, 0, 0, 0, 0) }).fraction).toBe(0);
    expect(parseInitProgress({ progress: 1.2, timeElapsed: 0, text: "Loading GPU shader modules[5/4]: 100% completed, 1 secs elapsed." }).fraction).toBe(1);
  });

  it("does not guess a total before anything was fetched", () => {
    expect(parseInitProgress({ progress: 0, timeElapsed: 0, text: fetching(0, 108, 0, 0, 0) }).megabytesTotal).toBeUndefined();
  });

  it("treats an unknown text as starting", () => {
    expect(parseInitProgress({ progress: 0.3, timeElapsed: 1, text: "Warming up" })).toEqual({ phase: "starting", fraction: 0.3, text: "Warming up" });
  });
});

/** A fresh download of 100 shards of 40 MiB, one shard a second from t = 0. */
function freshDownload(tracker = createProgressTracker(), upToShard = 100) {
  const out = [tracker.update({ progress: 0, timeElapsed: 0, text: "Start to fetch params" }, 0)];
  for (let i = 1; i <= upToShard; i++) {
    out.push(tracker.update({ progress: i / 100, timeElapsed: i, text: fetching(i, 100, 40 * i, i, i) }, i * 1000));
  }
  return { tracker, out };
}

describe("createProgressTracker", () => {
  it("gives no speed until two seconds of download were seen", () => {
    const { out } = freshDownload(undefined, 2);
    expect(out[1].bytesPerSecond).toBeUndefined();
    expect(out[1].secondsLeft).toBeUndefined();
    expect(out[2].bytesPerSecond).toBe(40 * 2 ** 20);
  });

  it("derives the time left from the remaining megabytes", () => {
    const { out } = freshDownload(undefined, 3);
    expect(out[3]).toMatchObject({ phase: "downloading", megabytesDone: 120, megabytesTotal: 4000, bytesPerSecond: 40 * 2 ** 20 });
    expect(out[3].secondsLeft).toBeCloseTo((4000 - 120) / 40);
    expect(out[3].resumedFromShard).toBeUndefined();
    expect(out[3].alreadyDownloaded).toBeUndefined();
  });

  it("smooths over the last few seconds only", () => {
    const { tracker } = freshDownload(undefined, 10);
    // The connection slows to 10 MiB/s: 4 s of 10 MiB per second.
    let last = tracker.update({ progress: 0.4025, timeElapsed: 11, text: fetching(10, 100, 410, 40, 11) }, 11000);
    for (let t = 12; t <= 20; t++) {
      last = tracker.update({ progress: (400 + 10 * (t - 10)) / 4000, timeElapsed: t, text: fetching(10, 100, 400 + 10 * (t - 10), 0, t) }, t * 1000);
    }
    expect(last.bytesPerSecond).toBeCloseTo(10 * 2 ** 20, -3);
  });

  it("infers a resume from the burst of skipped shards, and measures speed after it", () => {
    const tracker = createProgressTracker();
    tracker.update({ progress: 0, timeElapsed: 0, text: "Start to fetch params" }, 0);
    // 30 stored shards are "fetched" within milliseconds (web-llm skips them).
    for (let i = 1; i <= 30; i++) tracker.update({ progress: i / 100, timeElapsed: 1, text: fetching(i, 100, 40 * i, i, 1) }, 2 * i);
    const first = tracker.update({ progress: 0.31, timeElapsed: 2, text: fetching(31, 100, 1240, 31, 2) }, 1060);
    expect(first.resumedFromShard).toBe(30);
    expect(first.bytesPerSecond).toBeUndefined();
    const later = tracker.update({ progress: 0.33, timeElapsed: 3, text: fetching(33, 100, 1320, 33, 3) }, 3060);
    expect(later.resumedFromShard).toBe(30);
    // 120 MiB in 3 s since the burst ended, not 1320 MiB.
    expect(later.bytesPerSecond).toBeCloseTo((120 * 2 ** 20) / 3);
  });

  it("does not mistake reports delivered late in a bunch for a resume", () => {
    const tracker = createProgressTracker();
    tracker.update({ progress: 0, timeElapsed: 0, text: "Start to fetch params" }, 0);
    // The page was busy: reports of real downloads (5 s into the worker's load) arrive together.
    const bunched = tracker.update({ progress: 0.05, timeElapsed: 5, text: fetching(5, 100, 200, 5, 5) }, 20);
    expect(bunched.resumedFromShard).toBeUndefined();
  });

  it("prefers the exact count of stored shards when given", () => {
    const tracker = createProgressTracker({ shardsStoredAtStart: 12 });
    tracker.update({ progress: 0, timeElapsed: 0, text: "Start to fetch params" }, 0);
    const report = tracker.update({ progress: 0.13, timeElapsed: 3, text: fetching(13, 100, 520, 13, 3) }, 3000);
    expect(report.resumedFromShard).toBe(12);
  });

  it("says when nothing needed downloading", () => {
    const tracker = createProgressTracker();
    tracker.update({ progress: 0, timeElapsed: 0, text: "Start to fetch params" }, 0);
    const report = tracker.update({ progress: 0.01, timeElapsed: 1, text: loading(1, 100, 40, 1, 1) }, 300);
    expect(report).toMatchObject({ phase: "loading", alreadyDownloaded: true });
    expect(report.resumedFromShard).toBeUndefined();
    expect(report.bytesPerSecond).toBeUndefined();
  });

  it("drops the speed once the download is over, and keeps the resume fact", () => {
    const tracker = createProgressTracker({ shardsStoredAtStart: 3 });
    freshDownload(tracker, 100);
    const report = tracker.update({ progress: 0.01, timeElapsed: 1, text: loading(1, 100, 40, 1, 1) }, 101_000);
    expect(report.bytesPerSecond).toBeUndefined();
    expect(report.secondsLeft).toBeUndefined();
    expect(report.alreadyDownloaded).toBeUndefined();
    expect(report.resumedFromShard).toBe(3);
  });

  it("keeps the current phase for a text it does not know", () => {
    const tracker = createProgressTracker();
    tracker.update({ progress: 0.2, timeElapsed: 1, text: "Loading GPU shader modules[20/100]: 20% completed, 1 secs elapsed." }, 0);
    expect(tracker.update({ progress: 0.3, timeElapsed: 1, text: "Compiling something new" }, 10)).toMatchObject({ phase: "shaders", fraction: 0.3 });
  });

  it("starts over when web-llm starts a new pass (a retry after a lost device)", () => {
    const { tracker } = freshDownload(undefined, 100);
    tracker.update({ progress: 1, timeElapsed: 1, text: "Finish loading on WebGPU - x" }, 100_500);
    tracker.update({ progress: 0, timeElapsed: 0, text: "Start to fetch params" }, 200_000);
    const report = tracker.update({ progress: 0.5, timeElapsed: 1, text: loading(50, 100, 2000, 50, 1) }, 200_400);
    expect(report).toMatchObject({ phase: "loading", alreadyDownloaded: true });
  });
});
