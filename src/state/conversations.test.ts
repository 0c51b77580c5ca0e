import { describe, expect, it } from "vitest";
import type { ChatMessageRecord } from "./chatSlice";
import type { Conversation } from "./conversations";
import { conversationsToSave, selectActiveMessages, titleFrom, withMessageChanged, withUpdatedMessages } from "./conversations";

const message = (id: string, status: ChatMessageRecord["status"] = "done"): ChatMessageRecord => ({ id, role: "assistant", content: id, status, createdAt: 0 });
const conversation = (id: string, messages: ChatMessageRecord[] = []): Conversation => ({ id, title: id, createdAt: 0, updatedAt: 0, messages });

describe("conversations", () => {
  it("titles a chat from the first line of its first message, shortened at a word", () => {
    expect(titleFrom("  What is the mistral?\nAnd the tramontane?")).toBe("What is the mistral?");
    expect(titleFrom("Tell me everything about the winds of southern France and how they shape the vineyards")).toBe(
      "Tell me everything about the winds of southern France and…",
    );
    expect(titleFrom("   ")).toBe("New chat");
  });

  it("moves the conversation that changed to the top", () => {
    const list = [conversation("a"), conversation("b"), conversation("c")];
    const updated = withUpdatedMessages(list, "c", (messages) => [...messages, message("x")], 42);
    expect(updated.map((item) => item.id)).toEqual(["c", "a", "b"]);
    expect(updated[0]).toMatchObject({ updatedAt: 42, messages: [{ id: "x" }] });
    expect(withUpdatedMessages(list, "missing", () => [], 1)).toBe(list);
    // Already first: stays first, the others keep their order.
    const again = withUpdatedMessages(updated, "c", (messages) => messages, 43);
    expect(again.map((item) => item.id)).toEqual(["c", "a", "b"]);
    expect(again[0]?.updatedAt).toBe(43);
  });

  it("changes one message into a new object in a new array, leaving the others the same objects", () => {
    const messages = [message("a"), message("b"), message("c")];
    const changed = withMessageChanged(messages, "b", (item) => ({ content: `${item.content}!` }));
    expect(changed.map((item) => item.content)).toEqual(["a", "b!", "c"]);
    expect(changed[0]).toBe(messages[0]);
    expect(changed[2]).toBe(messages[2]);
    expect(messages[1]?.content).toBe("b");
    expect(withMessageChanged(messages, "missing", () => ({ content: "x" }))).toBe(messages);
  });

  it("saves a streaming reply as incomplete and leaves the rest as it is", () => {
    const streaming = conversation("a", [message("done"), message("live", "streaming")]);
    const quiet = conversation("b", [message("old")]);
    const saved = conversationsToSave([streaming, quiet]);
    expect(saved[0]?.messages.map((item) => item.status)).toEqual(["done", "incomplete"]);
    expect(saved[1]).toBe(quiet);
    expect(streaming.messages[1]?.status).toBe("streaming");
  });

  it("selects the active conversation's messages, none for a new chat", () => {
    const list = [conversation("a", [message("m")])];
    expect(selectActiveMessages({ conversations: list, activeConversationId: "a" })).toHaveLength(1);
    expect(selectActiveMessages({ conversations: list, activeConversationId: null })).toEqual([]);
  });
});
