/**
 * Turns web-llm's load reports (`InitProgressReport`: progress, timeElapsed, text) into phases
 * and figures a person can read. web-llm 0.2.86 only speaks in text, so the formats below are
 * copied from its source (lib/index.js, `fetchTensorCacheInternal`, `asyncLoadWebGPUPipelines`,
 * `MLCEngine.reloadInternal`), in the order a load emits them:
 *
 *   "Start to fetch params"                                  (progress 0)
 *   "Fetching param cache[3/108]: 110MB fetched. 2% completed, 4 secs elapsed. It can take…"
 *       — only when some shard is missing; [i/N] counts finished shards (4 download loops run
 *       in parallel), and shards already stored count as fetched the moment they are skipped
 *   "Loading model from cache[3/108]: 110MB loaded. 2% completed, 1 secs elapsed."
 *       — always: copying every shard onto the GPU; progress restarts at 0
 *   "Loading GPU shader modules[40/120]: 33% completed, 2 secs elapsed."
 *   "Finish loading on WebGPU - <adapter>"                  (progress 1)
 *
 * "MB" in those texts are MiB (web-llm divides by 1024²). Nothing is reported while the config,
 * the model library and the tokenizer download, before "Start to fetch params".
 * Pure: no timers; the caller passes the time.
 */
import type { InitProgressReport } from "@mlc-ai/web-llm";
import { createSpeedMeter } from "../speedMeter";

export type LoadPhase = "starting" | "downloading" | "loading" | "shaders" | "ready";

export interface LoadProgress {
  phase: LoadPhase;
  /** 0..1 within the phase. */
  fraction: number;
  /** Shards done out of all shards (downloading and loading). */
  shard?: { index: number; count: number };
  /** MiB, as web-llm counts them. */
  megabytesDone?: number;
  /** Estimated from the done figure and web-llm's exact fraction; sharper as the phase goes on. */
  megabytesTotal?: number;
  /** web-llm's own text, for a details line or a bug report. */
  text: string;
}

export interface TrackedLoadProgress extends LoadProgress {
  /** Download speed over the last few seconds; undefined until there is enough data. */
  bytesPerSecond?: number;
  /** Download time left at that speed. */
  secondsLeft?: number;
  /**
   * Shards that were already stored when this download began (an interrupted download resuming).
   * Exact when the tracker was given `shardsStoredAtStart`; otherwise inferred from the burst of
   * shards web-llm reports as "fetched" right away because it skips them (see the tracker).
   */
  resumedFromShard?: number;
  /** Every shard was already stored: web-llm went straight to loading, nothing was downloaded. */
  alreadyDownloaded?: boolean;
}

const shardPattern = /^(Fetching param cache|Loading model from cache)\[(\d+)\/(\d+)\]:\s*(\d+)\s*MB/;
const shaderPattern = /^Loading GPU shader modules\[(\d+)\/(\d+)\]/;
const mebibyte = 2 ** 20;

