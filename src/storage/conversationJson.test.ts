import { describe, expect, it } from "vitest";
import { conversationJson } from "./conversationJson";

const message = (id: string, content: string) => ({ id, role: "assistant", content, status: "done", createdAt: 1, usage: undefined });

describe("conversationJson", () => {
  it.each([
    ["a chat", { id: "c", title: "Winds «Mistral» \u2028 \"quoted\"", createdAt: 0, updatedAt: 2, messages: [message("a", "**bold**\n```ts\nx\n```"), message("b", "")] }],
    ["a chat without messages", { id: "c", title: "Empty", messages: [] }],
    ["only messages", { messages: [message("a", "x")] }],
    ["odd message values", { id: "c", messages: [null, 3, "text", undefined] }],
    ["no messages field", { id: "c", title: "Header only", messagesLoaded: false }],
  ])("reads back as JSON.stringify's text does: %s", (_, chat) => {
    expect(JSON.parse(conversationJson(chat))).toEqual(JSON.parse(JSON.stringify(chat)));
  });

  it("stringifies each message once while it is the same object, and a replaced one again", () => {
    let reads = 0;
    const kept = {
      id: "a",
      get content() {
        reads += 1;
        return "kept";
      },
    };
    const first = { id: "c", messages: [kept, message("b", "streaming…")] };
    conversationJson(first);
    // The next save: the streaming reply is a new object, the message before it is the same one.
    const second = { ...first, messages: [kept, message("b", "streaming… more")] };
    expect(JSON.parse(conversationJson(second))).toEqual({ id: "c", messages: [{ id: "a", content: "kept" }, message("b", "streaming… more")] });
    expect(reads).toBe(1);
  });
});
