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
    expect(changesIn(sent)).toEqual([{ changed: [conversation("new", 2)], deleted: [] }]);
    for (const stop of stops) stop();
    listener.close();
  });
});

/** The messages that carry changes, without their sender's id. */
function changesIn(messages: unknown[]) {
  return messages.flatMap((message) => {
    const { changed, deleted } = message as { changed: Conversation[]; deleted: string[] };
    return changed.length > 0 || deleted.length > 0 ? [{ changed, deleted }] : [];
  });
}

/** A channel that records what it hears and says nothing (a stand-in for nobody). */
function eavesdrop(channelName: string) {
  const heard: unknown[] = [];
  const channel = new BroadcastChannel(channelName);
  channel.onmessage = (event) => heard.push(event.data);
  return { heard, close: () => channel.close() };
}

/** Longer than a tab waits before sending what changed (200 ms). */
const sendWindow = () => new Promise((resolve) => setTimeout(resolve, 500));

describe("startTabSync sends only while another tab is there", () => {
  it("a lone tab sends no changes, however its chats change", async () => {
    const ear = eavesdrop("alone");
    const tab = makeStore([conversation("a", 1)]);
    const stop = startTabSync(tab, "alone");
    tab.setConversations([conversation("a", 2), conversation("b", 3)]);
    await sendWindow();
    tab.setConversations([conversation("b", 3)]);
    await sendWindow();
    expect(ear.heard).toHaveLength(1);
    expect(ear.heard[0]).toMatchObject({ changed: [], deleted: [], hello: true });
    stop();
    ear.close();
  });

  it("a tab that starts later hears every change from then on, and only those", async () => {
    const ear = eavesdrop("later");
    const first = makeStore([conversation("a", 1)]);
    const stops = [startTabSync(first, "later")];
    first.setConversations([conversation("a", 2)]);
    await sendWindow();
    // The new tab reads the saved chats, which hold that change, then says hello.
    const second = makeStore(first.getConversations());
    stops.push(startTabSync(second, "later"));
    await sendWindow();
    first.setConversations([conversation("b", 4), conversation("a", 2)]);
    await expect.poll(() => second.getConversations().map((item) => item.id)).toEqual(["b", "a"]);
    // What changed while the first tab was alone is in the saved chats: not sent again.
    expect(changesIn(ear.heard)).toEqual([{ changed: [conversation("b", 4)], deleted: [] }]);
    for (const stop of stops) stop();
    ear.close();
  });

  it("stops sending once the other tab has closed", async () => {
    const ear = eavesdrop("closed");
    const first = makeStore([conversation("a", 1)]);
    const second = makeStore([conversation("a", 1)]);
    const stopFirst = startTabSync(first, "closed");
    const stopSecond = startTabSync(second, "closed");
    first.setConversations([conversation("a", 2)]);
    await expect.poll(() => second.getConversations()[0]?.updatedAt).toBe(2);
    stopSecond();
    await sendWindow();
    first.setConversations([conversation("a", 3)]);
    await sendWindow();
    expect(changesIn(ear.heard)).toEqual([{ changed: [conversation("a", 2)], deleted: [] }]);
    stopFirst();
    ear.close();
  });

  it("sends every change once a tab of an older version (its messages name no sender) is heard", async () => {
    const older = new BroadcastChannel("older");
    const heard: unknown[] = [];
    older.onmessage = (event) => heard.push(event.data);
    const tab = makeStore([conversation("a", 1)]);
    const stop = startTabSync(tab, "older");
    older.postMessage({ changed: [conversation("b", 5)], deleted: [] });
    await expect.poll(() => tab.getConversations().map((item) => item.id)).toEqual(["b", "a"]);
    tab.setConversations([conversation("c", 6), ...tab.getConversations()]);
    await expect.poll(() => changesIn(heard)).toEqual([{ changed: [conversation("c", 6)], deleted: [] }]);
    stop();
    older.close();
  });
});
