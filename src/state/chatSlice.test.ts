import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ChatEngine, ChatRequest } from "../engines/types";
import type { ChatMessageRecord } from "./chatSlice";

/** An engine that answers "Reply N" to the Nth request and records what it was sent. */
const requests: ChatRequest[] = [];
vi.mock("../engines/engineService", () => ({
  getMistralApiEngine: async (): Promise<ChatEngine> => ({
    async *streamChat(request) {
      requests.push(request);
      yield { type: "delta", text: `Reply ${requests.length}` };
      yield { type: "finish", reason: "stop" };
    },
  }),
  listMistralApiModels: async () => ["mistral-small-latest"],
}));

const { selectActiveMessages } = await import("./conversations");
const { toEngineMessages } = await import("./chatSlice");
const { useAppStore } = await import("./store");

const { messageVersions } = await import("./messageVersions");

const store = () => useAppStore.getState();
/** The open chat's reply (its second message). */
function theReply(): ChatMessageRecord {
  const reply = selectActiveMessages(store())[1];
  if (!reply) throw new Error("the chat has no reply");
  return reply;
}
/** Replaces the open chat's reply (its second message) as a test needs it. */
const updateReply = (reply: ChatMessageRecord) =>
  useAppStore.setState((state) => ({
    conversations: state.conversations.map((conversation) =>
      conversation.id === state.activeConversationId ? { ...conversation, messages: conversation.messages.map((message) => (message.id === reply.id ? reply : message)) } : conversation,
    ),
  }));
const texts = () => selectActiveMessages(store()).map((message) => `${message.role}: ${message.content}`);

beforeEach(async () => {
  await useAppStore.persist.rehydrate();
  useAppStore.setState({
    conversations: [],
    activeConversationId: null,
    newChatSettings: undefined,
    isGenerating: false,
    apiKey: "sk-test",
    engineKind: "mistral-api",
    sampling: { temperature: 0.7, topP: 1 },
  });
  requests.length = 0;
});

