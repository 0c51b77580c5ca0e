import { EngineError } from "../engineError";
import type { ChatChunk, ChatEngine, ChatRequest } from "../types";
import type { WebllmClient } from "./webllmClient";

/** No token for this long while generating: the GPU is hung or gone. */
const generateInactivityMs = 120_000;

/**
 * The ChatEngine over the worker. The model in `request.model` must already be loaded (the store
 * loads it, with progress on screen, before the first message).
 */
export function createWebllmChatEngine(client: WebllmClient): ChatEngine {
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
            timeoutError: () =>
              new EngineError("DEVICE_LOST", {
                message: "The GPU stopped responding while writing the reply. The part received is kept.",
              }),
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
