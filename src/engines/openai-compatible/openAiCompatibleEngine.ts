import { EngineError } from "../engineError";
import type { ChatChunk, ChatEngine, ChatRequest, FinishReason, Usage } from "../types";
import { mapOpenAiCompatibleError, mapOpenAiCompatibleHttpError } from "./mapOpenAiCompatibleError";
import type { OpenAiCompatibleErrorContext } from "./mapOpenAiCompatibleError";
import { parseServerSentEvents } from "./parseServerSentEvents";

/**
 * Any server that speaks OpenAI's chat-completions API: Ollama, vLLM, llama.cpp's server,
 * LM Studio. Plain fetch rather than an SDK: the OpenAI SDK adds `x-stainless-*` headers, and
 * each extra header is one more thing the server's CORS preflight must allow. Only
 * Content-Type and, with a key, Authorization are sent.
 */

export interface OpenAiCompatibleConfig {
  /** e.g. "http://localhost:11434" or "http://localhost:8000/v1" (see normaliseOpenAiBaseUrl). */
  baseUrl: string;
  /** Optional: Ollama needs none; vLLM and others take one when started with --api-key. */
  apiKey?: string;
}

/**
 * The API root, ending in /v1 or whatever path the person gave. People paste the bare host
 * ("http://localhost:11434"), the root with or without a trailing slash, the full endpoint, or
 * no scheme at all ("localhost:11434"). A bare host gets /v1, where all these servers listen; a
 * host with another path (a gateway's "/openai/v1", Open WebUI's "/api") is kept as given.
 */
export function normaliseOpenAiBaseUrl(baseUrl: string): string {
  let url = baseUrl.trim().replace(/\/+$/, "").replace(/\/chat\/completions$/, "").replace(/\/+$/, "");
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) url = `http://${url}`;
  const path = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(url)?.[1] ?? "";
  return path === "" ? `${url}/v1` : url;
}

/** The endpoint's URL, or INVALID_REQUEST before anything is sent when the base is no URL. */
function endpoint(base: string, path: string): string {
  let url: URL | undefined;
  try {
    url = new URL(`${base}/${path}`);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new EngineError("INVALID_REQUEST", {
      message: "The server address is not a valid http(s) URL.",
      fix: "Check the base URL in Settings, e.g. http://localhost:11434/v1.",
    });
  }
  return url.href;
}

function headersFor(config: OpenAiCompatibleConfig, withBody: boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  // Without a body a GET needs no Content-Type; leaving it out keeps a keyless model list a
  // "simple" request, which needs no preflight at all.
  if (withBody) headers["Content-Type"] = "application/json";
  const key = config.apiKey?.trim();
  if (key) headers.Authorization = `Bearer ${key}`;
  return headers;
}

async function failureOf(response: Response, context: OpenAiCompatibleErrorContext): Promise<EngineError> {
  // An unreadable error body still leaves the status, which carries the meaning.
  const body = await response.text().catch(() => "");
  return mapOpenAiCompatibleHttpError({ status: response.status, retryAfter: response.headers.get("retry-after"), body }, context);
}

type JsonRecord = Record<string, unknown>;

function recordOf(value: unknown): JsonRecord | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

function finishReasonOf(reason: unknown): FinishReason | undefined {
  if (typeof reason !== "string" || reason === "") return undefined;
  // "length" (OpenAI, vLLM, Ollama) and "model_length" (Mistral-style) mean the token limit;
  // anything else the server reports (stop, eos, tool_calls, content_filter) ended the reply.
  return reason === "length" || reason === "model_length" ? "length" : "stop";
}

function tokenCount(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

/** What one streamed chunk carries; every field optional, extra fields ignored. */
export interface ChunkContent {
  text: string;
  finishReason?: FinishReason;
  usage?: { promptTokens: number; completionTokens: number; totalTokens: number };
}

/** Reads one chunk (or a non-streamed completion, whose `message` plays the part of `delta`). */
export function readChunk(payload: unknown): ChunkContent {
  const chunk = recordOf(payload) ?? {};
  // vLLM and OpenAI report a failure during generation as an error object in the stream.
  if (chunk.error !== undefined || chunk.object === "error") {
    const error = recordOf(chunk.error);
    const words = typeof error?.message === "string" ? error.message : typeof chunk.message === "string" ? chunk.message : undefined;
    throw new EngineError("STREAM_CUT", {
      message: "The server stopped with an error before the reply finished. Any part received is kept.",
      detail: words?.slice(0, 300),
    });
  }
  const choice = recordOf(Array.isArray(chunk.choices) ? chunk.choices[0] : undefined);
  const delta = recordOf(choice?.delta) ?? recordOf(choice?.message);
  const content: ChunkContent = { text: typeof delta?.content === "string" ? delta.content : "" };
  const finishReason = finishReasonOf(choice?.finish_reason);
  if (finishReason) content.finishReason = finishReason;
  const usage = recordOf(chunk.usage);
  if (usage) {
    const promptTokens = tokenCount(usage.prompt_tokens);
    const completionTokens = tokenCount(usage.completion_tokens);
    const total = tokenCount(usage.total_tokens);
    content.usage = { promptTokens, completionTokens, totalTokens: total > 0 ? total : promptTokens + completionTokens };
  }
  return content;
}

/** The JSON payloads of the reply: SSE events, or one body from a server that does not stream. */
async function* payloadsOf(response: Response): AsyncGenerator<unknown> {
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    const body: unknown = await response.json();
    yield body;
    return;
  }
  // A 200 in HTML is a web page (a dev server, a router's page), not an API.
  if (type !== "" && !type.includes("text/event-stream")) {
    throw new EngineError("INVALID_REQUEST", {
      message: `The address answered, but not like an OpenAI-compatible server (${type.split(";")[0]}).`,
      fix: "Check the base URL in Settings: it should point at the server's API, usually ending in /v1.",
    });
  }
  if (!response.body) throw new EngineError("STREAM_CUT");
  for await (const data of parseServerSentEvents(response.body)) {
    if (data === "[DONE]") return;
    if (data.trim() === "") continue;
    const chunk: unknown = JSON.parse(data);
    yield chunk;
  }
}

