import { describe, expect, it } from "vitest";
import { EngineError } from "../engineError";
import type { ChatChunk, ChatEngine, ChatRequest } from "../types";
import type { MistralApiConfig, MistralApiWorkerEvent, MistralApiWorkerRequest } from "./mistralApiProtocol";
import { createMistralApiWorkerHandler } from "./mistralApiWorkerHandler";
import type { MistralApiHandlerDependencies } from "./mistralApiWorkerHandler";

const config: MistralApiConfig = { apiKey: "key", baseUrl: "https://api.example.test" };
const usage = { promptTokens: 5, completionTokens: 3, totalTokens: 8 };

/** An engine that plays `script`; "wait" holds the stream until the call's signal aborts, as the SDK does. */
function scriptedEngine(script: (ChatChunk | "wait" | Error)[], seen: ChatRequest[] = []): ChatEngine {
  return {
    async *streamChat(request, signal) {
      seen.push(request);
      for (const step of script) {
        if (step === "wait") {
          if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
          throw new EngineError("ABORTED");
        }
        if (step instanceof Error) throw step;
        yield step;
      }
    },
  };
}

function startHandler(overrides: Partial<MistralApiHandlerDependencies> & { engine?: ChatEngine }) {
  const events: MistralApiWorkerEvent[] = [];
  const handle = createMistralApiWorkerHandler(
    {
      createEngine: async () => overrides.engine ?? scriptedEngine([]),
      listModels: overrides.listModels ?? (async () => ["mistral-small-latest"]),
      warmUp: overrides.warmUp ?? (async () => undefined),
      explain: overrides.explain ?? (async (error) => error),
    },
    (event) => events.push(event),
  );
  /** Waits until an event that ends call `id` (its result or error) has been posted. */
  const ended = async (id: number) => {
    for (let waited = 0; waited < 200; waited += 1) {
      const end = events.find((event) => event.id === id && (event.kind === "result" || event.kind === "error"));
      if (end) return end;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`call ${id} never ended`);
  };
  return { events, handle, ended };
}

const generate = (id: number): MistralApiWorkerRequest => ({
  id,
  method: "generate",
  args: { model: "mistral-small-latest", config, messages: [{ role: "user", content: "Hi" }], sampling: { temperature: 0.7, topP: 1 } },
});

describe("the Mistral API worker's handler", () => {
  it("streams a reply: its first text at once, the rest of a burst as one message, then its end with usage", async () => {
    const seen: ChatRequest[] = [];
    const { events, handle, ended } = startHandler({
      engine: scriptedEngine(
        [
          { type: "delta", text: "Bon" },
          { type: "delta", text: "jour" },
          { type: "delta", text: " !" },
          { type: "usage", usage },
          { type: "finish", reason: "length" },
        ],
        seen,
      ),
    });
    handle(generate(1));
    expect(await ended(1)).toEqual({ kind: "result", id: 1, method: "generate", result: { finishReason: "length", usage } });
    expect(events.filter((event) => event.kind === "delta")).toEqual([
      { kind: "delta", id: 1, text: "Bon" },
      { kind: "delta", id: 1, text: "jour !" },
    ]);
    expect(seen).toEqual([{ model: "mistral-small-latest", messages: [{ role: "user", content: "Hi" }], sampling: { temperature: 0.7, topP: 1 } }]);
  });

  it("stop ends only the call it names: the reply keeps its text and reports 'abort'; the other call goes on", async () => {
    let finishListing: (models: string[]) => void = () => {};
    const { events, handle, ended } = startHandler({
      engine: scriptedEngine([{ type: "delta", text: "Partial" }, "wait"]),
      listModels: () => new Promise((resolve) => (finishListing = resolve)),
    });
    handle(generate(1));
    handle({ id: 2, method: "listModels", args: { config } });
    // The reply has begun (its first text is out) before it is stopped.
    await new Promise((resolve) => setTimeout(resolve, 20));
    handle({ id: 3, method: "stop", args: { callId: 1 } });
    expect(await ended(1)).toEqual({ kind: "result", id: 1, method: "generate", result: { finishReason: "abort" } });
    expect(events.filter((event) => event.kind === "delta")).toEqual([{ kind: "delta", id: 1, text: "Partial" }]);
    expect(events.some((event) => event.id === 2)).toBe(false);
    finishListing(["mistral-large-latest"]);
    expect(await ended(2)).toEqual({ kind: "result", id: 2, method: "listModels", result: ["mistral-large-latest"] });
  });

  it("an error crosses as data, after the text received before it", async () => {
    const rateLimited = new EngineError("RATE_LIMITED", { retryAt: 1_700_000_000_000 });
    const { events, handle, ended } = startHandler({ engine: scriptedEngine([{ type: "delta", text: "Cut here" }, rateLimited]) });
    handle(generate(1));
    const end = await ended(1);
    expect(end).toEqual({ kind: "error", id: 1, error: rateLimited.toData() });
    expect(events.map((event) => event.kind)).toEqual(["delta", "error"]);
  });

  it("a failure is explained where the worker knows more (a connection its security policy refused)", async () => {
    const explained: [string, MistralApiConfig][] = [];
    const { handle, ended } = startHandler({
      engine: scriptedEngine([new EngineError("NETWORK")]),
      explain: async (error, usedConfig) => {
        explained.push([error.code, usedConfig]);
        return new EngineError("BLOCKED_BY_POLICY", { detail: `Blocked: ${usedConfig.baseUrl}` });
      },
    });
    handle(generate(1));
    expect(await ended(1)).toMatchObject({ kind: "error", id: 1, error: { code: "BLOCKED_BY_POLICY", detail: "Blocked: https://api.example.test" } });
    expect(explained).toEqual([["NETWORK", config]]);
  });

  it("anything else thrown becomes an UNKNOWN error with its message as detail", async () => {
    const { handle, ended } = startHandler({ listModels: async () => Promise.reject(new TypeError("boom")) });
    handle({ id: 4, method: "listModels", args: { config } });
    expect(await ended(4)).toMatchObject({ kind: "error", id: 4, error: { code: "UNKNOWN", detail: "boom" } });
  });

  it("warmUp answers once the SDK is ready", async () => {
    let warmed = false;
    const { handle, ended } = startHandler({
      warmUp: async () => {
        warmed = true;
      },
    });
    handle({ id: 5, method: "warmUp", args: {} });
    expect(await ended(5)).toEqual({ kind: "result", id: 5, method: "warmUp", result: null });
    expect(warmed).toBe(true);
  });
});
