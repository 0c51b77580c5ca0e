import { describe, expect, it } from "vitest";
import { EngineError } from "../engineError";
import { mapOpenAiCompatibleError, mapOpenAiCompatibleHttpError, serverMessage } from "./mapOpenAiCompatibleError";
import type { OpenAiCompatibleErrorContext } from "./mapOpenAiCompatibleError";

const now = Date.UTC(2026, 10, 24, 12, 0, 0);
const context: OpenAiCompatibleErrorContext = {
  streamStarted: false,
  baseUrl: "http://localhost:11434/v1",
  model: "mistral:7b",
  hasKey: true,
  now,
};

function http(status: number, body = "", retryAfter: string | null = null): EngineError {
  return mapOpenAiCompatibleHttpError({ status, body, retryAfter }, context);
}

describe("serverMessage", () => {
  it.each([
    ["OpenAI, llama.cpp and Ollama's /v1", '{"error":{"message":"bad top_p","type":"invalid_request_error"}}', "bad top_p"],
    ["Ollama's native API", '{"error":"model \\"x\\" not found, try pulling it first"}', 'model "x" not found, try pulling it first'],
    ["vLLM", '{"object":"error","message":"max_tokens is too large","type":"BadRequestError","code":400}', "max_tokens is too large"],
    ["a bare message", '{"message":"nope"}', "nope"],
    ["FastAPI's detail string", '{"detail":"Not Found"}', "Not Found"],
    ["FastAPI's validation list", '{"detail":[{"loc":["body","top_p"],"msg":"must be ≤ 1"}]}', "top_p: must be ≤ 1"],
    ["plain text", "404 page not found\n", "404 page not found"],
  ])("reads %s", (_, body, expected) => {
    expect(serverMessage(body)).toBe(expected);
  });

  it("gives nothing for an empty body and falls back to the raw JSON when no message is in it", () => {
    expect(serverMessage("  ")).toBeUndefined();
    expect(serverMessage('{"error":{"code":1}}')).toBe('{"error":{"code":1}}');
  });

  it("never lets a huge body through", () => {
    expect(serverMessage("x".repeat(10_000))).toHaveLength(300);
    expect(serverMessage(JSON.stringify({ error: { message: "y".repeat(10_000) } }))).toHaveLength(300);
  });
});

describe("mapOpenAiCompatibleHttpError", () => {
  it("maps 401 and 403 to UNAUTHORIZED with a fix about the server's key", () => {
    for (const status of [401, 403]) {
      const error = http(status, '{"error":{"message":"Incorrect API key provided."}}');
      expect(error.code).toBe("UNAUTHORIZED");
      expect(error.message).toContain(`HTTP ${status}`);
      expect(error.fix).toMatch(/key/i);
      expect(error.detail).toBe("Incorrect API key provided.");
    }
  });

  it("says the server wants a key when none was sent", () => {
    expect(mapOpenAiCompatibleHttpError({ status: 401, body: "", retryAfter: null }, { ...context, hasKey: false }).message).toMatch(
      /wants an API key/,
    );
  });

  it("maps 404 to INVALID_REQUEST naming the model and how Ollama gets it", () => {
    const error = http(404, '{"error":{"message":"model \\"mistral:7b\\" not found, try pulling it first","type":"not_found_error"}}');
    expect(error.code).toBe("INVALID_REQUEST");
    expect(error.message).toMatch(/does not know this model or address/);
    expect(error.fix).toContain("base URL");
    expect(error.fix).toContain("ollama pull mistral:7b");
    expect(error.detail).toBe('model "mistral:7b" not found, try pulling it first');
  });

  it.each([400, 422])("maps %i to INVALID_REQUEST with the server's words", (status) => {
    const error = http(status, '{"object":"error","message":"This model\'s maximum context length is 4096 tokens."}');
    expect(error.code).toBe("INVALID_REQUEST");
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.detail).toBe("This model's maximum context length is 4096 tokens.");
    expect(error.contextOverflow).toBeUndefined();
  });

  it.each([
    ["This model's maximum context length is 8192 tokens. However, you requested 8203 tokens (7691 in the messages, 512 in the completion). Please reduce the length of the messages or completion.", 7691],
    ["This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens. Please reduce the length of the messages.", 9000],
    ["This model's maximum context length is 8192 tokens. However, your request has 9100 input tokens. Please reduce the length of the input messages.", 9100],
  ])("reads the token counts of a prompt too long for the context: %s", (message, promptTokens) => {
    const error = http(400, JSON.stringify({ object: "error", message, type: "BadRequestError", code: 400 }));
    expect(error.contextOverflow).toEqual({ promptTokens, contextTokens: 8192 });
  });

  it("maps 429 to RATE_LIMITED honouring Retry-After, or without a countdown", () => {
    const timed = http(429, "", "7");
    expect(timed.code).toBe("RATE_LIMITED");
    expect(timed.retryAt).toBe(now + 7000);
    expect(timed.fix).toMatch(/countdown/);
    const untimed = http(429);
    expect(untimed.retryAt).toBeUndefined();
    expect(untimed.fix).not.toMatch(/countdown/);
  });

  it.each([500, 502, 503])("maps %i to NETWORK naming the status", (status) => {
    const error = http(status, "upstream down");
    expect(error.code).toBe("NETWORK");
    expect(error.message).toBe(`The server had a problem (HTTP ${status}).`);
    expect(error.detail).toBe("upstream down");
  });

  it("maps other statuses to UNKNOWN", () => {
    expect(http(418).code).toBe("UNKNOWN");
  });
});

describe("mapOpenAiCompatibleError", () => {
  it("maps fetch's TypeError before a reply to NETWORK, naming the address and explaining CORS", () => {
    const error = mapOpenAiCompatibleError(new TypeError("Failed to fetch"), context);
    expect(error.code).toBe("NETWORK");
    expect(error.message).toContain("Could not reach the server at http://localhost:11434/v1");
    expect(error.fix).toContain("If the server runs, allow this page's origin: Ollama — set OLLAMA_ORIGINS; vLLM — start it with --allowed-origins");
  });

  it("maps any failure after the reply began to STREAM_CUT", () => {
    const started = { ...context, streamStarted: true };
    expect(mapOpenAiCompatibleError(new TypeError("terminated"), started).code).toBe("STREAM_CUT");
    expect(mapOpenAiCompatibleError(new SyntaxError("Unexpected token"), started).code).toBe("STREAM_CUT");
  });

  it("maps aborts, keeps EngineErrors and turns the rest into UNKNOWN", () => {
    expect(mapOpenAiCompatibleError(new DOMException("aborted", "AbortError"), context).code).toBe("ABORTED");
    const original = new EngineError("INVALID_REQUEST");
    expect(mapOpenAiCompatibleError(original, { ...context, streamStarted: true })).toBe(original);
    expect(mapOpenAiCompatibleError("weird", context).code).toBe("UNKNOWN");
  });
});
