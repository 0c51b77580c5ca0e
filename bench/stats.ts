/** Small statistics over a list of measurements; every function refuses an empty list. */

function sorted(values: readonly number[]): number[] {
  if (values.length === 0) throw new Error("no values to summarise");
  return [...values].sort((a, b) => a - b);
}

/** The median; for an even count, the mean of the two middle values. */
export function median(values: readonly number[]): number {
  const ordered = sorted(values);
  const middle = Math.floor(ordered.length / 2);
  return ordered.length % 2 === 1 ? ordered[middle] : (ordered[middle - 1] + ordered[middle]) / 2;
}

/** The p-th percentile (0–100), nearest-rank: the smallest value with at least p % of the values at or below it. */
export function percentile(values: readonly number[], p: number): number {
  const ordered = sorted(values);
  const rank = Math.ceil((p / 100) * ordered.length);
  return ordered[Math.min(ordered.length - 1, Math.max(0, rank - 1))];
}

export function minimum(values: readonly number[]): number {
  return sorted(values)[0];
}

export function maximum(values: readonly number[]): number {
  const ordered = sorted(values);
  return ordered[ordered.length - 1];
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