export function createOpenAiCompatibleEngine(config: OpenAiCompatibleConfig): ChatEngine {
  const base = normaliseOpenAiBaseUrl(config.baseUrl);
  return {
    async *streamChat(request: ChatRequest, signal: AbortSignal): AsyncGenerator<ChatChunk> {
      const context: OpenAiCompatibleErrorContext = { streamStarted: false, baseUrl: base, model: request.model, hasKey: Boolean(config.apiKey?.trim()) };
      const startedAt = performance.now();
      let response: Response;
      try {
        response = await fetch(endpoint(base, "chat/completions"), {
          method: "POST",
          headers: headersFor(config, true),
          body: JSON.stringify({
            model: request.model,
            messages: request.messages,
            stream: true,
            // Without it, Ollama and vLLM send no token counts in a stream.
            stream_options: { include_usage: true },
            temperature: request.sampling.temperature,
            top_p: request.sampling.topP,
            ...(request.sampling.maxTokens !== undefined ? { max_tokens: request.sampling.maxTokens } : {}),
          }),
          signal,
        });
        if (!response.ok) throw await failureOf(response, context);
      } catch (error) {
        if (signal.aborted) throw new EngineError("ABORTED");
        throw mapOpenAiCompatibleError(error, context);
      }

      context.streamStarted = true;
      let firstTokenAt: number | undefined;
      let lastTokenAt = startedAt;
      let finishReason: FinishReason | undefined;
      let usage: ChunkContent["usage"];
      try {
        for await (const payload of payloadsOf(response)) {
          // Events already buffered would otherwise still come out after a Stop.
          if (signal.aborted) break;
          const chunk = readChunk(payload);
          if (chunk.usage) usage = chunk.usage;
          finishReason = chunk.finishReason ?? finishReason;
          if (chunk.text) {
            lastTokenAt = performance.now();
            firstTokenAt ??= lastTokenAt;
            yield { type: "delta", text: chunk.text };
          }
        }
      } catch (error) {
        if (signal.aborted) throw new EngineError("ABORTED");
        // With the finish reason in hand the reply is whole; only the usage after it was lost.
        if (finishReason === undefined) throw mapOpenAiCompatibleError(error, context);
      }
      if (signal.aborted) throw new EngineError("ABORTED");
      // The stream closed without a finish reason: the server or a proxy cut it.
      if (finishReason === undefined) throw new EngineError("STREAM_CUT");
      if (usage) yield { type: "usage", usage: measured(usage, startedAt, firstTokenAt, lastTokenAt) };
      yield { type: "finish", reason: finishReason };
    },
  };
}

/** Adds client-side timings to the server's counts, as the Mistral engine does. */
function measured(counts: NonNullable<ChunkContent["usage"]>, startedAt: number, firstTokenAt: number | undefined, lastTokenAt: number): Usage {
  // Between the first and the last token, completionTokens − 1 tokens were decoded.
  const decodeSeconds = firstTokenAt === undefined ? 0 : (lastTokenAt - firstTokenAt) / 1000;
  return {
    ...counts,
    timeToFirstTokenMs: firstTokenAt === undefined ? undefined : Math.round(firstTokenAt - startedAt),
    decodeTokensPerSecond:
      decodeSeconds > 0 && counts.completionTokens > 1 ? (counts.completionTokens - 1) / decodeSeconds : undefined,
  };
}

/** Ids of the models the server offers (`GET /models`), sorted, for the model picker. */
export async function listOpenAiCompatibleModels(config: OpenAiCompatibleConfig, signal: AbortSignal): Promise<string[]> {
  const base = normaliseOpenAiBaseUrl(config.baseUrl);
  const context: OpenAiCompatibleErrorContext = { streamStarted: false, baseUrl: base, hasKey: Boolean(config.apiKey?.trim()) };
  try {
    const response = await fetch(endpoint(base, "models"), { headers: headersFor(config, false), signal });
    if (!response.ok) throw await failureOf(response, context);
    const body: unknown = await response.json().catch(() => undefined);
    const list = recordOf(body);
    if (!list || !Array.isArray(list.data)) {
      throw new EngineError("INVALID_REQUEST", {
        message: "The address answered, but gave no model list like an OpenAI-compatible server.",
        fix: "Check the base URL in Settings: it should point at the server's API, usually ending in /v1.",
      });
    }
    const ids = list.data.map((model: unknown) => recordOf(model)?.id).filter((id): id is string => typeof id === "string" && id !== "");
    return [...new Set(ids)].sort();
  } catch (error) {
    if (signal.aborted) throw new EngineError("ABORTED");
    throw mapOpenAiCompatibleError(error, context);
  }
}
