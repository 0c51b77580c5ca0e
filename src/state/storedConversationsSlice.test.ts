import { del, get as idbGet, keys, set as idbSet } from "idb-keyval";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Conversation } from "./conversations";

// The store pulls in the engines; none is used here.
vi.mock("../engines/engineService", () => ({}));
vi.mock("../engines/localEngineService", () => ({}));

const { useAppStore, retrySave } = await import("./store");

const mainKey = "tramontane-state";
const entryKey = (id: string) => `${mainKey}:conversation:${id}`;

function chat(id: string, updatedAt: number, title = `Chat ${id}`): Conversation {
  return {
    id,
    title,
    createdAt: 1,
    updatedAt,
    messages: [
      { id: `${id}-q`, role: "user", content: `Question in ${id}`, status: "done", createdAt: 1 },
      { id: `${id}-a`, role: "assistant", content: `Answer in ${id}`, status: "done", createdAt: 2 },
    ],
  };
}

/** Stores chats as the app saves them: the settings with each chat's header, and an entry per chat. */
async function storeHistory(chats: Conversation[], activeConversationId: string | null, extraEntries: [string, unknown][] = []) {
  const headers = chats.map(({ id, title, createdAt, updatedAt }) => ({ id, title, createdAt, updatedAt }));
  await idbSet(mainKey, JSON.stringify({ state: { engineChosen: true, activeConversationId, conversationIds: chats.map((item) => item.id), conversationHeaders: headers }, version: 1 }));
  for (const item of chats) await idbSet(entryKey(item.id), JSON.stringify(item));
  for (const [key, value] of extraEntries) await idbSet(key, value);
  await useAppStore.persist.rehydrate();
}

function listed() {
  return useAppStore.getState().conversations.map((item) => ({ id: item.id, whole: item.messagesLoaded !== false }));
}

function stored(id: string): Promise<Conversation | undefined> {
  return idbGet(entryKey(id)).then((text) => (typeof text === "string" ? (JSON.parse(text) as Conversation) : undefined));
}

afterEach(async () => {
  await retrySave();
  for (const key of await keys()) await del(key);
  useAppStore.setState({ conversations: [], activeConversationId: null, lastDeleted: undefined, readProblems: [] });
});

describe("a start that reads the chat list's headers first", () => {
  it("lists every chat at once with only the open one read, then reads the others", async () => {
    await storeHistory([chat("s1-a", 30), chat("s1-b", 20), chat("s1-c", 10)], "s1-b");
    expect(listed()).toEqual([
      { id: "s1-a", whole: false },
      { id: "s1-b", whole: true },
      { id: "s1-c", whole: false },
    ]);
    expect(useAppStore.getState().activeConversationId).toBe("s1-b");
    expect(useAppStore.getState().allConversationsLoaded).toBe(false);

    await useAppStore.getState().loadAllConversations();
    expect(listed().every((item) => item.whole)).toBe(true);
    expect(useAppStore.getState().conversations[0]).toEqual(chat("s1-a", 30));
    expect(useAppStore.getState().allConversationsLoaded).toBe(true);
  });

  it("reads a chat before opening it, and a chat opened meanwhile wins", async () => {
    await storeHistory([chat("s2-a", 30), chat("s2-b", 20), chat("s2-c", 10)], null);
    useAppStore.getState().openConversation("s2-c");
    expect(useAppStore.getState().activeConversationId).toBeNull();
    await vi.waitFor(() => expect(useAppStore.getState().activeConversationId).toBe("s2-c"));
    expect(useAppStore.getState().conversations.find((item) => item.id === "s2-c")?.messages).toHaveLength(2);

    useAppStore.getState().openConversation("s2-a");
    useAppStore.getState().newConversation();
    await useAppStore.getState().loadConversations(["s2-a"]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(useAppStore.getState().activeConversationId).toBeNull();
  });

  it("renames a chat not read yet without losing its messages", async () => {
    await storeHistory([chat("s3-a", 30), chat("s3-b", 20)], null);
    useAppStore.getState().renameConversation("s3-b", "Renamed");
    await vi.waitFor(() => expect(useAppStore.getState().conversations[0]?.title).toBe("Renamed"));
    await retrySave();
    expect(await stored("s3-b")).toMatchObject({ title: "Renamed", messages: chat("s3-b", 20).messages });
  });

  it("deletes a chat not read yet, and Undo brings it back whole", async () => {
    await storeHistory([chat("s4-a", 30), chat("s4-b", 20)], null);
    useAppStore.getState().deleteConversation("s4-b");
    await vi.waitFor(() => expect(listed().map((item) => item.id)).toEqual(["s4-a"]));
    await retrySave();
    expect(await stored("s4-b")).toBeUndefined();
    useAppStore.getState().undoDelete();
    expect(useAppStore.getState().conversations.find((item) => item.id === "s4-b")?.messages).toEqual(chat("s4-b", 20).messages);
    await retrySave();
    expect(await stored("s4-b")).toEqual(chat("s4-b", 20));
  });

  it("leaves out a listed chat that is damaged or gone, says so, and adds one stored by another tab", async () => {
    const damaged = { ...chat("s5-damaged", 20), messages: "not a list" };
    await storeHistory([chat("s5-a", 30), chat("s5-gone", 25)], null, [
      [entryKey("s5-damaged"), JSON.stringify(damaged)],
      [entryKey("s5-other-tab"), JSON.stringify(chat("s5-other-tab", 5))],
    ]);
    await idbSet(mainKey, String(await idbGet(mainKey)).replace('"conversationHeaders":[', `"conversationHeaders":[{"id":"s5-damaged","title":"Damaged","createdAt":1,"updatedAt":20},`));
    await del(entryKey("s5-gone"));
    await useAppStore.persist.rehydrate();
    await useAppStore.getState().loadAllConversations();
    expect(listed()).toEqual([
      { id: "s5-a", whole: true },
      { id: "s5-other-tab", whole: true },
    ]);
    expect(useAppStore.getState().readProblems).toContain("1 conversation could not be read and was left out.");
  });

  it("never saves a chat's header over its stored messages", async () => {
    await storeHistory([chat("s6-a", 30), chat("s6-b", 20)], "s6-a");
    useAppStore.getState().renameConversation("s6-a", "Open chat renamed");
    await retrySave();
    expect(await stored("s6-b")).toEqual(chat("s6-b", 20));
  });
});
