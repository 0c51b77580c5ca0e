/** The browser's own storage figures for this origin, as the model manager and the plan use them. */
export interface StorageFigures {
  quotaBytes?: number;
  usageBytes?: number;
}

/** The part of `navigator` read here, so tests can pass a plain object. */
export interface StorageEstimator {
  storage?: { estimate?: () => Promise<StorageEstimate> };
}

function nonNegativeNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** navigator.storage.estimate(), defensively: empty where the browser gives no usable figure. */
export async function estimateStorage(source: StorageEstimator | undefined = globalThis.navigator): Promise<StorageFigures> {
  try {
    const estimate = await source?.storage?.estimate?.();
    const quotaBytes = nonNegativeNumber(estimate?.quota);
    const usageBytes = nonNegativeNumber(estimate?.usage);
    return { ...(quotaBytes === undefined ? {} : { quotaBytes }), ...(usageBytes === undefined ? {} : { usageBytes }) };
  } catch {
    // Some browsers refuse the estimate in private windows; not knowing is not a failure.
    return {};
  }
}
