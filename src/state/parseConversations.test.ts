import { describe, expect, it } from "vitest";
import type { Conversation } from "./conversations";
import { parseConversation, parseConversationList } from "./parseConversations";

function fullConversation(): Conversation {
  return {
    id: "c1",
    title: "Bread",
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_100_000,
    settings: { systemPrompt: "Be brief.", sampling: { temperature: 0.3, topP: 0.9, maxTokens: 256 } },
    messages: [
      { id: "m1", role: "user", content: "How long to proof?", status: "done", createdAt: 1_700_000_000_000, attachments: [{ name: "notes.md", text: "Rise: 1 hour." }] },
      {
        id: "m2",
        role: "assistant",
        content: "About an hour.",
        status: "done",
        createdAt: 1_700_000_001_000,
        engine: "local",
        model: "Mistral-7B",
        usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15, timeToFirstTokenMs: 120, decodeTokensPerSecond: 30, prefillTokensPerSecond: 400 },
        finishReason: "length",
        filledContext: true,
        leftOutMessages: 2,
        otherVersions: [{ content: "An hour, or until doubled.", status: "stopped", createdAt: 1_700_000_000_500, engine: "mistral-api", model: "mistral-small-latest" }],
        versionIndex: 1,
      },
      {
        id: "m3",
        role: "assistant",
        content: "",
        status: "error",
        createdAt: 1_700_000_002_000,
        error: { code: "RATE_LIMITED", message: "Too many requests.", fix: "Wait.", retryAt: 1_700_000_003_000, detail: "429", contextOverflow: { promptTokens: 5000, contextTokens: 4096 } },
      },
    ],
  };
}

