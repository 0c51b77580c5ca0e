import { beforeEach, describe, expect, it, vi } from "vitest";
import { EngineError } from "../engines/engineError";
import type { ChatEngine, ChatRequest } from "../engines/types";
import type { ChatMessageRecord } from "./chatSlice";

/**
 * An engine whose context holds `contextTokens` characters (a token per character). A longer
 * prompt is refused with the counts, as web-llm and llama.cpp do; otherwise it replies
 * `replyText`, cut at the length limit where the context fills up before its end.
 */
const engine = { contextTokens: 100, replyText: "A reply thirty characters long" };
const requests: ChatRequest[] = [];
const fakeEngine: ChatEngine = {
  async *streamChat(request) {
    requests.push(request);
    const promptTokens = request.messages.reduce((sum, message) => sum + message.content.length, 0);
    if (promptTokens > engine.contextTokens) {
      throw new EngineError("INVALID_REQUEST", { message: "Too long.", contextOverflow: { promptTokens, contextTokens: engine.contextTokens } });
    }
    const room = engine.contextTokens - promptTokens;
    const text = engine.replyText.slice(0, room);
    yield { type: "delta", text };
    yield { type: "usage", usage: { promptTokens, completionTokens: text.length, totalTokens: promptTokens + text.length } };
    yield { type: "finish", reason: text.length < engine.replyText.length ? "length" : "stop" };
  },
};
vi.mock("./prepareEngine", () => ({
  prepareEngine: async () => ({ engine: fakeEngine, model: "tiny", contextTokens: engine.contextTokens }),
}));

const { filledTheContext, foreseenOverflow, historyStartAfterOverflow, historyStartOf, replyRoomTokens } = await import("./fitHistoryToContext");
const { selectActiveMessages } = await import("./conversations");
const { useAppStore } = await import("./store");
const store = () => useAppStore.getState();

function turns(lengths: number[]): ChatMessageRecord[] {
  return lengths.map((length, index) => ({
    id: `m${index}`,
    role: index % 2 === 0 ? "user" : "assistant",
    content: "x".repeat(length),
    status: "done",
    createdAt: index,
  }));
}

describe("historyStartAfterOverflow", () => {
  // Ten messages of 100 characters refused as 5,000 tokens: 5 tokens a character. A 4,096-token
  // context keeps 1,024 for the reply, so the prompt may take 3,072 tokens: 614 characters.
  const chat = turns(Array.from({ length: 10 }, () => 100));
  const overflow = { promptTokens: 5000, contextTokens: 4096 };

  it("starts at the earliest of the person's messages from which the estimate leaves room for a reply", () => {
    expect(historyStartAfterOverflow(chat, 0, "", overflow)).toBe(4);
  });

  it("keeps less room for the reply when max tokens is lower, and counts the system prompt", () => {
    expect(replyRoomTokens(4096, 50)).toBe(50);
    expect(historyStartAfterOverflow(chat, 0, "", overflow, 50)).toBe(2);
    // 200 characters of system prompt: 1,200 characters were refused as 5,000 tokens.
    expect(historyStartAfterOverflow(chat, 0, "s".repeat(200), overflow, 50)).toBe(4);
  });

  it("leaves out the messages the engine is not sent (failed and empty replies)", () => {
    const withFailures = turns([100, 0, 100, 0, 100, 0, 100]);
    // 400 characters refused as 800 tokens in a 400-token context: 150 characters fit.
    expect(historyStartAfterOverflow(withFailures, 0, "", { promptTokens: 800, contextTokens: 400 })).toBe(6);
    expect(historyStartAfterOverflow(withFailures, 0, "", { promptTokens: 440, contextTokens: 400 })).toBe(4);
  });

  it("falls back to the person's last message, and gives up once the history starts there", () => {
    expect(historyStartAfterOverflow(chat, 0, "", { promptTokens: 50_000, contextTokens: 4096 })).toBe(8);
    expect(historyStartAfterOverflow(chat, 8, "", overflow)).toBeUndefined();
    expect(historyStartAfterOverflow(turns([100]), 0, "", overflow)).toBeUndefined();
  });
});

describe("historyStartOf", () => {
  const chat = turns([10, 10, 10, 10, 10]).map((message, index) => (index === 3 ? { ...message, engine: "local" as const, model: "Mistral-7B", leftOutMessages: 2 } : message));

  it("starts where the latest reply of the same engine and model started", () => {
    expect(historyStartOf(chat, { engine: "local", model: "Mistral-7B" })).toBe(2);
    expect(historyStartOf(chat, { engine: "local", model: "Ministral-3B" })).toBe(0);
    expect(historyStartOf(chat, { engine: "mistral-api", model: "Mistral-7B" })).toBe(0);
  });

  it("starts at the beginning when that start is no longer a message of the person", () => {
    const shifted = chat.filter((message) => message.id !== "m0");
    expect(historyStartOf(shifted, { engine: "local", model: "Mistral-7B" })).toBe(0);
  });

  it("starts where the reply being regenerated started", () => {
    const replaced = { ...turns([10, 10])[1], engine: "local" as const, model: "Mistral-7B", leftOutMessages: 4 } as ChatMessageRecord;
    expect(historyStartOf(chat, { engine: "local", model: "Mistral-7B", replaced })).toBe(4);
  });
});

