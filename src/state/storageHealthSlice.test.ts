import { describe, expect, it } from "vitest";
import type { Conversation } from "./conversations";
import { hasMuchToLose } from "./storageHealthSlice";

const chats = (count: number): Conversation[] => Array.from({ length: count }, (_, index) => ({ id: `${index}`, title: "", createdAt: 0, updatedAt: 0, messages: [] }));

describe("hasMuchToLose", () => {
  it("is true from ten chats, or as soon as a model is fully downloaded", () => {
    expect(hasMuchToLose({ conversations: chats(9), modelCache: {} })).toBe(false);
    expect(hasMuchToLose({ conversations: chats(10), modelCache: {} })).toBe(true);
    const partial = { state: "partial" as const, shardsStored: 1, shardsTotal: 2, bytesStored: 1, bytesTotal: 2 };
    expect(hasMuchToLose({ conversations: [], modelCache: { a: partial } })).toBe(false);
    expect(hasMuchToLose({ conversations: [], modelCache: { a: { ...partial, state: "ready" } } })).toBe(true);
  });
});