describe("parseConversation", () => {
  it("accepts a conversation with every field and returns an equal copy, not the input", () => {
    const input = fullConversation();
    const parsed = parseConversation(input);
    expect(parsed).toEqual(input);
    expect(parsed).not.toBe(input);
    expect(parsed?.messages).not.toBe(input.messages);
    expect(parsed?.messages[1]).not.toBe(input.messages[1]);
    expect(parsed?.settings?.sampling).not.toBe(input.settings?.sampling);
  });

  it("accepts a minimal conversation without optional fields", () => {
    const input = { id: "c", title: "", createdAt: 0, updatedAt: 0, messages: [] };
    expect(parseConversation(input)).toEqual(input);
  });

  it("drops unknown keys at every level instead of refusing them", () => {
    const input = { ...fullConversation(), extra: 1, messages: [{ id: "m", role: "user", content: "hi", status: "done", createdAt: 1, mood: "happy" }] };
    const parsed = parseConversation(input);
    expect(parsed).toBeDefined();
    expect(parsed).not.toHaveProperty("extra");
    expect(parsed?.messages[0]).not.toHaveProperty("mood");
  });

  it("does not let a __proto__ key from JSON reach the result", () => {
    const input: unknown = JSON.parse('{"id":"c","title":"t","createdAt":1,"updatedAt":1,"messages":[],"__proto__":{"polluted":true}}');
    const parsed = parseConversation(input);
    expect(parsed).toBeDefined();
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(parsed).not.toHaveProperty("polluted");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("turns a message still marked streaming into an incomplete one", () => {
    const input = fullConversation();
    input.messages[1] = { id: "m2", role: "assistant", content: "Abo", createdAt: 1, status: "streaming", model: "Mistral-7B" };
    expect(parseConversation(input)?.messages[1]).toEqual({ ...input.messages[1], status: "incomplete" });
    expect(input.messages[1]?.status).toBe("streaming");
  });

  it("checks the earlier versions of a regenerated reply as it checks the reply", () => {
    const input = fullConversation();
    const reply = { ...input.messages[1] };
    const streamingVersion = { content: "Ab", status: "streaming", createdAt: 1 } as const;
    expect(parseConversation({ ...input, messages: [{ ...reply, otherVersions: [streamingVersion] }] })?.messages[0]?.otherVersions).toEqual([{ ...streamingVersion, status: "incomplete" }]);
    expect(parseConversation({ ...input, messages: [{ ...reply, otherVersions: [{ content: 3, status: "done", createdAt: 1 }] }] })).toBeUndefined();
    expect(parseConversation({ ...input, messages: [{ ...reply, versionIndex: -1 }] })).toBeUndefined();
  });

  it("checks the turns kept with an earlier version as messages, however deep", () => {
    const input = fullConversation();
    const question = { ...input.messages[0] };
    const nested = { id: "m9", role: "assistant", content: "So", status: "streaming", createdAt: 2, otherVersions: [{ content: "Old", status: "done", createdAt: 1 }] } as const;
    const kept = { content: "Before the edit", status: "done", createdAt: 1, later: [nested] } as const;
    expect(parseConversation({ ...input, messages: [{ ...question, otherVersions: [kept], versionIndex: 1 }] })?.messages[0]?.otherVersions).toEqual([
      { ...kept, later: [{ ...nested, status: "incomplete" }] },
    ]);
    expect(parseConversation({ ...input, messages: [{ ...question, otherVersions: [{ ...kept, later: [{ ...nested, role: "system" }] }] }] })).toBeUndefined();
  });

  it("keeps an error whose code this version does not know, as UNKNOWN", () => {
    const input = fullConversation();
    const parsed = parseConversation({ ...input, messages: [{ ...input.messages[2], error: { code: "FROM_THE_FUTURE", message: "m", fix: "f" } }] });
    expect(parsed?.messages[0]?.error).toEqual({ code: "UNKNOWN", message: "m", fix: "f" });
  });

  const damaged: [string, (conversation: Record<string, unknown>) => unknown][] = [
    ["not an object", () => "conversation"],
    ["null", () => null],
    ["an array", () => []],
    ["an empty id", (c) => ({ ...c, id: "" })],
    ["an id over 200 characters", (c) => ({ ...c, id: "x".repeat(201) })],
    ["a numeric id", (c) => ({ ...c, id: 7 })],
    ["a title over 500 characters", (c) => ({ ...c, title: "t".repeat(501) })],
    ["a missing title", (c) => Object.fromEntries(Object.entries(c).filter(([key]) => key !== "title"))],
    ["a date that is not finite", (c) => ({ ...c, createdAt: Number.POSITIVE_INFINITY })],
    ["a date as a string", (c) => ({ ...c, updatedAt: "yesterday" })],
    ["messages that are not an array", (c) => ({ ...c, messages: {} })],
    ["a message with an unknown role", (c) => ({ ...c, messages: [{ id: "m", role: "system", content: "x", status: "done", createdAt: 1 }] })],
    ["a message with an unknown status", (c) => ({ ...c, messages: [{ id: "m", role: "user", content: "x", status: "sent", createdAt: 1 }] })],
    ["a message without content", (c) => ({ ...c, messages: [{ id: "m", role: "user", status: "done", createdAt: 1 }] })],
    ["a message from an unknown engine", (c) => ({ ...c, messages: [{ id: "m", role: "assistant", content: "x", status: "done", createdAt: 1, engine: "gpt" }] })],
    ["usage with a string count", (c) => ({ ...c, messages: [{ id: "m", role: "assistant", content: "x", status: "done", createdAt: 1, usage: { promptTokens: "1", completionTokens: 1, totalTokens: 2 } }] })],
    ["an error without a fix", (c) => ({ ...c, messages: [{ id: "m", role: "assistant", content: "", status: "error", createdAt: 1, error: { code: "UNKNOWN", message: "m" } }] })],
    ["a temperature above 2", (c) => ({ ...c, settings: { systemPrompt: "", sampling: { temperature: 2.5, topP: 1 } } })],
    ["a top-p above 1", (c) => ({ ...c, settings: { systemPrompt: "", sampling: { temperature: 1, topP: 1.5 } } })],
    ["max tokens of 0", (c) => ({ ...c, settings: { systemPrompt: "", sampling: { temperature: 1, topP: 1, maxTokens: 0 } } })],
    ["fractional max tokens", (c) => ({ ...c, settings: { systemPrompt: "", sampling: { temperature: 1, topP: 1, maxTokens: 1.5 } } })],
    ["settings without a system prompt", (c) => ({ ...c, settings: { sampling: { temperature: 1, topP: 1 } } })],
  ];
  it.each(damaged)("refuses %s", (_name, damage) => {
    expect(parseConversation(damage({ ...fullConversation() }))).toBeUndefined();
  });
});

describe("parseConversationList", () => {
  it("keeps the valid conversations and counts the others", () => {
    const good = fullConversation();
    const result = parseConversationList([good, { id: "" }, 42, { ...good, id: "c2" }]);
    expect(result.conversations.map((conversation) => conversation.id)).toEqual(["c1", "c2"]);
    expect(result.rejected).toBe(2);
  });

  it("reads undefined as an empty list and anything else that is not an array as one unreadable entry", () => {
    expect(parseConversationList(undefined)).toEqual({ conversations: [], rejected: 0 });
    expect(parseConversationList([])).toEqual({ conversations: [], rejected: 0 });
    expect(parseConversationList(null)).toEqual({ conversations: [], rejected: 1 });
    expect(parseConversationList({ 0: fullConversation() })).toEqual({ conversations: [], rejected: 1 });
    expect(parseConversationList("[]")).toEqual({ conversations: [], rejected: 1 });
  });
});
