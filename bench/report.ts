/**
 * The results of a bench run: the file written to bench/results/<date>.json (pretty, stable
 * field order, rounded values, so that two runs diff well in git) and the table printed at the end.
 */
import { execFileSync } from "node:child_process";
import { cpus, loadavg, platform, release, totalmem } from "node:os";
import { describeBudget } from "./figures";
import type { FigureSummary, Unit } from "./figures";

export interface MachineFacts {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  chromium: string;
  /** The 1-minute load average when the bench started and when it ended: other work on the machine skews timings. */
  loadAverage: { atStart: number; atEnd: number };
}

export interface BenchResults {
  date: string;
  command: string;
  commit: { hash: string; uncommittedChanges: boolean };
  machine: MachineFacts;
  durationSeconds: number;
  figures: FigureSummary[];
  /** Benchmarks that failed: their figures are missing from this file. */
  failures: string[];
}

function git(args: string[]): string {
  try {
    return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
}

export function commitFacts(): BenchResults["commit"] {
  return { hash: git(["rev-parse", "HEAD"]) || "unknown", uncommittedChanges: git(["status", "--porcelain", "--untracked-files=no"]) !== "" };
}

export function currentLoad(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

export function machineFacts(chromium: string, loadAtStart: number): MachineFacts {
  const processors = cpus();
  return {
    cpuModel: processors[0]?.model.trim() ?? "unknown",
    cores: processors.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    chromium,
    loadAverage: { atStart: loadAtStart, atEnd: currentLoad() },
  };
}

/** YYYY-MM-DD in local time: the results file's name. */
export function localDate(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function decimalsFor(unit: Unit): number {
  if (unit === "tasks" || unit === "frames") return 0;
  if (unit === "tokens/s") return 0;
  if (unit === "ms/token") return 3;
  return 1;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Figures with values rounded one digit finer than the table shows, summary first, runs last. */
export function roundedForFile(figure: FigureSummary): FigureSummary {
  const decimals = decimalsFor(figure.unit) + 1;
  return {
    section: figure.section,
    name: figure.name,
    unit: figure.unit,
    median: round(figure.median, decimals),
    min: round(figure.min, decimals),
    max: round(figure.max, decimals),
    ...(figure.budget ? { budget: figure.budget } : {}),
    ...(figure.pass !== undefined ? { pass: figure.pass } : {}),
    runs: figure.runs.map((value) => round(value, decimals)),
    ...(figure.note ? { note: figure.note } : {}),
  };
}

/** The issue's order, whatever order the bench files ran in; a section not listed goes last. */
const sectionOrder = ["First screen", "Streaming", "Token latency", "Big history", "GGUF engine"];

/** True when every group of figures is there: a run of one file, or with -g, is only a partial look. */
export function coversEverySection(figures: { section: string }[]): boolean {
  return sectionOrder.every((prefix) => figures.some((figure) => figure.section.startsWith(prefix)));
}

export function inIssueOrder<T extends { section: string }>(figures: T[]): T[] {
  const rank = (figure: T) => {
    const index = sectionOrder.findIndex((prefix) => figure.section.startsWith(prefix));
    return index === -1 ? sectionOrder.length : index;
  };
  // Array.prototype.sort is stable: within a section, figures keep the order they were measured in.
  return [...figures].sort((a, b) => rank(a) - rank(b));
}

function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return "n/a";
  return `${value.toFixed(decimalsFor(unit))} ${unit}`;
}

/** The printed table: figure, runs, median, min, max, budget, pass/fail. */
export function formatTable(figures: FigureSummary[]): string {
  const header = ["Figure", "runs", "median", "min", "max", "budget", "result"];
  const rows = figures.map((figure) => [
    `${figure.section} · ${figure.name}`,
    String(figure.runs.length),
    formatValue(figure.median, figure.unit),
    formatValue(figure.min, figure.unit),
    formatValue(figure.max, figure.unit),
    describeBudget(figure.budget, figure.unit),
    figure.pass === undefined ? "" : figure.pass ? "pass" : "FAIL",
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const numeric = new Set([1, 2, 3, 4]);
  const line = (cells: string[]) => cells.map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join("  ");
  const notes = figures.filter((figure) => figure.note).map((figure) => `  * ${figure.section} · ${figure.name}: ${figure.note}`);
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line), ...(notes.length > 0 ? ["", "Notes:", ...notes] : [])].join("\n");
}
