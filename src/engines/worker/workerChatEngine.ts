import { EngineError } from "../engineError";
import type { ChatChunk, ChatEngine, ChatMessage, ChatRequest, FinishReason, SamplingSettings, Usage } from "../types";
import type { CallOptions } from "./workerClient";

/** No token for this long while generating: the engine is hung or gone. */
const generateInactivityMs = 120_000;

/** What every engine worker's "generate" method takes and returns. */
export interface GenerateMethod {
  args: { messages: ChatMessage[]; sampling: SamplingSettings };
  result: { finishReason: FinishReason | "abort"; usage?: Usage };
}

/** The part of a WorkerClient this needs: any client whose protocol has that "generate". */
export interface GeneratingClient {
  call(method: "generate", args: GenerateMethod["args"], options: CallOptions<never>): Promise<GenerateMethod["result"]>;
}

/**
 * The ChatEngine over an engine worker. The model in `request.model` must already be loaded (the
 * store loads it, with progress on screen, before the first message). `stalled` says, in the
 * person's words, what a silent worker means for this engine.
 */
export function createWorkerChatEngine(client: GeneratingClient, stalled: () => EngineError): ChatEngine {
  return {
    async *streamChat(request: ChatRequest, signal: AbortSignal): AsyncGenerator<ChatChunk> {
      // Deltas arrive as callbacks; this small queue turns them into the stream the store reads.
      const queued: string[] = [];
      let wake: (() => void) | undefined;
      let settled = false;
      const done = client
        .call(
          "generate",
          { messages: request.messages, sampling: request.sampling },
          {
            signal,
            onDelta: (text) => {
              queued.push(text);
              wake?.();
            },
            inactivityTimeoutMs: generateInactivityMs,
            timeoutError: stalled,
          },
        )
        .finally(() => {
          settled = true;
          wake?.();
        });
      // Surface a rejection only through the await below, never as an unhandled rejection.
      done.catch(() => undefined);

      while (!settled || queued.length > 0) {
        if (queued.length === 0) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
          continue;
        }
        yield { type: "delta", text: queued.splice(0).join("") };
      }
      const result = await done;
      if (result.usage) yield { type: "usage", usage: result.usage };
      if (result.finishReason === "abort") throw new EngineError("ABORTED");
      yield { type: "finish", reason: result.finishReason };
    },
  };
}