describe("message actions", () => {
  it("edits a message and resends it: the later turns are no longer shown or sent", async () => {
    await store().sendMessage("First");
    await store().sendMessage("Second");
    const first = selectActiveMessages(store())[0];
    await store().editAndResend(first?.id ?? "", "  First, edited ");
    expect(texts()).toEqual(["user: First, edited", "assistant: Reply 3"]);
    expect(requests.at(-1)?.messages).toEqual([{ role: "user", content: "First, edited" }]);
  });

  it("regenerates the last reply", async () => {
    await store().sendMessage("Hi");
    await store().retryLastReply();
    expect(texts()).toEqual(["user: Hi", "assistant: Reply 2"]);
    expect(requests[1]?.messages).toEqual([{ role: "user", content: "Hi" }]);
  });

  it("keeps every version of a regenerated reply; the one shown is the one the model sees next", async () => {
    await store().sendMessage("Hi");
    await store().retryLastReply();
    await store().retryLastReply();
    const reply = theReply;
    const versions = () => messageVersions(reply());
    expect(versions().versions.map((version) => version.content)).toEqual(["Reply 1", "Reply 2", "Reply 3"]);
    expect(versions().shown).toBe(2);
    // Each regeneration saw the question only, not the versions before it.
    expect(requests.map((request) => request.messages)).toEqual([1, 2, 3].map(() => [{ role: "user", content: "Hi" }]));

    store().showMessageVersion(reply().id, 0);
    expect(texts()).toEqual(["user: Hi", "assistant: Reply 1"]);
    expect(versions().versions.map((version) => version.content)).toEqual(["Reply 1", "Reply 2", "Reply 3"]);
    expect(versions().shown).toBe(0);
    await store().sendMessage("And then?");
    expect(requests.at(-1)?.messages).toEqual([
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Reply 1" },
      { role: "user", content: "And then?" },
    ]);
  });

  it("keeps the turns that followed an edited message with its earlier version, and brings them back", async () => {
    await store().sendMessage("First");
    await store().sendMessage("Second");
    const first = () => selectActiveMessages(store())[0];
    await store().editAndResend(first()?.id ?? "", "First, edited");
    expect(texts()).toEqual(["user: First, edited", "assistant: Reply 3"]);
    expect(messageVersions(first() ?? theReply()).shown).toBe(1);

    store().showMessageVersion(first()?.id ?? "", 0);
    expect(texts()).toEqual(["user: First", "assistant: Reply 1", "user: Second", "assistant: Reply 2"]);
    await store().sendMessage("Third");
    expect(requests.at(-1)?.messages).toEqual([
      { role: "user", content: "First" },
      { role: "assistant", content: "Reply 1" },
      { role: "user", content: "Second" },
      { role: "assistant", content: "Reply 2" },
      { role: "user", content: "Third" },
    ]);
    store().showMessageVersion(first()?.id ?? "", 1);
    expect(texts()).toEqual(["user: First, edited", "assistant: Reply 3"]);
    store().showMessageVersion(first()?.id ?? "", 0);
    expect(texts()).toEqual(["user: First", "assistant: Reply 1", "user: Second", "assistant: Reply 2", "user: Third", "assistant: Reply 4"]);
  });

  it("going back to an earlier version of a reply the chat went on from sets the later turns aside with the newer version", async () => {
    await store().sendMessage("Hi");
    await store().retryLastReply();
    await store().sendMessage("More");
    store().showMessageVersion(theReply().id, 0);
    expect(texts()).toEqual(["user: Hi", "assistant: Reply 1"]);
    store().showMessageVersion(theReply().id, 1);
    expect(texts()).toEqual(["user: Hi", "assistant: Reply 2", "user: More", "assistant: Reply 3"]);
  });

  it("shows a version whole: what the newer one had and the older did not goes", async () => {
    await store().sendMessage("Hi");
    const first = theReply();
    updateReply({ ...first, usage: undefined, finishReason: "length", model: "model-a" });
    await store().retryLastReply();
    const reply = theReply;
    updateReply({ ...reply(), usage: { promptTokens: 1, completionTokens: 2, totalTokens: 3 }, model: "model-b" });
    store().showMessageVersion(reply().id, 0);
    expect(reply()).toMatchObject({ content: "Reply 1", finishReason: "length", model: "model-a" });
    expect(reply().usage).toBeUndefined();
    store().showMessageVersion(reply().id, 1);
    expect(reply()).toMatchObject({ content: "Reply 2", model: "model-b", usage: { totalTokens: 3 } });
    expect(reply().finishReason).toBe("stop");
  });

  it("does not keep a version without text, and switches nothing while a reply is streaming", async () => {
    await store().sendMessage("Hi");
    const first = theReply();
    updateReply({ ...first, content: "", status: "error" });
    await store().retryLastReply();
    expect(messageVersions(theReply()).versions).toHaveLength(1);
    await store().retryLastReply();
    const reply = theReply();
    useAppStore.setState({ isGenerating: true });
    store().showMessageVersion(reply.id, 0);
    expect(texts()).toEqual(["user: Hi", "assistant: Reply 3"]);
  });

  it("deletes a message, undoes it, and never sends two turns of one role in a row", async () => {
    await store().sendMessage("One");
    await store().sendMessage("Two");
    const reply = selectActiveMessages(store())[1];
    store().deleteMessage(reply?.id ?? "");
    expect(texts()).toEqual(["user: One", "user: Two", "assistant: Reply 2"]);
    store().undoDeleteMessage();
    expect(texts()).toEqual(["user: One", "assistant: Reply 1", "user: Two", "assistant: Reply 2"]);

    store().deleteMessage(reply?.id ?? "");
    await store().sendMessage("Three");
    expect(requests.at(-1)?.messages).toEqual([
      { role: "user", content: "One\n\nTwo" },
      { role: "assistant", content: "Reply 2" },
      { role: "user", content: "Three" },
    ]);
  });
});

