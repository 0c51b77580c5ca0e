// @vitest-environment node
import { createServer } from "node:http";
import type { RequestListener } from "node:http";
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { startFakeOpenAiServer } from "../../../e2e/fixtures/fakeOpenAiServer";
import { closedPort } from "../../../e2e/fixtures/loopbackServer";
import type { FakeOpenAiServer, FakeOpenAiServerOptions } from "../../../e2e/fixtures/fakeOpenAiServer";
import { EngineError } from "../engineError";
import type { ChatChunk, ChatRequest } from "../types";
import { createOpenAiCompatibleEngine, listOpenAiCompatibleModels, normaliseOpenAiBaseUrl, readChunk } from "./openAiCompatibleEngine";

/** Plain fetch in Node against a fake that answers as Ollama's /v1 does. */
let server: FakeOpenAiServer;

beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(async () => {
  expect(server.requests.flatMap((request) => request.validationErrors)).toEqual([]);
  await server.close();
});

const request: ChatRequest = {
  model: "mistral:latest",
  messages: [{ role: "user", content: "Salut" }],
  sampling: { temperature: 0.7, topP: 1 },
};
const signal = (): AbortSignal => new AbortController().signal;

async function collect(stream: AsyncIterable<ChatChunk>): Promise<{ chunks: ChatChunk[]; error?: EngineError }> {
  const chunks: ChatChunk[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
    return { chunks };
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return { chunks, error };
  }
}

/** One chat through a fresh engine for `baseUrl`. */
function chatWith(baseUrl: string, options: { apiKey?: string; request?: ChatRequest; signal?: AbortSignal } = {}) {
  const engine = createOpenAiCompatibleEngine({ baseUrl, apiKey: options.apiKey });
  return collect(engine.streamChat(options.request ?? request, options.signal ?? signal()));
}

/** One SSE event carrying a minimal chunk, for the hand-made servers below. */
function delta(content: string, finish: string | null = null): string {
  return `data: ${JSON.stringify({ choices: [{ delta: { content }, finish_reason: finish }] })}\n\n`;
}

function text(chunks: ChatChunk[]): string {
  return chunks.map((chunk) => (chunk.type === "delta" ? chunk.text : "")).join("");
}

/** A one-off server for answers the fake does not give; closed when the test ends. */
async function serve(handler: RequestListener): Promise<string> {
  const raw = createServer(handler);
  await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
  const address = raw.address();
  if (address === null || typeof address === "string") throw new Error("no address");
  onTestFinished(async () => {
    raw.closeAllConnections();
    await new Promise((resolve) => raw.close(resolve));
  });
  return `http://127.0.0.1:${address.port}`;
}

/** A fake with options of its own; closed when the test ends. */
async function ownFake(options: FakeOpenAiServerOptions): Promise<FakeOpenAiServer> {
  const fake = await startFakeOpenAiServer(options);
  onTestFinished(() => fake.close());
  return fake;
}

/** A chat in which Stop is pressed as soon as the first chunk arrives. */
function chatStoppedAtFirstChunk(baseUrl: string) {
  const controller = new AbortController();
  const stream = createOpenAiCompatibleEngine({ baseUrl }).streamChat(request, controller.signal);
  return collect(
    (async function* () {
      for await (const chunk of stream) {
        yield chunk;
        controller.abort();
      }
    })(),
  );
}

