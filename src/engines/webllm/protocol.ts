/**
 * The one typed protocol between the page and the web-llm worker (DESIGN.md rule 1). Both sides
 * import it. Its envelope (requests by id, events, errors as data) is worker/workerProtocol.ts.
 */
import type { ChatMessage, FinishReason, SamplingSettings, Usage } from "../types";
import type { WorkerEventOf, WorkerRequestOf, WorkerResultOf } from "../worker/workerProtocol";
import { isWorkerEvent as isGenericWorkerEvent } from "../worker/workerProtocol";

/** web-llm's InitProgressReport, restated so the page needs no import from web-llm. */
export interface InitProgressReport {
  progress: number;
  timeElapsed: number;
  text: string;
}

export type WorkerMethods = {
  /** Downloads (or reads from IndexedDB) and loads a model onto the GPU. */
  load: { args: { modelId: string; contextWindowTokens: number }; result: { modelId: string; contextWindowTokens: number } };
  /** Streams a reply for the conversation; `delta` events carry the text. */
  generate: { args: { messages: ChatMessage[]; sampling: SamplingSettings }; result: { finishReason: FinishReason | "abort"; usage?: Usage } };
  /** Stops the running generation between decode steps (web-llm's interruptGenerate). */
  interrupt: { args: Record<string, never>; result: null };
  /** Frees the GPU; also aborts a load in progress. */
  unload: { args: Record<string, never>; result: null };
};

export type WorkerMethod = keyof WorkerMethods;
export type WorkerRequest = WorkerRequestOf<WorkerMethods>;
export type WorkerResult = WorkerResultOf<WorkerMethods>;
export type WorkerEvent = WorkerEventOf<WorkerMethods, InitProgressReport>;

export function isWorkerEvent(value: unknown): value is WorkerEvent {
  return isGenericWorkerEvent<WorkerMethods, InitProgressReport>(value);
}
