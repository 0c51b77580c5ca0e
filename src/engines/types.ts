/**
 * The contract every engine (web-llm in a worker, the Mistral API, self-hosted servers) fulfils.
 * The store talks to engines only through this shape, so an engine can be swapped without the UI
 * knowing.
 */

export type ChatRole = "system" | "user" | "assistant";

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** Sampling settings a person can change; every engine maps them to its own request fields. */
export interface SamplingSettings {
  temperature: number;
  topP: number;
  /** Upper bound on the reply's length in tokens; undefined lets the engine decide. */
  maxTokens?: number;
}

export interface ChatRequest {
  /** Model id as the engine knows it (e.g. "mistral-small-latest"). */
  model: string;
  messages: ChatMessage[];
  sampling: SamplingSettings;
}

/** Token counts and timings of one reply. Timings are measured where the engine can. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Milliseconds from sending the request to the first token of the reply. */
  timeToFirstTokenMs?: number;
  /** Tokens per second while the reply was streaming (after the first token). */
  decodeTokensPerSecond?: number;
  /** Prompt tokens per second, where the engine measures prefill separately (local engines). */
  prefillTokensPerSecond?: number;
}

/** Why a reply ended without an error. "length" means the max-tokens limit was reached. */
export type FinishReason = "stop" | "length";

export type ChatChunk =
  | { type: "delta"; text: string }
  | { type: "usage"; usage: Usage }
  | { type: "finish"; reason: FinishReason };

export interface ChatEngine {
  /**
   * Streams the reply. Aborting `signal` ends the stream with an `EngineError` whose code is
   * "ABORTED"; every other failure is an `EngineError` too, with a fix a person can act on.
   * A stream that ends without a "finish" chunk was cut short.
   */
  streamChat(request: ChatRequest, signal: AbortSignal): AsyncIterable<ChatChunk>;
}
