import { Mistral } from "@mistralai/mistralai";
import { HTTPClient } from "@mistralai/mistralai/lib/http";
import { eventSizedFetch } from "./eventSizedFetch";
import { ChatCompletionStreamRequest$outboundSchema, CompletionEvent$inboundSchema } from "@mistralai/mistralai/models/components";
import type { ContentChunk } from "@mistralai/mistralai/models/components";
import { EngineError } from "../engineError";
import type { ChatChunk, ChatEngine, ChatRequest, FinishReason } from "../types";
import { mapMistralError } from "./mapMistralError";
import type { MistralApiConfig } from "./mistralApiProtocol";

/**
 * La Plateforme through the official SDK. This module is the only one that imports the SDK; it
 * runs in the Mistral API worker (mistralApiWorker.ts), never on the page's main thread.
 */

/**
 * In browsers the SDK adds an `x-mistral-user-agent` header (Chrome will not let it set
 * user-agent). Any header beyond authorization, content-type and accept turns the CORS preflight
 * into a bet on what the server allows — the API, a gateway, a proxy — so it is removed.
 */
function createHttpClient(): HTTPClient {
  const httpClient = new HTTPClient({ fetcher: eventSizedFetch });
  httpClient.addHook("beforeRequest", (request) => {
    request.headers.delete("x-mistral-user-agent");
    return request;
  });
  return httpClient;
}

function createClient(config: MistralApiConfig): Mistral {
  if (!config.apiKey) throw new EngineError("MISSING_API_KEY");
  // Retries stay off: a retry would hide a 429 from the person, who should see when to retry.
  return new Mistral({ apiKey: config.apiKey, serverURL: normaliseBaseUrl(config.baseUrl), httpClient: createHttpClient() });
}

/** People paste "https://api.mistral.ai/v1/" as often as the bare host; the SDK adds /v1 itself. */
export function normaliseBaseUrl(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, "").replace(/\/v1$/, "");
}

function textOf(content: string | ContentChunk[] | null | undefined): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((chunk) => (chunk.type === "text" ? chunk.text : "")).join("");
}

function finishReasonOf(reason: string | null): FinishReason | undefined {
  if (reason === "stop" || reason === "tool_calls") return "stop";
  if (reason === "length" || reason === "model_length") return "length";
  return undefined;
}

/**
 * The SDK checks each request and each streamed event with zod schemas that are built on first
 * use: about 30 ms here for a chat request, inside the task that sends the first message. Checking
 * one sample of each while the browser is idle builds them before that. Nothing is sent.
 */
export function warmUpSchemas(): boolean {
  const request = ChatCompletionStreamRequest$outboundSchema.safeParse({ model: "warm-up", messages: [{ role: "user", content: "warm-up" }], temperature: 0.7, topP: 1 });
  const chunk = { id: "warm-up", object: "chat.completion.chunk", created: 0, model: "warm-up", choices: [{ index: 0, delta: { role: "assistant", content: "warm-up" }, finish_reason: null }] };
  const event = CompletionEvent$inboundSchema.safeParse({ data: JSON.stringify(chunk) });
  // Samples the schemas accept go through every part a real message does.
  return request.success && event.success;
}

export function createMistralApiEngine(config: MistralApiConfig): ChatEngine {
  return {
    async *streamChat(request: ChatRequest, signal: AbortSignal): AsyncGenerator<ChatChunk> {
      const startedAt = performance.now();
      let firstTokenAt: number | undefined;
      // Once the server answered 200 and the stream began, a failure is a cut, not "unreachable".
      let streamStarted = false;
      let finished = false;
      try {
        const client = createClient(config);
        // Only fields the API accepts: it answers 422 to anything else.
        const stream = await client.chat.stream(
          {
            model: request.model,
            messages: request.messages,
            temperature: request.sampling.temperature,
            topP: request.sampling.topP,
            ...(request.sampling.maxTokens !== undefined ? { maxTokens: request.sampling.maxTokens } : {}),
          },
          { signal },
        );
        streamStarted = true;
        for await (const event of stream) {
          const chunk = event.data;
          const choice = chunk.choices[0];
          const text = textOf(choice?.delta.content);
          if (text) {
            firstTokenAt ??= performance.now();
            yield { type: "delta", text };
          }
          if (chunk.usage) {
            const endedAt = performance.now();
            // The SDK types these as optional (the spec gives them defaults of 0).
            const promptTokens = chunk.usage.promptTokens ?? 0;
            const completionTokens = chunk.usage.completionTokens ?? 0;
            const totalTokens = chunk.usage.totalTokens ?? promptTokens + completionTokens;
            const decodeSeconds = firstTokenAt === undefined ? 0 : (endedAt - firstTokenAt) / 1000;
            yield {
              type: "usage",
              usage: {
                promptTokens,
                completionTokens,
                totalTokens,
                timeToFirstTokenMs: firstTokenAt === undefined ? undefined : Math.round(firstTokenAt - startedAt),
                decodeTokensPerSecond:
                  decodeSeconds > 0 && completionTokens > 1 ? (completionTokens - 1) / decodeSeconds : undefined,
              },
            };
          }
          const reason = finishReasonOf(choice?.finishReason ?? null);
          if (reason) {
            finished = true;
            yield { type: "finish", reason };
          }
        }
      } catch (error) {
        if (signal.aborted) throw new EngineError("ABORTED");
        throw mapMistralError(error, { streamStarted });
      }
      if (signal.aborted) throw new EngineError("ABORTED");
      // The SSE stream closed without a finish reason: the server or a proxy cut it.
      if (!finished) throw new EngineError("STREAM_CUT");
    },
  };
}

/** Ids of the chat models this key can use, for the model picker. */
export async function listMistralChatModels(config: MistralApiConfig, signal: AbortSignal): Promise<string[]> {
  try {
    const client = createClient(config);
    const list = await client.models.list(undefined, { signal });
    const ids = (list.data ?? [])
      .filter((card) => "capabilities" in card && card.capabilities.completionChat)
      .map((card) => ("id" in card ? String(card.id) : ""))
      .filter((id) => id !== "");
    return [...new Set(ids)].sort();
  } catch (error) {
    if (signal.aborted) throw new EngineError("ABORTED");
    throw mapMistralError(error, { streamStarted: false });
  }
}
