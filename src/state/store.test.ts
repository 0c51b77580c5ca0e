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

/** The local engine service, scripted the same way; loads succeed at once unless told otherwise. */
const localCalls: string[] = [];
let loadResult: () => Promise<{ modelId: string; contextWindowTokens: number }> = async () => ({
  modelId: "Mistral-7B-Instruct-v0.3-q4f32_1-MLC",
  contextWindowTokens: 4096,
});
vi.mock("../engines/localEngineService", () => ({
  loadLocalModel: async (modelId: string) => {
    localCalls.push(`load ${modelId}`);
    return loadResult();
  },
  unloadLocalModel: async () => {
    localCalls.push("unload");
  },
  restartLocalEngine: (reason: EngineError) => {
    localCalls.push(`restart ${reason.code}`);
  },
  getLocalChatEngine: (): ChatEngine => ({
    streamChat: (request, signal) => {
      requests.push(request);
      return script(request, signal);
    },
  }),
}));

const { selectActiveMessages } = await import("./conversations");
const { useAppStore, partializeState, migratePersistedState, mergePersistedState } = await import("./store");

function activeMessages() {
  return selectActiveMessages(useAppStore.getState());
}

function lastMessage() {
  return activeMessages().at(-1);
}

beforeEach(async () => {
  await useAppStore.persist.rehydrate();
  useAppStore.setState({
    conversations: [],
    activeConversationId: null,
    isGenerating: false,
    apiKey: "sk-test",
    rememberKey: false,
    engineKind: "mistral-api",
    localModelId: undefined,
    localEngine: { status: "idle" },
    gpu: {
      status: "known",
      facts: {
        webgpu: true,
        adapterFound: true,
        shaderF16: false,
        limits: { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 30, maxComputeWorkgroupStorageSize: 32768, maxStorageBuffersPerShaderStage: 10 },
      },
    },
  });
  requests.length = 0;
  localCalls.length = 0;
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
    const [user, reply] = activeMessages();
    expect(user).toMatchObject({ role: "user", content: "Hi", status: "done" });
    expect(reply).toMatchObject({ role: "assistant", content: "Hello world", status: "done", finishReason: "stop" });
    expect(reply?.usage?.completionTokens).toBe(2);
    expect(requests[0]?.messages).toEqual([{ role: "user", content: "Hi" }]);
  });

  it("writes the finished reply at once, without waiting for the coalescing interval", async () => {
    // A first change writes at once and opens a 300 ms window in which further changes wait.
    await useAppStore.getState().sendMessage("Warm up");
    script = async function* () {
      yield { type: "delta", text: "Saved" };
      yield { type: "delta", text: " straight away" };
      yield { type: "finish", reason: "stop" };
    };
    await useAppStore.getState().sendMessage("Then this");
    // The flush when the reply ends is asynchronous (IndexedDB); a few ticks, far below 300 ms.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const { activeConversationId } = useAppStore.getState();
    const stored = JSON.parse(String(await idbGet(`tramontane-state:conversation:${activeConversationId}`))) as { messages: { content: string; status: string }[] };
    expect(stored.messages.at(-1)).toMatchObject({ content: "Saved straight away", status: "done" });
  });

  it("hands a burst of tokens to the store once per frame, and shows text while the reply streams", async () => {
    let release: () => void = () => undefined;
    const paused = new Promise<void>((resolve) => (release = resolve));
    script = async function* () {
      for (let token = 0; token < 50; token += 1) yield { type: "delta", text: `t${token} ` };
      // The model pauses: what came so far is on screen by the next frame.
      await paused;
      yield { type: "delta", text: "end" };
      yield { type: "finish", reason: "stop" };
    };
    const replyTexts: string[] = [];
    const stopWatching = useAppStore.subscribe((state, previous) => {
      if (state.conversations === previous.conversations) return;
      const reply = selectActiveMessages(state).at(-1);
      if (reply?.role === "assistant" && replyTexts.at(-1) !== reply.content) replyTexts.push(reply.content);
    });
    const sending = useAppStore.getState().sendMessage("Burst");
    await vi.waitFor(() => expect(lastMessage()?.content).toContain("t49"));
    release();
    await sending;
    stopWatching();
    // 51 tokens, a handful of updates: the 50 of the burst arrived within one frame or two.
    expect(replyTexts.length).toBeLessThanOrEqual(4);
    expect(lastMessage()).toMatchObject({ content: `${Array.from({ length: 50 }, (_, token) => `t${token} `).join("")}end`, status: "done" });
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

  it("treats Stop before the first word as stopped, not as an error", async () => {
    script = async function* (_request, signal) {
      yield* [];
      useAppStore.getState().stopGeneration();
      if (signal.aborted) throw new EngineError("ABORTED");
    };
    await useAppStore.getState().sendMessage("Hi");
    expect(lastMessage()).toMatchObject({ content: "", status: "stopped" });
    expect(lastMessage()?.error).toBeUndefined();
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
    const messages = activeMessages();
    expect(messages).toHaveLength(2);
    expect(messages[1]).toMatchObject({ content: "Works now", status: "done" });
    // The failed reply is not sent as history.
    expect(requests[1]?.messages).toEqual([{ role: "user", content: "Go" }]);
  });

  it("ignores empty messages and sends nothing while a reply is streaming", async () => {
    await useAppStore.getState().sendMessage("   ");
    expect(activeMessages()).toHaveLength(0);
    useAppStore.setState({ isGenerating: true });
    await useAppStore.getState().sendMessage("Hello");
    expect(activeMessages()).toHaveLength(0);
  });
});

