import { get as idbGet } from "idb-keyval";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { EngineError } from "../engines/engineError";
import type { ChatChunk, ChatEngine, ChatRequest } from "../engines/types";

/** A scripted engine: each test says what the next reply streams or throws. */
let script: (request: ChatRequest, signal: AbortSignal) => AsyncGenerator<ChatChunk>;
const requests: ChatRequest[] = [];

vi.mock("../engines/engineService", () => ({
  getMistralApiEngine: async (): Promise<ChatEngine> => ({
    streamChat: (request, signal) => {
      requests.push(request);
      return script(request, signal);
    },
  }),
  listMistralApiModels: async () => ["mistral-small-latest"],
}));

const { useAppStore, partializeState, migratePersistedState, persistVersion } = await import("./store");

function lastMessage() {
  return useAppStore.getState().messages.at(-1);
}

beforeEach(async () => {
  await useAppStore.persist.rehydrate();
  useAppStore.setState({ messages: [], isGenerating: false, apiKey: "sk-test", rememberKey: false });
  requests.length = 0;
});

describe("chat slice", () => {
  it("streams a reply and records its usage", async () => {
    script = async function* () {
      yield { type: "delta", text: "Hello" };
      yield { type: "delta", text: " world" };
      yield { type: "usage", usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 } };
      yield { type: "finish", reason: "stop" };
    };
    await useAppStore.getState().sendMessage("  Hi  ");
    const [user, reply] = useAppStore.getState().messages;
    expect(user).toMatchObject({ role: "user", content: "Hi", status: "done" });
    expect(reply).toMatchObject({ role: "assistant", content: "Hello world", status: "done", finishReason: "stop" });
    expect(reply?.usage?.completionTokens).toBe(2);
    expect(requests[0]?.messages).toEqual([{ role: "user", content: "Hi" }]);
  });

  it("keeps the partial reply when stopped, and sends it as history next time", async () => {
    script = async function* (_request, signal) {
      yield { type: "delta", text: "Partial" };
      useAppStore.getState().stopGeneration();
      if (signal.aborted) throw new EngineError("ABORTED");
    };
    await useAppStore.getState().sendMessage("First");
    expect(lastMessage()).toMatchObject({ content: "Partial", status: "stopped" });
    expect(lastMessage()?.error).toBeUndefined();
    expect(useAppStore.getState().isGenerating).toBe(false);

    script = async function* () {
      yield { type: "delta", text: "Second answer" };
      yield { type: "finish", reason: "stop" };
    };
    await useAppStore.getState().sendMessage("Second");
    expect(requests[1]?.messages).toEqual([
      { role: "user", content: "First" },
      { role: "assistant", content: "Partial" },
      { role: "user", content: "Second" },
    ]);
  });

  it("marks a cut reply incomplete and keeps its text", async () => {
    script = async function* () {
      yield { type: "delta", text: "Half a" };
      throw new EngineError("STREAM_CUT");
    };
    await useAppStore.getState().sendMessage("Go");
    expect(lastMessage()).toMatchObject({ content: "Half a", status: "incomplete", error: { code: "STREAM_CUT" } });
  });

  it("turns a failure before any text into an error reply that Retry replaces", async () => {
    script = async function* () {
      yield* [];
      throw new EngineError("UNAUTHORIZED");
    };
    await useAppStore.getState().sendMessage("Go");
    expect(lastMessage()).toMatchObject({ content: "", status: "error", error: { code: "UNAUTHORIZED" } });

    script = async function* () {
      yield { type: "delta", text: "Works now" };
      yield { type: "finish", reason: "stop" };
    };
    await useAppStore.getState().retryLastReply();
    const messages = useAppStore.getState().messages;
    expect(messages).toHaveLength(2);
    expect(messages[1]).toMatchObject({ content: "Works now", status: "done" });
    // The failed reply is not sent as history.
    expect(requests[1]?.messages).toEqual([{ role: "user", content: "Go" }]);
  });

  it("ignores empty messages and sends nothing while a reply is streaming", async () => {
    await useAppStore.getState().sendMessage("   ");
    expect(useAppStore.getState().messages).toHaveLength(0);
    useAppStore.setState({ isGenerating: true });
    await useAppStore.getState().sendMessage("Hello");
    expect(useAppStore.getState().messages).toHaveLength(0);
  });
});

describe("persistence", () => {
  it("stores the key only when the person asked to remember it", async () => {
    const state = useAppStore.getState();
    expect(partializeState({ ...state, apiKey: "sk-secret", rememberKey: false })).not.toHaveProperty("apiKey");
    expect(partializeState({ ...state, apiKey: "sk-secret", rememberKey: true })).toHaveProperty("apiKey", "sk-secret");

    useAppStore.getState().setApiKey("sk-secret");
    await vi.waitFor(async () => expect(await idbGet("tramontane-state")).toBeDefined());
    expect(await idbGet("tramontane-state")).not.toContain("sk-secret");

    useAppStore.getState().setRememberKey(true);
    await vi.waitFor(async () => expect(await idbGet("tramontane-state")).toContain("sk-secret"));

    useAppStore.getState().forgetKey();
    await vi.waitFor(async () => expect(await idbGet("tramontane-state")).not.toContain("sk-secret"));
    expect(useAppStore.getState()).toMatchObject({ apiKey: "", rememberKey: false });
  });

  it("discards stored state of an unknown version instead of trusting it", () => {
    expect(migratePersistedState({ apiBaseUrl: "x" }, persistVersion)).toEqual({ apiBaseUrl: "x" });
    expect(migratePersistedState({ apiBaseUrl: "x" }, 99)).toEqual({});
  });
});
