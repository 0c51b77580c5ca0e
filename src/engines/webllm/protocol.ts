/**
 * The one typed protocol between the page and the web-llm worker (DESIGN.md rule 1). Both sides
 * import it. Each request names a method and carries that method's arguments; the worker answers
 * with events tied to the request's id. Errors cross as EngineErrorData, never as strings.
 */
import type { EngineErrorData } from "../engineError";
import type { ChatMessage, FinishReason, SamplingSettings, Usage } from "../types";

/** web-llm's InitProgressReport, restated so the page needs no import from web-llm. */
export interface InitProgressReport {
  progress: number;
  timeElapsed: number;
  text: string;
}

export interface WorkerMethods {
  /** Downloads (or reads from IndexedDB) and loads a model onto the GPU. */
  load: { args: { modelId: string; contextWindowTokens: number }; result: { modelId: string; contextWindowTokens: number } };
  /** Streams a reply for the conversation; `delta` events carry the text. */
  generate: { args: { messages: ChatMessage[]; sampling: SamplingSettings }; result: { finishReason: FinishReason | "abort"; usage?: Usage } };
  /** Stops the running generation between decode steps (web-llm's interruptGenerate). */
  interrupt: { args: Record<string, never>; result: null };
  /** Frees the GPU; also aborts a load in progress. */
  unload: { args: Record<string, never>; result: null };
}

export type WorkerMethod = keyof WorkerMethods;

export type WorkerRequest = {
  [M in WorkerMethod]: { id: number; method: M; args: WorkerMethods[M]["args"] };
}[WorkerMethod];

export type WorkerResult = {
  [M in WorkerMethod]: { kind: "result"; id: number; method: M; result: WorkerMethods[M]["result"] };
}[WorkerMethod];

export type WorkerEvent =
  | { kind: "progress"; id: number; report: InitProgressReport }
  | { kind: "delta"; id: number; text: string }
  | WorkerResult
  | { kind: "error"; id: number; error: EngineErrorData };

export function isWorkerEvent(value: unknown): value is WorkerEvent {
  if (typeof value !== "object" || value === null) return false;
  const { kind, id } = value as { kind?: unknown; id?: unknown };
  return typeof id === "number" && (kind === "progress" || kind === "delta" || kind === "result" || kind === "error");
}
