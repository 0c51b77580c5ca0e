import { describe, expect, it } from "vitest";
import type { Conversation } from "./conversations";
import { keepWhileTitlesUnchanged } from "./keepWhileTitlesUnchanged";

const conversation = (id: string, title: string, text = ""): Conversation => ({
  id,
  title,
  createdAt: 1,
  updatedAt: 1,
  messages: text ? [{ id: `${id}-m`, role: "assistant", content: text, status: "streaming", createdAt: 1 }] : [],
});

describe("keepWhileTitlesUnchanged", () => {
  it("gives the same list back while only messages change (a streamed token)", () => {
    const select = keepWhileTitlesUnchanged();
    const first = [conversation("a", "Alpha", "Hel"), conversation("b", "Beta")];
    expect(select({ conversations: first })).toBe(first);
    expect(select({ conversations: [conversation("a", "Alpha", "Hello"), first[1]] })).toBe(first);
  });

  it.each([
    ["a title changes", [conversation("a", "Renamed"), conversation("b", "Beta")]],
    ["the order changes", [conversation("b", "Beta"), conversation("a", "Alpha")]],
    ["a chat is added", [conversation("c", "Gamma"), conversation("a", "Alpha"), conversation("b", "Beta")]],
    ["a chat is deleted", [conversation("a", "Alpha")]],
  ])("gives the new list when %s", (_change, next) => {
    const select = keepWhileTitlesUnchanged();
    select({ conversations: [conversation("a", "Alpha"), conversation("b", "Beta")] });
    expect(select({ conversations: next })).toBe(next);
    // And keeps that one from then on.
    expect(select({ conversations: [...next] })).toBe(next);
  });
});
