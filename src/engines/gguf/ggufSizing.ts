/**
 * What the in-browser CPU engine can hold and how fast it is likely to run: pure functions, so
 * the plan and the UI can say it before anything is downloaded.
 */

import { formatBytes } from "../../ui/formatBytes";

const gib = 2 ** 30;

export const ggufLimits = {
  /**
   * wllama 3.8.1 creates its WebAssembly memory with `maximum: 65536n` pages of 64 KiB (see the
   * Emscripten glue in @wllama/wllama/esm/index.js): 4 GiB, whatever the device has. The weights,
   * the KV cache and the compute buffers must all fit in it.
   */
  wasmMemoryBytes: 4 * gib,
  /** Compute buffers, tokenizer and runtime, measured loosely: kept as a fixed reserve. */
  runtimeReserveBytes: 0.5 * gib,
  /**
   * Decoding on the CPU reads every weight once per token, so tokens/s ≈ bytes read per second
   * ÷ model size. Measured on this project's 2-core test machine: a 0.36B Q4_0 model (≈0.2 GB)
   * decodes at ≈3.5 tokens/s on one thread (notes/wllama-gguf.md), i.e. ≈0.7 GB/s per thread.
   */
  bytesPerSecondPerThread: 0.7e9,
  /** Two threads gave 1.86× one; each further thread is assumed to add a bit less. */
  threadEfficiency: 0.85,
  /** Above this many threads memory bandwidth, not cores, is the limit. */
  maxThreads: 8,
} as const;

/** Bytes the KV cache needs beyond the weights: a loose bound used before the model is read. */
function contextReserveBytes(fileBytes: number): number {
  // For Mistral-family models a 4K context costs roughly a fifth of a 4-bit 3B model's weights.
  return Math.min(1 * gib, fileBytes * 0.25);
}

/** Whether a model file of this size can be loaded at all; undefined means yes. */
export function ggufMemoryProblem(fileBytes: number): string | undefined {
  const needed = fileBytes + contextReserveBytes(fileBytes) + ggufLimits.runtimeReserveBytes;
  if (needed <= ggufLimits.wasmMemoryBytes) return undefined;
  return `It needs about ${formatBytes(needed)} of memory, and the in-browser engine can use at most ${formatBytes(ggufLimits.wasmMemoryBytes)}.`;
}

/**
 * Threads for llama.cpp: without cross-origin isolation (COOP/COEP) browsers allow no shared
 * memory, so one. Otherwise every core but one, which is left to the page: llama.cpp's threads
 * spin while they wait for each other, and on a 2-core machine two of them starved the page and
 * each other (a tiny model fell from 279 to 17 tokens/s in the app).
 */
export function ggufThreads(cores: number | undefined, crossOriginIsolated: boolean): number {
  if (!crossOriginIsolated) return 1;
  const available = Math.max(1, Math.floor(cores ?? 1));
  return Math.max(1, Math.min(ggufLimits.maxThreads, available - 1));
}

/** A rough decode speed, as a range: the real figure depends on the CPU's memory bandwidth. */
export function estimateGgufTokensPerSecond(fileBytes: number, threads: number): { low: number; high: number } {
  const { bytesPerSecondPerThread, threadEfficiency } = ggufLimits;
  const effectiveThreads = 1 + (Math.max(1, threads) - 1) * threadEfficiency;
  const typical = (bytesPerSecondPerThread * effectiveThreads) / Math.max(1, fileBytes);
  return { low: typical / 2, high: typical * 1.5 };
}

/** The estimate as people read it: "1.2–3.5 tokens/s", whole numbers from 10 up. */
export function formatGgufSpeed(fileBytes: number, threads: number): string {
  const { low, high } = estimateGgufTokensPerSecond(fileBytes, threads);
  const show = (rate: number) => (rate < 10 ? rate.toFixed(1) : Math.round(rate).toString());
  return `${show(low)}–${show(high)} tokens/s`;
}
