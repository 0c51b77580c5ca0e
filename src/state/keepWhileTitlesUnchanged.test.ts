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

  it("after the chats are replaced by equal ones (read at a start), reads no title but the changed chat's", () => {
    const select = keepWhileTitlesUnchanged();
    const headers = [conversation("a", "Alpha"), conversation("b", "Beta"), conversation("c", "Gamma")];
    expect(select({ conversations: headers })).toBe(headers);
    const read = headers.map((header) => conversation(header.id, header.title));
    expect(select({ conversations: read })).toBe(headers);
    // A token into chat a: the other chats are the same objects as in the list seen last.
    const titleReads: string[] = [];
    const counted = read.map((item) => {
      const copy = { ...item };
      Object.defineProperty(copy, "title", { get: () => (titleReads.push(item.id), item.title) });
      return copy;
    });
    select({ conversations: counted });
    const streamed = [conversation("a", "Alpha", "Hello"), ...counted.slice(1)];
    titleReads.length = 0;
    expect(select({ conversations: streamed })).toBe(headers);
    expect(titleReads).toEqual(["a"]);
    // And a title changed after all this is still seen.
    const renamed = streamed.map((item) => (item.id === "b" ? conversation("b", "Renamed") : item));
    expect(select({ conversations: renamed })).toBe(renamed);
  });
});
