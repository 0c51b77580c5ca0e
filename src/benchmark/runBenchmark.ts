import { EngineError } from "../engines/engineError";
import type { ChatEngine, ChatRequest, FinishReason, Usage } from "../engines/types";
import type { EngineKind } from "../state/localEngineSlice";
import type { BenchmarkPrompt } from "./benchmarkPrompts";
import { benchmarkPrompts, benchmarkSampling } from "./benchmarkPrompts";
import type { GpuCeiling } from "./gpuBandwidth";

/** What one prompt on one engine measured, all in the page unless the engine knew better. */
export interface PromptMeasurement {
  promptId: string;
  /** Request sent → first text received. Undefined when no text came. */
  timeToFirstTokenMs?: number;
  totalMs: number;
  completionTokens: number;
  /** The engine reported no token count: characters ÷ 4, the usual rule of thumb. */
  completionTokensEstimated: boolean;
  promptTokens?: number;
  decodeTokensPerSecond?: number;
  /** "engine": the engine's own figure (local engines time it inside the worker); "page": from when the text arrived here. */
  decodeMeasuredBy?: "engine" | "page";
  prefillTokensPerSecond?: number;
  /**
   * Prompt tokens ÷ time to first token. That time also counts the network, queueing and the first
   * decoded token, so the real prefill is at least this fast: an estimate, marked "≈".
   */
  prefillEstimated: boolean;
  finishReason?: FinishReason;
}

export interface TargetResult {
  kind: EngineKind;
  label: string;
  model: string;
  prompts: PromptMeasurement[];
  /** Why this engine stopped before the last prompt; the run went on with the next engine. */
  error?: string;
  errorFix?: string;
  failedPromptId?: string;
  /** Local GPU engine only: the best this GPU could reach, as known when the run was made. */
  gpuCeiling?: GpuCeiling;
}

export interface BenchmarkRun {
  id: string;
  startedAt: number;
  finishedAt: number;
  /** The person cancelled: targets and prompts that had not finished are missing. */
  cancelled: boolean;
  targets: TargetResult[];
}

export interface PreparedTarget {
  engine: ChatEngine;
  model: string;
}

/** An engine to measure: how to make it ready (which may mean loading a model) and what it is. */
export interface BenchmarkTarget {
  kind: EngineKind;
  label: string;
  /** The model it is expected to run, shown when preparing it fails. */
  model: string;
  prepare: (signal: AbortSignal) => Promise<PreparedTarget>;
  gpuCeiling?: (model: string) => GpuCeiling;
}

export interface BenchmarkProgress {
  targetLabel: string;
  targetIndex: number;
  targetCount: number;
  /** Undefined while the engine is being prepared (a local model may take a while to load). */
  promptIndex?: number;
  promptCount: number;
}

export interface RunBenchmarkOptions {
  targets: readonly BenchmarkTarget[];
  signal: AbortSignal;
  prompts?: readonly BenchmarkPrompt[];
  onProgress?: (progress: BenchmarkProgress) => void;
  /** Milliseconds on a monotonic clock; tests pass a fake one. */
  now?: () => number;
  /** Wall-clock time, for the date the run is listed under. */
  date?: () => number;
}

interface StreamTimings {
  startedAt: number;
  firstDeltaAt?: number;
  lastDeltaAt?: number;
  endedAt: number;
  characters: number;
  usage?: Usage;
  finishReason?: FinishReason;
}

/** Turns what was seen while one reply streamed into figures; pure, so each rule is tested alone. */
export function measurementFrom(promptId: string, timings: StreamTimings): PromptMeasurement {
  const { startedAt, firstDeltaAt, lastDeltaAt, endedAt, characters, usage } = timings;
  const timeToFirstTokenMs = firstDeltaAt === undefined ? undefined : firstDeltaAt - startedAt;
  // Some servers send a usage block of zeros: a count of 0 for a reply with text is not a count.
  const reported = usage !== undefined && !(usage.completionTokens === 0 && characters > 0);
  const completionTokens = reported ? usage.completionTokens : Math.ceil(characters / 4);
  const measurement: PromptMeasurement = {
    promptId,
    totalMs: endedAt - startedAt,
    completionTokens,
    completionTokensEstimated: !reported,
    prefillEstimated: false,
  };
  if (timeToFirstTokenMs !== undefined) measurement.timeToFirstTokenMs = timeToFirstTokenMs;
  if (usage && usage.promptTokens > 0) measurement.promptTokens = usage.promptTokens;
  if (timings.finishReason) measurement.finishReason = timings.finishReason;

  // The first token's time belongs to prefill: decode counts the tokens after it.
  const decodeSeconds = firstDeltaAt !== undefined && lastDeltaAt !== undefined ? (lastDeltaAt - firstDeltaAt) / 1000 : 0;
  if (usage?.decodeTokensPerSecond !== undefined) {
    measurement.decodeTokensPerSecond = usage.decodeTokensPerSecond;
    measurement.decodeMeasuredBy = "engine";
  } else if (completionTokens > 1 && decodeSeconds > 0) {
    measurement.decodeTokensPerSecond = (completionTokens - 1) / decodeSeconds;
    measurement.decodeMeasuredBy = "page";
  }

  if (usage?.prefillTokensPerSecond !== undefined) {
    measurement.prefillTokensPerSecond = usage.prefillTokensPerSecond;
  } else if (measurement.promptTokens !== undefined && timeToFirstTokenMs !== undefined && timeToFirstTokenMs > 0) {
    measurement.prefillTokensPerSecond = measurement.promptTokens / (timeToFirstTokenMs / 1000);
    measurement.prefillEstimated = true;
  }
  return measurement;
}

