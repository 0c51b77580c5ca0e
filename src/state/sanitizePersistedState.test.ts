import { describe, expect, it } from "vitest";
import type { PersistedState } from "./store";
import { sanitizePersistedState } from "./sanitizePersistedState";

const conversation = (id: string) => ({
  id,
  title: `Chat ${id}`,
  createdAt: 1,
  updatedAt: 2,
  messages: [{ id: `${id}-m`, role: "user", content: "hello", status: "done", createdAt: 1 }],
});

const complete: PersistedState = {
  rememberKey: true,
  apiKey: "secret",
  apiBaseUrl: "https://api.mistral.ai",
  model: "mistral-small-latest",
  sampling: { temperature: 0.7, topP: 1, maxTokens: 512 },
  engineKind: "self-hosted",
  engineChosen: true,
  localModelId: "Mistral-7B-Instruct-v0.3-q4f16_1-MLC",
  conversations: [
    { id: "a", title: "Chat a", createdAt: 1, updatedAt: 2, messages: [{ id: "a-m", role: "user", content: "hello", status: "done", createdAt: 1 }] },
  ],
  activeConversationId: "a",
  contextTokens: 8192,
  selfHostedUrl: "http://localhost:11434/v1",
  selfHostedModel: "mistral",
  persistenceNoticeDismissed: true,
};

describe("sanitizePersistedState", () => {
  it("keeps every field of a sound state, without problems", () => {
    expect(sanitizePersistedState(structuredClone(complete))).toEqual({ state: complete, problems: [] });
  });

  it("reads an empty object as nothing saved yet, and never adds keys that were absent", () => {
    const result = sanitizePersistedState({});
    expect(result).toEqual({ state: {}, problems: [] });
    // An undefined key would overwrite its default when zustand merges.
    expect(Object.keys(result.state)).toEqual([]);
  });

  it.each([null, undefined, "text", 42, [complete]])("reads %j as unreadable", (value) => {
    expect(sanitizePersistedState(value)).toEqual({ state: {}, problems: ["Your saved chats and settings could not be read."] });
  });

  it("drops settings of the wrong type, keeps the rest, and says so once in plain words", () => {
    const { state, problems } = sanitizePersistedState({
      ...complete,
      rememberKey: "yes",
      apiBaseUrl: 7,
      engineKind: "quantum",
      sampling: { temperature: 9, topP: 1 },
      contextTokens: -1,
      selfHostedModel: null,
      unknownSetting: true,
    });
    expect(state).toEqual({
      apiKey: "secret",
      model: complete.model,
      engineChosen: true,
      localModelId: complete.localModelId,
      conversations: complete.conversations,
      activeConversationId: "a",
      selfHostedUrl: complete.selfHostedUrl,
      persistenceNoticeDismissed: true,
    });
    expect(Object.keys(state)).not.toContain("contextTokens");
    expect(state).not.toHaveProperty("unknownSetting");
    expect(problems).toEqual(["Some settings could not be read and were reset to their defaults."]);
  });

  it("leaves damaged conversations out and counts them", () => {
    const { state, problems } = sanitizePersistedState({ conversations: [conversation("a"), { id: "b" }, conversation("c"), "junk"] });
    expect(state.conversations?.map((kept) => kept.id)).toEqual(["a", "c"]);
    expect(problems).toEqual(["2 conversations could not be read and were left out."]);
    expect(sanitizePersistedState({ conversations: [{}] }).problems).toEqual(["1 conversation could not be read and was left out."]);
  });

  it("reports a chat list that is not a list and leaves it out", () => {
    const { state, problems } = sanitizePersistedState({ conversations: { a: conversation("a") }, model: "m" });
    expect(state).toEqual({ model: "m" });
    expect(problems).toEqual(["Your saved chats could not be read and were left out."]);
  });

  it("reports conversation and setting problems together", () => {
    const { problems } = sanitizePersistedState({ conversations: [null], engineChosen: "no" });
    expect(problems).toHaveLength(2);
  });

  it("marks messages that were streaming when saved as incomplete", () => {
    const streaming = { ...conversation("a"), messages: [{ id: "r", role: "assistant", content: "Hal", status: "streaming", createdAt: 1 }] };
    expect(sanitizePersistedState({ conversations: [streaming] }).state.conversations?.[0]?.messages[0]?.status).toBe("incomplete");
  });

  it("opens no chat when the open one is missing, left out or not an id", () => {
    expect(sanitizePersistedState({ conversations: [conversation("a")], activeConversationId: "a" }).state.activeConversationId).toBe("a");
    expect(sanitizePersistedState({ conversations: [conversation("a")], activeConversationId: null }).state.activeConversationId).toBeNull();
    expect(sanitizePersistedState({ conversations: [conversation("a"), { id: "b" }], activeConversationId: "b" }).state.activeConversationId).toBeNull();
    expect(sanitizePersistedState({ activeConversationId: "a" }).state.activeConversationId).toBeNull();
    const notAnId = sanitizePersistedState({ conversations: [], activeConversationId: 3 });
    expect(notAnId.state.activeConversationId).toBeNull();
    expect(notAnId.problems).toEqual([]);
  });

  it("returns copies, not the stored objects", () => {
    const stored = structuredClone(complete);
    const { state } = sanitizePersistedState(stored);
    expect(state.sampling).not.toBe(stored.sampling);
    expect(state.conversations?.[0]).not.toBe(stored.conversations[0]);
  });
});
