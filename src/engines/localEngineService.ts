import { EngineError } from "./engineError";
import type { ChatEngine } from "./types";
import { createWebllmWorker } from "./webllm/createWebllmWorker";
import type { GpuLock } from "./webllm/gpuLock";
import { acquireGpuLock } from "./webllm/gpuLock";
import type { InitProgressReport } from "./webllm/protocol";
import { WebllmClient } from "./webllm/webllmClient";
import { createWebllmChatEngine } from "./webllm/webllmEngine";

/**
 * The local engine's service: one worker for the whole app, created on first use (outside React,
 * so StrictMode cannot make two), and the Web Lock that makes one tab the GPU's owner.
 */

/** No progress for this long while downloading or loading: the network or the GPU is stuck. */
const loadInactivityMs = 120_000;

let client: WebllmClient | undefined;
let gpuLock: GpuLock | undefined;

function getClient(): WebllmClient {
  client ??= new WebllmClient(createWebllmWorker);
  return client;
}

export interface LoadOptions {
  signal: AbortSignal;
  onProgress: (report: InitProgressReport) => void;
  /** Called when another tab takes the GPU ("Use here instead" over there). */
  onLockLost: () => void;
  /** Take the GPU from another tab instead of failing with ENGINE_IN_OTHER_TAB. */
  steal?: boolean;
}

export async function loadLocalModel(modelId: string, contextWindowTokens: number, options: LoadOptions) {
  if (!gpuLock) {
    const lock = await acquireGpuLock({ steal: options.steal });
    if (!lock) throw new EngineError("ENGINE_IN_OTHER_TAB");
    gpuLock = lock;
    void lock.lost.then(() => {
      if (gpuLock !== lock) return;
      gpuLock = undefined;
      // Free this tab's GPU memory at once: the other tab is about to load its own copy.
      client?.terminate(new EngineError("ENGINE_IN_OTHER_TAB", { message: "The local model moved to another tab." }));
      options.onLockLost();
    });
  }
  try {
    return await getClient().call("load", { modelId, contextWindowTokens }, {
      signal: options.signal,
      onProgress: options.onProgress,
      inactivityTimeoutMs: loadInactivityMs,
      timeoutError: () =>
        new EngineError("NETWORK", {
          message: "Loading the model stalled: nothing happened for two minutes.",
          fix: "Check your connection and retry; the parts already downloaded are kept.",
        }),
    });
  } catch (error) {
    releaseGpu();
    throw error;
  }
}

/** Unloads the model and gives the GPU back to other tabs. */
export async function unloadLocalModel(): Promise<void> {
  try {
    await client?.call("unload", {}, { inactivityTimeoutMs: 30_000, timeoutError: () => new EngineError("UNKNOWN") });
  } finally {
    releaseGpu();
  }
}

function releaseGpu(): void {
  gpuLock?.release();
  gpuLock = undefined;
}


export function getLocalChatEngine(): ChatEngine {
  return createWebllmChatEngine(getClient());
}

/** After a lost device the worker's GPU state is unusable: start over with a fresh worker. */
export function restartLocalEngine(reason: EngineError): void {
  client?.terminate(reason);
  releaseGpu();
}