function clampFraction(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

/** Parses one report. Unknown texts come back as `undefined` phase for the tracker to place. */
function parseKnown(report: InitProgressReport): LoadProgress | undefined {
  const text = report.text;
  const fraction = clampFraction(report.progress);
  if (text.startsWith("Start to fetch params")) return { phase: "starting", fraction: 0, text };
  if (text.startsWith("Finish loading on")) return { phase: "ready", fraction: 1, text };
  const shard = shardPattern.exec(text);
  if (shard) {
    const megabytesDone = Number(shard[4]);
    const progress: LoadProgress = {
      phase: shard[1] === "Fetching param cache" ? "downloading" : "loading",
      fraction,
      shard: { index: Number(shard[2]), count: Number(shard[3]) },
      megabytesDone,
      text,
    };
    if (fraction > 0) progress.megabytesTotal = Math.round(megabytesDone / fraction);
    return progress;
  }
  if (shaderPattern.test(text)) return { phase: "shaders", fraction, text };
  return undefined;
}

/** One report, read on its own. A text this version does not know counts as "starting". */
export function parseInitProgress(report: InitProgressReport): LoadProgress {
  return parseKnown(report) ?? { phase: "starting", fraction: clampFraction(report.progress), text: report.text };
}

export interface ProgressTrackerOptions {
  /** Shards already stored before the load (from readLocalModelCacheStatus): exact resume figure. */
  shardsStoredAtStart?: number;
}

export interface ProgressTracker {
  update(report: InitProgressReport, nowMs: number): TrackedLoadProgress;
}

/**
 * Skipped (already stored) shards are reported back to back, milliseconds apart, right after
 * "Start to fetch params" and within web-llm's first elapsed second; a real 30-odd-MB shard takes
 * far longer. Reports chained closer than this, starting from the start report, form that burst.
 */
const burstGapMs = 100;

/**
 * Adds speed, time left and the resume signal to parsed reports. Stateful across the reports of
 * one load; a new "Start to fetch params" (a retry) starts a new pass.
 */
export function createProgressTracker(options: ProgressTrackerOptions = {}): ProgressTracker {
  let phase: LoadPhase = "starting";
  let sawStart = false;
  let sawDownload = false;
  let burstOpen = false;
  let lastBurstMs = 0;
  let burstShards = 0;
  const meter = createSpeedMeter();
  let alreadyDownloaded = false;

  function startPass(nowMs: number): void {
    sawStart = true;
    sawDownload = false;
    burstOpen = true;
    lastBurstMs = nowMs;
    burstShards = 0;
    meter.reset(nowMs, 0);
    alreadyDownloaded = false;
  }

  function recordDownload(report: InitProgressReport, progress: LoadProgress, nowMs: number): void {
    const megabytes = progress.megabytesDone ?? 0;
    const inBurst = burstOpen && nowMs - lastBurstMs <= burstGapMs && report.timeElapsed <= 1;
    if (inBurst) {
      lastBurstMs = nowMs;
      burstShards = progress.shard?.index ?? burstShards;
      // Skipped shards cost no download time: measure speed from the end of the burst.
      meter.reset(nowMs, megabytes * mebibyte);
      return;
    }
    burstOpen = false;
    if (!sawDownload && !sawStart) meter.reset(nowMs, megabytes * mebibyte);
    else meter.add(nowMs, megabytes * mebibyte);
  }

  function resumedFromShard(): number | undefined {
    const stored = options.shardsStoredAtStart ?? burstShards;
    return stored > 0 ? stored : undefined;
  }

  return {
    update(report, nowMs) {
      const known = parseKnown(report);
      const progress: LoadProgress = known ?? { phase, fraction: clampFraction(report.progress), text: report.text };
      if (known?.phase === "starting") startPass(nowMs);
      if (progress.phase === "downloading" && known) {
        recordDownload(report, progress, nowMs);
        sawDownload = true;
      }
      if (known?.phase === "loading" && sawStart && !sawDownload) alreadyDownloaded = true;
      phase = progress.phase;

      const tracked: TrackedLoadProgress = { ...progress };
      if (sawDownload) {
        const resumed = resumedFromShard();
        if (resumed !== undefined) tracked.resumedFromShard = resumed;
      }
      if (alreadyDownloaded) tracked.alreadyDownloaded = true;
      if (progress.phase === "downloading") {
        const bytesPerSecond = meter.perSecond();
        if (bytesPerSecond !== undefined) {
          tracked.bytesPerSecond = bytesPerSecond;
          const { megabytesDone, megabytesTotal } = progress;
          if (megabytesDone !== undefined && megabytesTotal !== undefined) {
            tracked.secondsLeft = (Math.max(0, megabytesTotal - megabytesDone) * mebibyte) / bytesPerSecond;
          }
        }
      }
      return tracked;
    },
  };
}
