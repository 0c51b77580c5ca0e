import { EngineError } from "./engineError";
import { createGgufWorker } from "./gguf/createGgufWorker";
import type { GgufLoaded, GgufLoadProgress, GgufModelSource, GgufProgress, GgufWorkerMethods } from "./gguf/ggufProtocol";
import type { ChatEngine } from "./types";
import { createWorkerChatEngine } from "./worker/workerChatEngine";
import { WorkerClient } from "./worker/workerClient";

/**
 * The GGUF engine's service: one worker for the whole app, created on first use (outside React).
 * Unlike web-llm it needs no lock across tabs: it runs on the CPU, and each tab has its own copy.
 */

/** Reading a multi-gigabyte file into the engine reports nothing until it is done. */
const loadInactivityMs = 180_000;

let client: WorkerClient<GgufWorkerMethods, GgufProgress> | undefined;

function getClient(): WorkerClient<GgufWorkerMethods, GgufProgress> {
  client ??= new WorkerClient<GgufWorkerMethods, GgufProgress>(createGgufWorker, { generate: "interrupt", load: "unload" });
  return client;
}

export function loadGgufModel(
  source: GgufModelSource,
  contextTokens: number,
  options: { signal: AbortSignal; onProgress: (report: GgufLoadProgress) => void },
): Promise<GgufLoaded> {
  return getClient().call("load", { source, contextTokens }, {
    signal: options.signal,
    onProgress: (report) => {
      if (report.phase !== "prompt") options.onProgress(report);
    },
    inactivityTimeoutMs: loadInactivityMs,
    timeoutError: () =>
      new EngineError("NETWORK", {
        message: "Loading the model stalled: nothing happened for three minutes.",
        fix: "Check your connection and retry. Nothing incomplete was kept.",
      }),
  });
}

export async function unloadGgufModel(): Promise<void> {
  await client?.call("unload", {}, { inactivityTimeoutMs: 30_000, timeoutError: () => new EngineError("UNKNOWN") });
}

export function getGgufChatEngine(): ChatEngine {
  return createWorkerChatEngine(
    getClient(),
    () => new EngineError("ENGINE_CRASHED", { message: "The local engine stopped responding while writing the reply. The part received is kept." }),
  );
}