/** Sends one prompt and times it. Throws the engine's error; "ABORTED" once `signal` aborts. */
export async function measurePrompt(prepared: PreparedTarget, prompt: BenchmarkPrompt, signal: AbortSignal, now: () => number): Promise<PromptMeasurement> {
  const request: ChatRequest = { model: prepared.model, messages: [{ role: "user", content: prompt.text }], sampling: { ...benchmarkSampling } };
  const timings: StreamTimings = { startedAt: now(), endedAt: 0, characters: 0 };
  for await (const chunk of prepared.engine.streamChat(request, signal)) {
    if (chunk.type === "delta") {
      if (chunk.text === "") continue;
      const at = now();
      timings.firstDeltaAt ??= at;
      timings.lastDeltaAt = at;
      timings.characters += chunk.text.length;
    } else if (chunk.type === "usage") timings.usage = chunk.usage;
    else timings.finishReason = chunk.reason;
  }
  timings.endedAt = now();
  if (signal.aborted) throw new EngineError("ABORTED");
  return measurementFrom(prompt.id, timings);
}

function asEngineError(thrown: unknown): EngineError {
  if (thrown instanceof EngineError) return thrown;
  return new EngineError("UNKNOWN", { detail: thrown instanceof Error ? thrown.message : undefined });
}

/**
 * Runs every prompt on every target, one after another (two engines at once would share the GPU,
 * the CPU or the network and slow each other down). A failing target keeps what it measured and
 * the run goes on; cancelling stops at once and returns what finished, marked cancelled.
 */
export async function runBenchmark(options: RunBenchmarkOptions): Promise<BenchmarkRun> {
  const { targets, signal, prompts = benchmarkPrompts, onProgress, now = () => performance.now(), date = Date.now } = options;
  const run: BenchmarkRun = { id: crypto.randomUUID(), startedAt: date(), finishedAt: 0, cancelled: false, targets: [] };
  for (const [targetIndex, target] of targets.entries()) {
    if (signal.aborted) break;
    const result: TargetResult = { kind: target.kind, label: target.label, model: target.model, prompts: [] };
    const progress = (promptIndex?: number) => onProgress?.({ targetLabel: target.label, targetIndex, targetCount: targets.length, promptIndex, promptCount: prompts.length });
    let current: BenchmarkPrompt | undefined;
    try {
      progress();
      const prepared = await target.prepare(signal);
      if (signal.aborted) break;
      result.model = prepared.model;
      for (const [promptIndex, prompt] of prompts.entries()) {
        current = prompt;
        progress(promptIndex);
        result.prompts.push(await measurePrompt(prepared, prompt, signal, now));
      }
    } catch (thrown) {
      if (!signal.aborted) {
        const error = asEngineError(thrown);
        result.error = error.message;
        result.errorFix = error.fix;
        if (current) result.failedPromptId = current.id;
      }
    }
    // A target cancelled before anything finished has nothing to show.
    if (!signal.aborted || result.prompts.length > 0) {
      if (target.gpuCeiling && result.prompts.length > 0) result.gpuCeiling = target.gpuCeiling(result.model);
      run.targets.push(result);
    }
  }
  run.cancelled = signal.aborted;
  run.finishedAt = date();
  return run;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One target's figures: the median over its prompts of each, and whether any part is estimated. */
export interface TargetSummary {
  timeToFirstTokenMs?: number;
  prefillTokensPerSecond?: number;
  prefillEstimated: boolean;
  decodeTokensPerSecond?: number;
  /** Decode speed worked out from estimated token counts. */
  decodeEstimated: boolean;
  totalMs?: number;
}

export function summarizeTarget(result: Pick<TargetResult, "prompts">): TargetSummary {
  const values = (pick: (prompt: PromptMeasurement) => number | undefined) =>
    result.prompts.map(pick).filter((value): value is number => value !== undefined);
  return {
    timeToFirstTokenMs: median(values((prompt) => prompt.timeToFirstTokenMs)),
    prefillTokensPerSecond: median(values((prompt) => prompt.prefillTokensPerSecond)),
    prefillEstimated: result.prompts.some((prompt) => prompt.prefillEstimated),
    decodeTokensPerSecond: median(values((prompt) => prompt.decodeTokensPerSecond)),
    decodeEstimated: result.prompts.some((prompt) => prompt.decodeMeasuredBy === "page" && prompt.completionTokensEstimated),
    totalMs: median(values((prompt) => prompt.totalMs)),
  };
}