describe("attached files", () => {
  it("sends a message's files to the model, fenced and named, and keeps them apart from its text", async () => {
    const notes = { name: "notes.md", text: "# Notes\n```js\nrun()\n```" };
    await store().sendMessage("  What do these say? ", [notes]);
    const [sent] = selectActiveMessages(store());
    expect(sent).toMatchObject({ content: "What do these say?", attachments: [notes] });
    expect(requests[0]?.messages).toEqual([{ role: "user", content: 'File "notes.md":\n````\n# Notes\n```js\nrun()\n```\n````\n\nWhat do these say?' }]);

    // Later turns send it again, as part of the history.
    await store().sendMessage("And then?");
    expect(requests[1]?.messages[0]?.content).toContain("# Notes");
  });

  it("sends files without text, and names a new chat after the first file", async () => {
    await store().sendMessage("   ", [{ name: "report.txt", text: "All good." }]);
    expect(requests[0]?.messages).toEqual([{ role: "user", content: 'File "report.txt":\n```\nAll good.\n```' }]);
    expect(store().conversations[0]?.title).toBe("report.txt");
    await store().sendMessage("   ");
    expect(requests).toHaveLength(1);
  });
});

describe("per-chat settings", () => {
  it("sends the chat's system prompt and sampling, chosen before its first message", async () => {
    store().updateChatSettings({ systemPrompt: "Answer in French.", sampling: { temperature: 0.2, topP: 0.9, maxTokens: 100 } });
    await store().sendMessage("Hello");
    expect(requests[0]).toMatchObject({
      messages: [
        { role: "system", content: "Answer in French." },
        { role: "user", content: "Hello" },
      ],
      sampling: { temperature: 0.2, topP: 0.9, maxTokens: 100 },
    });
    // A new chat starts again from the defaults.
    store().newConversation();
    await store().sendMessage("Again");
    expect(requests[1]).toMatchObject({ messages: [{ role: "user", content: "Again" }], sampling: { temperature: 0.7, topP: 1 } });
  });

  it("changes one chat's settings without touching the others, unless made the default", async () => {
    await store().sendMessage("A");
    const chatA = store().activeConversationId;
    store().newConversation();
    await store().sendMessage("B");
    store().updateChatSettings({ systemPrompt: "Be brief.", sampling: { temperature: 1.2, topP: 1 } });
    store().openConversation(chatA ?? "");
    await store().sendMessage("A again");
    expect(requests.at(-1)).toMatchObject({ sampling: { temperature: 0.7 } });
    expect(requests.at(-1)?.messages[0]).toEqual({ role: "user", content: "A" });

    store().updateChatSettings({ systemPrompt: "", sampling: { temperature: 0.3, topP: 0.5 } }, { makeDefault: true });
    expect(store().sampling).toEqual({ temperature: 0.3, topP: 0.5 });
  });

  it("records which engine and model wrote each reply", async () => {
    await store().sendMessage("Hi");
    expect(selectActiveMessages(store())[1]).toMatchObject({ engine: "mistral-api", model: store().model });
  });

  it("renames a chat, ignoring an empty name", async () => {
    await store().sendMessage("Hi");
    const id = store().activeConversationId ?? "";
    store().renameConversation(id, "  Greetings  ");
    store().renameConversation(id, "   ");
    expect(store().conversations[0]?.title).toBe("Greetings");
  });
});

describe("toEngineMessages", () => {
  it("leaves out failed and streaming replies and adds the system prompt first", () => {
    const base = { createdAt: 0 };
    const result = toEngineMessages(
      [
        { ...base, id: "1", role: "user", content: "Q", status: "done" },
        { ...base, id: "2", role: "assistant", content: "", status: "error" },
        { ...base, id: "3", role: "user", content: "Q2", status: "done" },
        { ...base, id: "4", role: "assistant", content: "partial", status: "streaming" },
      ],
      " Be kind. ",
    );
    expect(result).toEqual([
      { role: "system", content: "Be kind." },
      { role: "user", content: "Q\n\nQ2" },
    ]);
  });
});
