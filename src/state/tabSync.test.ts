import { describe, expect, it } from "vitest";
import type { ChatMessageRecord } from "./chatSlice";
import type { Conversation } from "./conversations";
import { mergeConversations, startTabSync } from "./tabSync";

const message = (status: ChatMessageRecord["status"] = "done"): ChatMessageRecord => ({ id: "m", role: "assistant", content: "x", status, createdAt: 0 });
const conversation = (id: string, updatedAt: number, messages: ChatMessageRecord[] = [message()]): Conversation => ({ id, title: id, createdAt: 0, updatedAt, messages });

describe("mergeConversations", () => {
  it("takes the newer version of each conversation, adds new ones, drops deleted ones, newest first", () => {
    const local = [conversation("a", 5), conversation("b", 3), conversation("c", 1)];
    const merged = mergeConversations(local, { changed: [conversation("a", 4), conversation("b", 9), conversation("d", 7)], deleted: ["c"] });
    expect(merged.map((item) => [item.id, item.updatedAt])).toEqual([
      ["b", 9],
      ["d", 7],
      ["a", 5],
    ]);
  });

  it("never touches a conversation this tab is streaming into", () => {
    const live = conversation("a", 1, [message("streaming")]);
    const merged = mergeConversations([live], { changed: [conversation("a", 99)], deleted: ["a"] });
    expect(merged).toEqual([live]);
  });
});

const makeStore = (initial: Conversation[]) => {
  let conversations = initial;
  const listeners = new Set<() => void>();
  return {
    getConversations: () => conversations,
    setConversations: (next: Conversation[]) => {
      conversations = next;
      for (const listener of listeners) listener();
    },
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
};
describe("startTabSync", () => {
  it("sends a tab's changes and deletions to another tab, which merges them", async () => {
    const shared = conversation("shared", 1);
    const first = makeStore([shared]);
    const second = makeStore([shared]);
    const stops = [startTabSync(first, "test-sync"), startTabSync(second, "test-sync")];

    first.setConversations([conversation("new", 5), shared]);
    await expect.poll(() => second.getConversations().map((item) => item.id)).toEqual(["new", "shared"]);

    second.setConversations([conversation("new", 5)]);
    await expect.poll(() => first.getConversations().map((item) => item.id)).toEqual(["new"]);
    for (const stop of stops) stop();
  });

  it("does not send a chat whose messages were just read from storage: it is the same chat", async () => {
    const header: Conversation = { ...conversation("read", 1, []), messagesLoaded: false };
    const sender = makeStore([header]);
    const receiver = makeStore([]);
    const sent: unknown[] = [];
    const listener = new BroadcastChannel("test-sync-read");
    listener.onmessage = (event) => sent.push(event.data);
    const stops = [startTabSync(sender, "test-sync-read"), startTabSync(receiver, "test-sync-read")];
    sender.setConversations([conversation("read", 1)]);
    sender.setConversations([conversation("read", 1), conversation("new", 2)]);
    await expect.poll(() => receiver.getConversations().map((item) => item.id)).toEqual(["new"]);
    expect(sent).toEqual([{ changed: [conversation("new", 2)], deleted: [] }]);
    for (const stop of stops) stop();
    listener.close();
  });
});