describe("foreseenOverflow", () => {
  // Questions of 100 characters, replies of 300; the last reply filled a 1,000-token context.
  const chat = turns([100, 300, 100, 300, 100]);
  const filled = { reply: { content: "x".repeat(300), filledContext: true as const }, historyEnd: 3 };

  it("estimates the next prompt from what filled the context", () => {
    // 800 characters made 1,000 tokens; the next prompt is 900 characters: 1,125 tokens.
    expect(foreseenOverflow(chat, 0, "", filled, 1000)).toEqual({ promptTokens: 1125, contextTokens: 1000 });
  });

  it("foresees nothing after a reply that did not fill the context, or without the context's size", () => {
    expect(foreseenOverflow(chat, 0, "", { ...filled, reply: { content: filled.reply.content } }, 1000)).toBeUndefined();
    expect(foreseenOverflow(chat, 0, "", filled, undefined)).toBeUndefined();
  });

  it("tells a reply cut because the context was full from one cut at max tokens", () => {
    const usage = { promptTokens: 500, completionTokens: 300, totalTokens: 800 };
    expect(filledTheContext({ finishReason: "length" }, undefined)).toBe(true);
    expect(filledTheContext({ finishReason: "length", usage }, 400)).toBe(true);
    expect(filledTheContext({ finishReason: "length", usage }, 300)).toBe(false);
    expect(filledTheContext({ finishReason: "length" }, 300)).toBe(false);
    expect(filledTheContext({ finishReason: "stop", usage }, undefined)).toBe(false);
  });

  it("foresees nothing when the history left leaves room for a reply", () => {
    // From the second question: 500 characters, 625 tokens, within the 750 the prompt may take.
    expect(foreseenOverflow(chat, 2, "", filled, 1000)).toBeUndefined();
  });
});

describe("a chat longer than the model's context", () => {
  beforeEach(async () => {
    await useAppStore.persist.rehydrate();
    useAppStore.setState({ conversations: [], activeConversationId: null, isGenerating: false, apiKey: "sk-test", engineKind: "mistral-api", sampling: { temperature: 0.7, topP: 1 } });
    requests.length = 0;
    engine.replyText = "A reply thirty characters long";
  });
  const question = (n: number) => `Question ${n}, twenty ch`.slice(0, 20);
  const firstSent = () => requests.map((request) => request.messages[0]?.content);
  const replies = () => selectActiveMessages(store()).filter((message) => message.role === "assistant");

  it("keeps going: the model sees the newest turns that fit, and the reply says how many it did not see", async () => {
    // 20-character questions and 30-character replies in a 100-token context (75 for the prompt).
    await store().sendMessage(question(1));
    await store().sendMessage(question(2));
    expect(firstSent()).toEqual([question(1), question(1)]);

    // 120 tokens: refused, then sent from the second question on.
    await store().sendMessage(question(3));
    expect(firstSent().slice(2)).toEqual([question(1), question(2)]);
    expect(replies().map((reply) => [reply.status, reply.leftOutMessages])).toEqual([
      ["done", undefined],
      ["done", undefined],
      ["done", 2],
    ]);

    // The next turn starts where the last one did (not from the first message again), and is cut further.
    await store().sendMessage(question(4));
    expect(firstSent().slice(4)).toEqual([question(2), question(3)]);
    expect(replies().at(-1)).toMatchObject({ status: "done", content: engine.replyText, leftOutMessages: 4 });
  });

  it("after a reply cut short because the context filled up, Regenerate and the next turn leave out the oldest turns beforehand", async () => {
    // 20-character questions, 40-character replies: the second reply has 20 tokens of room.
    engine.replyText = "A reply of forty characters, every time.";
    await store().sendMessage(question(1));
    await store().sendMessage(question(2));
    expect(replies().at(-1)).toMatchObject({ finishReason: "length", filledContext: true, content: engine.replyText.slice(0, 20) });

    // Sent the same history, it would be cut again: the first question and its reply are left out.
    await store().retryLastReply();
    expect(requests.at(-1)?.messages).toEqual([{ role: "user", content: question(2) }]);
    expect(replies().at(-1)).toMatchObject({ finishReason: "stop", content: engine.replyText, leftOutMessages: 2 });

    // Shown again, the cut reply is the one the next turn follows: the cut is made before sending, not after a refusal.
    store().showMessageVersion(replies().at(-1)?.id ?? "", 0);
    const sent = requests.length;
    await store().sendMessage(question(3));
    expect(requests.slice(sent).map((request) => request.messages[0]?.content)).toEqual([question(2)]);
    expect(replies().at(-1)).toMatchObject({ finishReason: "stop", leftOutMessages: 2 });
  });

  it("says so in plain words when the person's message alone is too long", async () => {
    await store().sendMessage("y".repeat(150));
    const [, reply] = selectActiveMessages(store());
    expect(reply?.status).toBe("error");
    expect(reply?.error?.message).toBe("Your message is too long for the model's context: it makes about 150 tokens, and the context holds 100.");
    expect(requests).toHaveLength(1);
  });
});
