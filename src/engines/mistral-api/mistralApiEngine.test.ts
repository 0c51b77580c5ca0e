// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeMistralServer } from "../../../e2e/fixtures/fakeMistralServer";
import { startFakeMistralServer } from "../../../e2e/fixtures/fakeMistralServer";
import { EngineError } from "../engineError";
import type { ChatChunk, ChatRequest } from "../types";
import { createMistralApiEngine, listMistralChatModels, normaliseBaseUrl, warmUpSchemas } from "./mistralApiEngine";

/** The real SDK in Node against the fake La Plateforme, which checks every request against the spec. */
let server: FakeMistralServer;

beforeAll(async () => {
  server = await startFakeMistralServer();
});
afterAll(async () => {
  expect(server.requests.flatMap((request) => request.validationErrors)).toEqual([]);
  await server.close();
});

const request: ChatRequest = {
  model: "mistral-small-latest",
  messages: [{ role: "user", content: "Hi" }],
  sampling: { temperature: 0.7, topP: 1 },
};

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

function text(chunks: ChatChunk[]): string {
  return chunks.map((chunk) => (chunk.type === "delta" ? chunk.text : "")).join("");
}

describe("Mistral API engine", () => {
  const engine = () => createMistralApiEngine({ apiKey: server.apiKey, baseUrl: `${server.url}/v1/` });

  it("streams deltas, then usage and the finish reason, sending only fields the API accepts", async () => {
    server.enqueue({ type: "reply", tokens: ["A", "B", "C"] });
    const { chunks, error } = await collect(engine().streamChat({ ...request, sampling: { temperature: 0.2, topP: 0.9, maxTokens: 50 } }, new AbortController().signal));
    expect(error).toBeUndefined();
    expect(text(chunks)).toBe("ABC");
    const usage = chunks.find((chunk) => chunk.type === "usage");
    expect(usage).toMatchObject({ type: "usage", usage: { completionTokens: 3 } });
    expect(chunks.at(-1)).toEqual({ type: "finish", reason: "stop" });
    expect(server.chatRequests().at(-1)?.body).toEqual({
      model: "mistral-small-latest",
      messages: [{ role: "user", content: "Hi" }],
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 50,
      stream: true,
    });
  });

  it("warms the SDK's schemas up with samples they accept, so every part a real message uses is built", () => {
    expect(warmUpSchemas()).toBe(true);
  });

  it("reports the max-tokens limit as finish reason length", async () => {
    server.enqueue({ type: "reply", tokens: ["1", "2", "3", "4"] });
    const { chunks } = await collect(engine().streamChat({ ...request, sampling: { temperature: 0, topP: 1, maxTokens: 2 } }, new AbortController().signal));
    expect(text(chunks)).toBe("12");
    expect(chunks.at(-1)).toEqual({ type: "finish", reason: "length" });
  });

  it("ends with STREAM_CUT after the partial text when the connection drops", async () => {
    server.enqueue({ type: "cut", tokens: ["x", "y", "z"], cutAfter: 2 });
    const { chunks, error } = await collect(engine().streamChat(request, new AbortController().signal));
    expect(text(chunks)).toBe("xy");
    expect(error?.code).toBe("STREAM_CUT");
  });

  it("ends with ABORTED when the caller aborts mid-stream", async () => {
    server.enqueue({ type: "reply", tokens: ["one", "two", "three"], holdAfter: 1 });
    const controller = new AbortController();
    const chunks: ChatChunk[] = [];
    let caught: unknown;
    try {
      for await (const chunk of engine().streamChat(request, controller.signal)) {
        chunks.push(chunk);
        controller.abort();
      }
    } catch (error) {
      caught = error;
    }
    expect(text(chunks)).toBe("one");
    expect(caught).toBeInstanceOf(EngineError);
    expect((caught as EngineError).code).toBe("ABORTED");
  });

  it.each([
    [401, "UNAUTHORIZED"],
    [429, "RATE_LIMITED"],
    [500, "NETWORK"],
  ] as const)("maps HTTP %i to %s", async (status, code) => {
    server.enqueue({ type: "status", status, retryAfterSeconds: status === 429 ? 3 : undefined });
    const { chunks, error } = await collect(engine().streamChat(request, new AbortController().signal));
    expect(chunks).toEqual([]);
    expect(error?.code).toBe(code);
    if (status === 429) expect(error?.retryAt).toBeGreaterThan(Date.now());
  });

  it("asks for the key before sending anything", async () => {
    const before = server.requests.length;
    const { error } = await collect(createMistralApiEngine({ apiKey: "", baseUrl: server.url }).streamChat(request, new AbortController().signal));
    expect(error?.code).toBe("MISSING_API_KEY");
    expect(server.requests.length).toBe(before);
  });

  it("reports an unreachable server as NETWORK", async () => {
    const { error } = await collect(createMistralApiEngine({ apiKey: "k", baseUrl: "http://127.0.0.1:9" }).streamChat(request, new AbortController().signal));
    expect(error?.code).toBe("NETWORK");
  });

  it("lists the chat models a key can use, and rejects a wrong key", async () => {
    const models = await listMistralChatModels({ apiKey: server.apiKey, baseUrl: server.url }, new AbortController().signal);
    expect(models).toContain("mistral-small-latest");
    await expect(listMistralChatModels({ apiKey: "wrong", baseUrl: server.url }, new AbortController().signal)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("normaliseBaseUrl", () => {
  it("accepts the host with or without /v1 and trailing slashes", () => {
    expect(normaliseBaseUrl("https://api.mistral.ai")).toBe("https://api.mistral.ai");
    expect(normaliseBaseUrl(" https://api.mistral.ai/v1/ ")).toBe("https://api.mistral.ai");
    expect(normaliseBaseUrl("https://gateway.example/mistral/")).toBe("https://gateway.example/mistral");
  });
});
