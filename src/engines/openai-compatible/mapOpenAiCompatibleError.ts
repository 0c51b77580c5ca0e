import { EngineError } from "../engineError";
import type { ContextOverflow } from "../engineError";
import { parseRetryAfter } from "../parseRetryAfter";

/**
 * Failures of a self-hosted OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio) as
 * EngineErrors with fixes. Pure: the engine hands over what it saw (a status and body, or what
 * fetch threw), so unit tests can feed every case directly.
 */

/** An HTTP answer other than 2xx, as the engine read it. */
export interface HttpFailure {
  status: number;
  /** The Retry-After header, if any. */
  retryAfter: string | null;
  /** The response body as text ("" when unreadable). */
  body: string;
}

export interface OpenAiCompatibleErrorContext {
  /** True once the server answered 200 and the reply began: a failure after that is a cut. */
  streamStarted: boolean;
  /** The normalised base URL, named in messages so the person sees which address failed. */
  baseUrl?: string;
  /** The model asked for, named in the fix of a 404. */
  model?: string;
  /** Whether an API key was sent: a 401 without one means the server wants one. */
  hasKey?: boolean;
  now?: number;
}

const DETAIL_LIMIT = 300;

/** Browsers report a CORS refusal exactly like a server that is down, so the fix covers both. */
export const CORS_FIX =
  "Check that the server runs and the base URL in Settings. If the server runs, allow this page's origin: " +
  "Ollama — set OLLAMA_ORIGINS; vLLM — start it with --allowed-origins.";

function textOf(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** pydantic's list of `{loc, msg}` (FastAPI 422s), as one line. */
function validationLine(items: unknown[]): string {
  return items
    .map((item: unknown) => {
      if (typeof item !== "object" || item === null) return String(item);
      const { loc, msg } = item as { loc?: unknown; msg?: unknown };
      const where = Array.isArray(loc) ? loc.filter((part) => part !== "body").join(".") : "";
      return where ? `${where}: ${String(msg)}` : String(msg);
    })
    .join("; ");
}

/**
 * The server's own words, from the error shapes these servers use: OpenAI and llama.cpp
 * `{error: {message}}`, Ollama's native `{error: "..."}`, vLLM `{object: "error", message}`,
 * FastAPI `{detail}`. Shortened: it is shown as small print.
 */
export function serverMessage(body: string): string | undefined {
  if (body.trim() === "") return undefined;
  let found: string | undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === "object" && parsed !== null) {
      const record = parsed as Record<string, unknown>;
      const error = record.error;
      if (typeof error === "object" && error !== null) found = textOf((error as Record<string, unknown>).message);
      found ??= textOf(error) ?? textOf(record.message);
      found ??= Array.isArray(record.detail) ? validationLine(record.detail) : textOf(record.detail);
    }
  } catch {
    // Not JSON (a proxy's HTML page, plain text): the raw text below.
  }
  return (found ?? body.trim()).slice(0, DETAIL_LIMIT);
}

/**
 * The counts in vLLM's (and OpenAI's) refusal of a prompt too long for the context: "This model's
 * maximum context length is 4096 tokens. However, you requested 5000 tokens (4500 in the messages,
 * 500 in the completion)", "… your messages resulted in 5000 tokens", "… your request has 5000 input
 * tokens". The chat then leaves out its oldest turns (fitHistoryToContext.ts).
 */
function contextOverflowIn(text: string | undefined): ContextOverflow | undefined {
  const context = text && /maximum context length is (\d+) tokens/i.exec(text);
  const prompt = text && (/(\d+) in the messages/i.exec(text) ?? /(?:resulted in|request has|you requested) (\d+) (?:input )?tokens/i.exec(text));
  if (!context || !prompt) return undefined;
  return { promptTokens: Number(prompt[1]), contextTokens: Number(context[1]) };
}

export function mapOpenAiCompatibleHttpError(failure: HttpFailure, context: OpenAiCompatibleErrorContext): EngineError {
  const { status } = failure;
  const detail = serverMessage(failure.body);
  if (status === 401 || status === 403) {
    return new EngineError("UNAUTHORIZED", {
      message: context.hasKey === false
        ? `The server wants an API key (HTTP ${status}).`
        : `The server rejected the API key (HTTP ${status}).`,
      fix: "Set the key this server expects in Settings (the one it was started with, e.g. vLLM's --api-key).",
      detail,
    });
  }
  if (status === 404) {
    const model = context.model ? `"${context.model}"` : "the model name";
    return new EngineError("INVALID_REQUEST", {
      message: "The server does not know this model or address (HTTP 404).",
      fix:
        `Check the base URL in Settings (usually ending in /v1) and ${model}. ` +
        `With Ollama, download the model first: ollama pull ${context.model ?? "<model>"}.`,
      detail,
    });
  }
  if (status === 400 || status === 422) {
    const contextOverflow = contextOverflowIn(detail);
    return new EngineError("INVALID_REQUEST", { message: `The server did not accept the request (HTTP ${status}).`, detail, ...(contextOverflow ? { contextOverflow } : {}) });
  }
  if (status === 429) {
    const retryAt = parseRetryAfter(failure.retryAfter, context.now ?? Date.now());
    return new EngineError("RATE_LIMITED", {
      message: "Too many requests: the server's rate limit was reached.",
      retryAt,
      fix: retryAt === undefined ? "Wait a moment and retry." : "Retry when the countdown ends.",
      detail,
    });
  }
  if (status >= 500) {
    return new EngineError("NETWORK", {
      message: `The server had a problem (HTTP ${status}).`,
      fix: "Retry in a moment. If it persists, look at the server's log.",
      detail,
    });
  }
  return new EngineError("UNKNOWN", { message: `Unexpected answer from the server (HTTP ${status}).`, detail });
}

/** What fetch, or reading the body, threw. */
export function mapOpenAiCompatibleError(error: unknown, context: OpenAiCompatibleErrorContext): EngineError {
  if (error instanceof EngineError) return error;
  // By name: a DOMException is not an Error subclass in every runtime.
  if (typeof error === "object" && error !== null && (error as { name?: unknown }).name === "AbortError") {
    return new EngineError("ABORTED");
  }
  // After a 200 the reply has begun: whatever breaks now (reset, proxy timeout, garbled chunk)
  // leaves a partial reply, which STREAM_CUT keeps.
  if (context.streamStarted) {
    return new EngineError("STREAM_CUT", {
      detail: error instanceof Error ? error.message.slice(0, DETAIL_LIMIT) : undefined,
    });
  }
  // fetch rejects with a TypeError, and nothing more, for a refused connection, a DNS failure
  // and a CORS refusal alike.
  if (error instanceof TypeError) {
    const where = context.baseUrl ? ` at ${context.baseUrl}` : "";
    return new EngineError("NETWORK", {
      message: `Could not reach the server${where}, or it refused this page.`,
      fix: CORS_FIX,
      detail: error.message.slice(0, DETAIL_LIMIT),
    });
  }
  return new EngineError("UNKNOWN", { detail: error instanceof Error ? error.message.slice(0, DETAIL_LIMIT) : undefined });
}