describe("conversations", () => {
  it("starts a conversation with the first message, keeps a reply in it when another is opened, and undoes a delete", async () => {
    let release: () => void = () => undefined;
    script = async function* () {
      yield { type: "delta", text: "First " };
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      yield { type: "delta", text: "answer" };
      yield { type: "finish", reason: "stop" };
    };
    const sending = useAppStore.getState().sendMessage("What is the mistral?");
    await vi.waitFor(() => expect(lastMessage()?.content).toBe("First "));
    const first = useAppStore.getState().conversations[0];
    expect(first).toMatchObject({ title: "What is the mistral?" });

    useAppStore.getState().newConversation();
    expect(activeMessages()).toEqual([]);
    release();
    await sending;
    expect(useAppStore.getState().conversations[0]?.messages.at(-1)).toMatchObject({ content: "First answer", status: "done" });

    useAppStore.getState().deleteConversation(first?.id ?? "");
    expect(useAppStore.getState().conversations).toHaveLength(0);
    useAppStore.getState().undoDelete();
    expect(useAppStore.getState().conversations.map((item) => item.id)).toEqual([first?.id]);
    expect(useAppStore.getState().activeConversationId).toBe(first?.id);
  });
});

describe("chat on the local engine", () => {
  it("loads the model for this GPU before the first reply, then streams from it", async () => {
    useAppStore.getState().selectEngine("local");
    script = async function* () {
      yield { type: "delta", text: "Local answer" };
      yield { type: "usage", usage: { promptTokens: 5, completionTokens: 2, totalTokens: 7, prefillTokensPerSecond: 300, decodeTokensPerSecond: 40 } };
      yield { type: "finish", reason: "stop" };
    };
    await useAppStore.getState().sendMessage("Hello");
    expect(localCalls).toContain("load Mistral-7B-Instruct-v0.3-q4f32_1-MLC");
    expect(useAppStore.getState().localEngine).toMatchObject({ status: "ready", modelId: "Mistral-7B-Instruct-v0.3-q4f32_1-MLC" });
    expect(lastMessage()).toMatchObject({ content: "Local answer", status: "done", model: "Mistral-7B-Instruct-v0.3-q4f32_1-MLC" });
    expect(requests[0]?.model).toBe("Mistral-7B-Instruct-v0.3-q4f32_1-MLC");
  });

  it("keeps the partial reply when the GPU is lost mid-reply, and restarts the engine", async () => {
    useAppStore.getState().selectEngine("local");
    script = async function* () {
      yield { type: "delta", text: "Half" };
      throw new EngineError("DEVICE_LOST");
    };
    await useAppStore.getState().sendMessage("Hello");
    expect(lastMessage()).toMatchObject({ content: "Half", status: "incomplete", error: { code: "DEVICE_LOST" } });
    expect(localCalls).toContain("restart DEVICE_LOST");
    expect(useAppStore.getState().localEngine).toMatchObject({ status: "error", error: { code: "DEVICE_LOST" } });
  });

  it("turns a failed load into an error reply and sends nothing", async () => {
    useAppStore.getState().selectEngine("local");
    loadResult = async () => {
      throw new EngineError("NETWORK");
    };
    await useAppStore.getState().sendMessage("Hello");
    expect(lastMessage()).toMatchObject({ status: "error", error: { code: "NETWORK" } });
    expect(requests).toHaveLength(0);
    loadResult = async () => ({ modelId: "Mistral-7B-Instruct-v0.3-q4f32_1-MLC", contextWindowTokens: 4096 });
  });

  it("refuses the f16 build without shader-f16 before loading anything", async () => {
    useAppStore.getState().selectEngine("local");
    useAppStore.getState().selectLocalModel("Mistral-7B-Instruct-v0.3-q4f16_1-MLC");
    await useAppStore.getState().sendMessage("Hello");
    expect(lastMessage()).toMatchObject({ status: "error", error: { code: "NO_SHADER_F16" } });
    expect(localCalls.filter((call) => call.startsWith("load"))).toEqual([]);
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

  it("keeps what can be read from corrupt stored state, and says what was left out", () => {
    const current = useAppStore.getState();
    const good = { id: "c1", title: "Kept", createdAt: 1, updatedAt: 2, messages: [{ id: "m1", role: "user", content: "Hi", status: "done", createdAt: 1 }] };
    const merged = mergePersistedState(
      migratePersistedState({ apiBaseUrl: "https://example.test", engineKind: "warp-drive", conversations: [good, { id: 42 }], activeConversationId: "c1" }),
      current,
    );
    expect(merged.apiBaseUrl).toBe("https://example.test");
    expect(merged.engineKind).toBe(current.engineKind);
    expect(merged.conversations.map((conversation) => conversation.title)).toEqual(["Kept"]);
    expect(merged.activeConversationId).toBe("c1");
    expect(merged.readProblems.join(" ")).toMatch(/1 conversation .*could not be read/);
    expect(merged.readProblems.join(" ")).toMatch(/settings could not be read/);
    // A first visit (nothing stored) is not a problem.
    expect(mergePersistedState(undefined, current)).toBe(current);
  });

  it("shows a failed save until the next good one, without a save loop", () => {
    const changes: unknown[] = [];
    const unsubscribe = useAppStore.subscribe((state) => changes.push(state.saveError));
    useAppStore.getState().reportSaveResult({ ok: false, message: "Full" });
    useAppStore.getState().reportSaveResult({ ok: false, message: "Full" });
    expect(useAppStore.getState().saveError).toBe("Full");
    useAppStore.getState().reportSaveResult({ ok: true });
    useAppStore.getState().reportSaveResult({ ok: true });
    unsubscribe();
    expect(changes).toEqual(["Full", undefined]);
  });
});
