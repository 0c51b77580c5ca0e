import { maximum, median, minimum } from "./stats";

/**
 * One benchmark figure: what was measured, its value in each run, and the budget from issue 8.
 * A bench test hands its figures to the reporter as a test attachment (see attachFigures), and the
 * reporter (benchReporter.ts) turns them into the results file and the printed table.
 */
export type Unit = "KB" | "ms" | "ms/token" | "tokens/s" | "%" | "tasks" | "frames";

/** A budget is met when the median is at most `max` (or at least `min`). */
export interface Budget {
  max?: number;
  min?: number;
  /** Strictly below `max` rather than at most. */
  strict?: boolean;
}

export interface Figure {
  /** Groups rows in the table, e.g. "First screen". */
  section: string;
  /** What the row shows, e.g. "app: JS before composer usable (gzip)". */
  name: string;
  unit: Unit;
  /** One value per run. */
  runs: number[];
  budget?: Budget;
  /** Anything a reader must know to read the value (fewer runs, how it was measured). */
  note?: string;
}

export interface FigureSummary extends Figure {
  median: number;
  min: number;
  max: number;
  /** Undefined where the issue sets no budget for this figure. */
  pass?: boolean;
}

export function meetsBudget(value: number, budget: Budget): boolean {
  if (budget.max !== undefined && (budget.strict ? value >= budget.max : value > budget.max)) return false;
  if (budget.min !== undefined && value < budget.min) return false;
  return true;
}

export function summarize(figure: Figure): FigureSummary {
  const middle = median(figure.runs);
  return {
    ...figure,
    median: middle,
    min: minimum(figure.runs),
    max: maximum(figure.runs),
    pass: figure.budget === undefined ? undefined : meetsBudget(middle, figure.budget),
  };
}

export function describeBudget(budget: Budget | undefined, unit: Unit): string {
  if (budget === undefined) return "—";
  const parts: string[] = [];
  if (budget.min !== undefined) parts.push(`≥ ${budget.min} ${unit}`);
  if (budget.max !== undefined) parts.push(`${budget.strict ? "<" : "≤"} ${budget.max} ${unit}`);
  return parts.join(", ");
}

/** The attachment name the reporter looks for. */
export const figuresAttachment = "bench-figures";

/** Facts about the browser that only a test can see, passed to the reporter with the figures. */
export interface BrowserFacts {
  chromiumVersion: string;
}

export interface FiguresPayload {
  figures: Figure[];
  browser?: BrowserFacts;
}
