import { del, get, update } from "idb-keyval";
import type { GpuFailureRecord } from "../engines/capability";
import { gpuFailureCodes } from "../engines/capability";

/**
 * What earlier attempts on this device taught: a model whose load lost the GPU is likely to lose
 * it again, so the engine plan (engines/plan.ts) stops recommending it. Kept in IndexedDB beside
 * the rest of the app's data, under its own key.
 */
export const gpuFailuresKey = "tramontane-gpu-failures";

/** Enough to remember every model in the catalog failing a few times; older entries fall off. */
export const maxGpuFailures = 20;

function isFailureRecord(value: unknown): value is GpuFailureRecord {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.modelId === "string" &&
    typeof record.code === "string" &&
    (gpuFailureCodes as readonly string[]).includes(record.code) &&
    typeof record.at === "number" &&
    Number.isFinite(record.at) &&
    (record.contextTokens === undefined || (typeof record.contextTokens === "number" && Number.isFinite(record.contextTokens)))
  );
}

/**
 * Stored data is read back as the records that still make sense: data written by an older or
 * broken version must never stop the plan from being made, so anything else is dropped.
 */
function sanitize(stored: unknown): GpuFailureRecord[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter(isFailureRecord).map(({ modelId, code, contextTokens, at }) => ({
    modelId,
    code,
    ...(contextTokens === undefined ? {} : { contextTokens }),
    at,
  }));
}

/** The remembered failures, oldest first; empty when nothing (sane) is stored or IndexedDB fails. */
export async function readGpuFailures(): Promise<GpuFailureRecord[]> {
  try {
    return sanitize(await get<unknown>(gpuFailuresKey));
  } catch {
    return [];
  }
}

/**
 * Adds a failure (newest last, at most `maxGpuFailures` kept). Read and write happen in one
 * IndexedDB transaction, so two tabs recording at once do not lose an entry. Best effort: a
 * failure to remember must not hide the failure being handled, so this resolves to false
 * instead of rejecting.
 */
export async function recordGpuFailure(record: GpuFailureRecord): Promise<boolean> {
  if (!isFailureRecord(record)) return false;
  try {
    await update<unknown>(gpuFailuresKey, (stored) => [...sanitize(stored), ...sanitize([record])].slice(-maxGpuFailures));
    return true;
  } catch {
    return false;
  }
}

/** Forgets every remembered failure (after a driver update, say); resolves to false if that failed. */
export async function clearGpuFailures(): Promise<boolean> {
  try {
    await del(gpuFailuresKey);
    return true;
  } catch {
    return false;
  }
}