describe("OpenAI-compatible engine against the fake Ollama", () => {
  it("streams deltas, then usage with timings and the finish reason, sending the request as specified", async () => {
    server.enqueue({ type: "reply", tokens: ["A", "B", "C"] });
    const { chunks, error } = await chatWith(server.url, { request: { ...request, sampling: { temperature: 0.2, topP: 0.9, maxTokens: 50 } } });
    expect(error).toBeUndefined();
    expect(chunks.map((chunk) => chunk.type)).toEqual(["delta", "delta", "delta", "usage", "finish"]);
    expect(text(chunks)).toBe("ABC");
    const usage = chunks.find((chunk) => chunk.type === "usage");
    expect(usage).toMatchObject({ usage: { promptTokens: 1, completionTokens: 3, totalTokens: 4, timeToFirstTokenMs: expect.any(Number) } });
    expect(chunks.at(-1)).toEqual({ type: "finish", reason: "stop" });
    const sent = server.chatRequests().at(-1);
    expect(sent?.path).toBe("/v1/chat/completions");
    expect(sent?.body).toEqual({
      model: "mistral:latest",
      messages: [{ role: "user", content: "Salut" }],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 50,
    });
    expect(sent?.headers["content-type"]).toBe("application/json");
    expect(sent?.headers.authorization).toBeUndefined();
    expect(Object.keys(sent?.headers ?? {}).filter((name) => name.startsWith("x-"))).toEqual([]);
  });

  it("sends the key as a bearer token, whatever form the base URL takes", async () => {
    const keyed = await ownFake({ requireKey: "sk-local" });
    for (const baseUrl of [keyed.url, `${keyed.url}/`, `${keyed.url}/v1`, `${keyed.url}/v1/`]) {
      const { chunks, error } = await chatWith(baseUrl, { apiKey: "sk-local" });
      expect(error, baseUrl).toBeUndefined();
      expect(chunks.at(-1)).toEqual({ type: "finish", reason: "stop" });
    }
    expect(keyed.chatRequests().map((r) => r.headers.authorization)).toEqual(Array(4).fill("Bearer sk-local"));
    const refused = await chatWith(keyed.url);
    expect(refused.error?.code).toBe("UNAUTHORIZED");
    expect(refused.error?.fix).toMatch(/key/);
  });

  it("reports the max-tokens limit as finish reason length", async () => {
    server.enqueue({ type: "reply", tokens: ["1", "2", "3"] });
    const { chunks } = await chatWith(server.url, { request: { ...request, sampling: { temperature: 0, topP: 1, maxTokens: 2 } } });
    expect(text(chunks)).toBe("12");
    expect(chunks.at(-1)).toEqual({ type: "finish", reason: "length" });
  });

  it("ends with ABORTED when the caller aborts mid-stream", async () => {
    server.enqueue({ type: "reply", tokens: ["one", "two", "three"], holdAfter: 1 });
    const { chunks, error } = await chatStoppedAtFirstChunk(server.url);
    expect(text(chunks)).toBe("one");
    expect(error?.code).toBe("ABORTED");
  });

  it("ends with STREAM_CUT after the partial text when the connection drops", async () => {
    server.enqueue({ type: "cut", tokens: ["x", "y", "z"], cutAfter: 2 });
    const { chunks, error } = await chatWith(server.url);
    expect(text(chunks)).toBe("xy");
    expect(error?.code).toBe("STREAM_CUT");
  });

  it.each([
    [401, "UNAUTHORIZED"],
    [429, "RATE_LIMITED"],
    [500, "NETWORK"],
  ] as const)("maps HTTP %i to %s", async (status, code) => {
    server.enqueue({ type: "status", status, retryAfterSeconds: status === 429 ? 3 : undefined });
    const { chunks, error } = await chatWith(server.url);
    expect(chunks).toEqual([]);
    expect(error?.code).toBe(code);
    if (status === 429) expect(error?.retryAt).toBeGreaterThan(Date.now());
    if (status === 500) expect(error?.message).toBe("The server had a problem (HTTP 500).");
  });

  it("maps a model the server lacks to INVALID_REQUEST with Ollama's words and the pull command", async () => {
    const picky = await ownFake({ models: ["mistral:latest"] });
    const { error } = await chatWith(picky.url, { request: { ...request, model: "magistral" } });
    expect(error?.code).toBe("INVALID_REQUEST");
    expect(error?.message).toMatch(/does not know this model or address/);
    expect(error?.detail).toBe('model "magistral" not found, try pulling it first');
    expect(error?.fix).toContain("ollama pull magistral");
  });

  it("reports a refused connection as NETWORK with the CORS hint", async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}`;
    const { error } = await chatWith(baseUrl);
    expect(error?.code).toBe("NETWORK");
    expect(error?.message).toContain(`Could not reach the server at ${baseUrl}/v1`);
    expect(error?.fix).toContain("OLLAMA_ORIGINS");
    expect(error?.fix).toContain("--allowed-origins");
  });

  it("refuses a base URL that is no http(s) URL before sending anything", async () => {
    const { error } = await chatWith("ftp://host");
    expect(error?.code).toBe("INVALID_REQUEST");
  });

  it("lists the server's models sorted, and maps a refusal", async () => {
    const models = await listOpenAiCompatibleModels({ baseUrl: `${server.url}/v1/` }, signal());
    expect(models).toEqual(["mistral-nemo:latest", "mistral-small3.2:latest", "mistral:latest"]);
    const sent = server.requests.at(-1);
    expect(sent).toMatchObject({ method: "GET", path: "/v1/models" });
    expect(sent?.headers["content-type"]).toBeUndefined();
    const keyed = await ownFake({ requireKey: "k" });
    await expect(listOpenAiCompatibleModels({ baseUrl: keyed.url }, signal())).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("OpenAI-compatible engine with odd servers and stream endings", () => {
  it("explains a web page answering instead of an API", async () => {
    const url = await serve((_, res) => res.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html>"));
    const { error } = await chatWith(url);
    expect(error?.code).toBe("INVALID_REQUEST");
    expect(error?.message).toContain("text/html");
  });

  it("accepts a server that ignores stream and answers one JSON body", async () => {
    const message = { role: "assistant", content: "tout" };
    const body = { choices: [{ index: 0, message, finish_reason: "length" }], usage: { prompt_tokens: 2, completion_tokens: 1 } };
    const url = await serve((_, res) => res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(body)));
    const { chunks, error } = await chatWith(url);
    expect(error).toBeUndefined();
    expect(chunks).toEqual([
      { type: "delta", text: "tout" },
      { type: "usage", usage: expect.objectContaining({ promptTokens: 2, completionTokens: 1, totalTokens: 3 }) },
      { type: "finish", reason: "length" },
    ]);
  });

  it("keeps the text and the server's words when an error arrives mid-stream", async () => {
    const failure = 'data: {"object":"error","message":"CUDA out of memory","type":"InternalServerError"}\n\n';
    const url = await serve((_, res) => res.writeHead(200, { "Content-Type": "text/event-stream" }).end(delta("part") + failure));
    const broken = await chatWith(url);
    expect(text(broken.chunks)).toBe("part");
    expect(broken.error?.code).toBe("STREAM_CUT");
    expect(broken.error?.detail).toBe("CUDA out of memory");
  });

  it("finishes when only [DONE] is missing, but reports a clean end without a finish reason as STREAM_CUT", async () => {
    const replies = [delta("whole", "stop"), delta("half") + "data: [DONE]\n\n"];
    const url = await serve((_, res) => res.writeHead(200, { "Content-Type": "text/event-stream" }).end(replies.shift()));
    expect((await chatWith(url)).chunks).toEqual([{ type: "delta", text: "whole" }, { type: "finish", reason: "stop" }]);
    const cut = await chatWith(url);
    expect(text(cut.chunks)).toBe("half");
    expect(cut.error?.code).toBe("STREAM_CUT");
  });

  it("finishes when the connection breaks after the finish reason, losing only what came after", async () => {
    const url = await serve((_, res) => {
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      // A FIN inside the chunked body: the client sees the body fail, after the finish chunk.
      res.write(delta("done") + delta("", "stop"), () => res.socket?.end());
    });
    const { chunks, error } = await chatWith(url);
    expect(error).toBeUndefined();
    expect(chunks).toEqual([{ type: "delta", text: "done" }, { type: "finish", reason: "stop" }]);
  });

  it("ends with ABORTED, not the server's error, when stopped while an error body is still coming", async () => {
    const controller = new AbortController();
    const realFetch = globalThis.fetch;
    // The Stop lands right after the headers arrived, while the engine reads the error body.
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (...args) => {
      const response = await realFetch(...args);
      controller.abort();
      return response;
    });
    onTestFinished(() => spy.mockRestore());
    const url = await serve((_, res) => void res.writeHead(500, { "Content-Type": "application/json" }).write("{"));
    expect((await chatWith(url, { signal: controller.signal })).error?.code).toBe("ABORTED");
  });

  it("yields nothing more after a Stop, even events already received in the same network chunk", async () => {
    // One write holding three events, and the response left open, as a slow server would.
    const url = await serve((_, res) => void res.writeHead(200, { "Content-Type": "text/event-stream" }).write(delta("a") + delta("b") + delta("c")));
    const { chunks, error } = await chatStoppedAtFirstChunk(url);
    expect(text(chunks)).toBe("a");
    expect(error?.code).toBe("ABORTED");
  });
});

describe("readChunk", () => {
  it("tolerates empty choices, missing content and extra fields", () => {
    expect(readChunk({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 }, extra: 1 })).toEqual({
      text: "",
      usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 },
    });
    expect(readChunk({ choices: [{ delta: { role: "assistant" }, finish_reason: null, logprobs: null }] })).toEqual({ text: "" });
    expect(readChunk({ choices: [{ delta: { content: "x" }, finish_reason: "eos" }] })).toEqual({ text: "x", finishReason: "stop" });
    expect(readChunk(null)).toEqual({ text: "" });
  });
});

describe("normaliseOpenAiBaseUrl", () => {
  it("adds /v1 to a bare host and keeps a given path", () => {
    const inputs = ["http://localhost:11434", "http://localhost:11434/", "http://localhost:11434/v1", " http://localhost:11434/v1/ "];
    for (const input of [...inputs, "localhost:11434", "http://localhost:11434/v1/chat/completions"]) {
      expect(normaliseOpenAiBaseUrl(input), input).toBe("http://localhost:11434/v1");
    }
    expect(normaliseOpenAiBaseUrl("https://gateway.example/openai/v1/")).toBe("https://gateway.example/openai/v1");
    expect(normaliseOpenAiBaseUrl("http://localhost:3000/api")).toBe("http://localhost:3000/api");
  });
});
