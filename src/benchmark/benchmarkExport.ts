import { downloadTextFile } from "../conversations-io/downloadTextFile";
import { benchmarkPrompts, benchmarkSampling } from "./benchmarkPrompts";
import type { BenchmarkRun, PromptMeasurement, TargetResult } from "./runBenchmark";

/**
 * Benchmark results as files a person can keep or compare elsewhere: JSON with everything (and
 * the prompts, so a file says what was measured), CSV with one row per engine per prompt for a
 * spreadsheet.
 */

export function benchmarkFileName(kind: "json" | "csv", now: Date): string {
  return `tramontane-benchmark-${now.toISOString().slice(0, 10)}.${kind}`;
}

export function benchmarkRunsToJson(runs: readonly BenchmarkRun[], now: Date): string {
  const file = {
    format: "tramontane-benchmark",
    version: 1,
    exportedAt: now.toISOString(),
    sampling: benchmarkSampling,
    prompts: benchmarkPrompts,
    runs,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export const csvColumns = [
  "run_id",
  "run_started_at",
  "run_cancelled",
  "engine",
  "engine_kind",
  "model",
  "prompt_id",
  "time_to_first_token_ms",
  "total_ms",
  "completion_tokens",
  "completion_tokens_estimated",
  "prompt_tokens",
  "decode_tokens_per_s",
  "decode_measured_by",
  "prefill_tokens_per_s",
  "prefill_estimated",
  "finish_reason",
  "error",
] as const;

type CsvRow = Record<(typeof csvColumns)[number], string | number | boolean | undefined>;

/**
 * One cell per RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled.
 * Text that a spreadsheet would run as a formula (model names and error messages come from
 * servers) gets a leading apostrophe, the usual guard against CSV injection.
 */
export function csvCell(value: string | number | boolean | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(Math.round(value * 100) / 100) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function promptRow(run: BenchmarkRun, target: TargetResult, prompt: PromptMeasurement): CsvRow {
  return {
    ...targetColumns(run, target),
    prompt_id: prompt.promptId,
    time_to_first_token_ms: prompt.timeToFirstTokenMs,
    total_ms: prompt.totalMs,
    completion_tokens: prompt.completionTokens,
    completion_tokens_estimated: prompt.completionTokensEstimated,
    prompt_tokens: prompt.promptTokens,
    decode_tokens_per_s: prompt.decodeTokensPerSecond,
    decode_measured_by: prompt.decodeMeasuredBy,
    prefill_tokens_per_s: prompt.prefillTokensPerSecond,
    prefill_estimated: prompt.prefillEstimated,
    finish_reason: prompt.finishReason,
    error: undefined,
  };
}

function targetColumns(run: BenchmarkRun, target: TargetResult) {
  return {
    run_id: run.id,
    run_started_at: new Date(run.startedAt).toISOString(),
    run_cancelled: run.cancelled,
    engine: target.label,
    engine_kind: target.kind,
    model: target.model,
  };
}

/** The row that says where a target failed: the prompt it was on, and why. */
function errorRow(run: BenchmarkRun, target: TargetResult): CsvRow {
  const empty = Object.fromEntries(csvColumns.map((column) => [column, undefined])) as CsvRow;
  return { ...empty, ...targetColumns(run, target), prompt_id: target.failedPromptId, error: target.error };
}

export function benchmarkRunsToCsv(runs: readonly BenchmarkRun[]): string {
  const rows: CsvRow[] = [];
  for (const run of runs) {
    for (const target of run.targets) {
      for (const prompt of target.prompts) rows.push(promptRow(run, target, prompt));
      if (target.error !== undefined) rows.push(errorRow(run, target));
    }
  }
  const lines = [csvColumns.join(","), ...rows.map((row) => csvColumns.map((column) => csvCell(row[column])).join(","))];
  return `${lines.join("\r\n")}\r\n`;
}

/** Every kept run, as a download. */
export function downloadBenchmarkRuns(kind: "json" | "csv", runs: readonly BenchmarkRun[]): void {
  const now = new Date();
  const text = kind === "json" ? benchmarkRunsToJson(runs, now) : benchmarkRunsToCsv(runs);
  downloadTextFile(benchmarkFileName(kind, now), text, kind === "json" ? "application/json" : "text/csv");
}
