/**
 * The typed protocol between the page and the Mistral API worker, which runs the SDK (its request
 * and per-event zod checks, its stream parsing) off the page's main thread. Its envelope is
 * worker/workerProtocol.ts; "generate" is the one every engine worker has.
 */
import type { GenerateMethod } from "../worker/workerChatEngine";
import type { StopArgs, WorkerEventOf, WorkerRequestOf } from "../worker/workerProtocol";

/** Where to reach La Plateforme, and with which key (defined here: the page must not import the SDK's module). */
export interface MistralApiConfig {
  apiKey: string;
  /** e.g. "https://api.mistral.ai" (the SDK appends /v1/...). */
  baseUrl: string;
}

export type MistralApiWorkerMethods = {
  /** Streams a reply from `model`; `delta` events carry the text. */
  generate: { args: GenerateMethod["args"] & { model: string; config: MistralApiConfig }; result: GenerateMethod["result"] };
  /** The chat models this key can use. */
  listModels: { args: { config: MistralApiConfig }; result: string[] };
  /** Stops one running call (a reply keeps what it received, and its usage). */
  stop: { args: StopArgs; result: null };
  /** Loads the SDK and builds its schemas now, so that the first message does not wait for them. */
  warmUp: { args: Record<string, never>; result: null };
};

export type MistralApiWorkerRequest = WorkerRequestOf<MistralApiWorkerMethods>;
export type MistralApiWorkerEvent = WorkerEventOf<MistralApiWorkerMethods, never>;
