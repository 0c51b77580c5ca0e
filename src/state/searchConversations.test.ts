import { describe, expect, it } from "vitest";
import type { ChatMessageRecord } from "./chatSlice";
import type { Conversation } from "./conversations";
import { searchConversations } from "./searchConversations";

const message = (content: string): ChatMessageRecord => ({ id: content, role: "user", content, status: "done", createdAt: 0 });
const chat = (title: string, ...contents: string[]): Conversation => ({ id: title, title, createdAt: 0, updatedAt: 0, messages: contents.map(message) });

describe("searchConversations", () => {
  const list = [
    chat("Winds of France", "Tell me about the mistral."),
    chat("Recipes", "How do I make a crème brûlée for six people this weekend, with a blowtorch or without one?"),
    chat("Code", "Write a Python function"),
  ];

  it("matches titles and message text, ignoring case and accents, in list order", () => {
    expect(searchConversations(list, "FRANCE").map((hit) => hit.conversation.title)).toEqual(["Winds of France"]);
    expect(searchConversations(list, "creme brulee").map((hit) => hit.conversation.title)).toEqual(["Recipes"]);
    expect(searchConversations(list, "on").map((hit) => hit.conversation.title)).toEqual(["Recipes", "Code"]);
  });

  it("shows where a message matched, shortened around the match", () => {
    const [hit] = searchConversations(list, "blowtorch");
    expect(hit?.snippet).toContain("with a blowtorch or");
    expect(hit?.snippet?.startsWith("…")).toBe(true);
    expect(searchConversations(list, "Winds")[0]?.snippet).toBeUndefined();
  });

  it("matches the names of files sent with a message, not their text", () => {
    const withFile: Conversation = { ...chat("Meeting"), messages: [{ ...message("Summarize this"), attachments: [{ name: "Minutes-Zéphyr.txt", text: "Budget approved." }] }] };
    expect(searchConversations([...list, withFile], "zephyr").map((hit) => [hit.conversation.title, hit.snippet])).toEqual([["Meeting", "Minutes-Zéphyr.txt"]]);
    expect(searchConversations([...list, withFile], "budget")).toEqual([]);
  });

  it("lists everything for an empty query and nothing for no match", () => {
    expect(searchConversations(list, "  ")).toHaveLength(3);
    expect(searchConversations(list, "tramontane")).toEqual([]);
  });
});
