import { del, get, keys, set } from "idb-keyval";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { StorageValue } from "zustand/middleware";
import { createIdbStateStorage } from "./idbStateStorage";
import type * as StateEntries from "./stateEntries";
import { writeStateEntries } from "./stateEntries";

vi.mock("./stateEntries", async (importOriginal) => {
  const actual = await importOriginal<typeof StateEntries>();
  return { ...actual, writeStateEntries: vi.fn(actual.writeStateEntries) };
});

afterEach(async () => {
  vi.mocked(writeStateEntries).mockClear();
  for (const key of await keys()) await del(key);
});

interface Chat {
  id: string;
  text: string;
  messagesLoaded?: false;
}
interface Saved {
  note: string;
  activeConversationId?: string | null;
  conversations?: Chat[];
}
const chat = (id: string, text = `text of ${id}`): Chat => ({ id, text });
const headerOf = (conversation: Chat) => ({ id: conversation.id });
const value = (conversations: Chat[], activeConversationId: string | null = null): StorageValue<Saved> => ({
  state: { note: "settings", activeConversationId, conversations },
  version: 1,
});

/** Stores chats as this version of the app does, through a storage of its own. */
async function storeChats(conversations: Chat[], activeConversationId: string | null = null) {
  const writer = createIdbStateStorage<Saved>({ intervalMs: 0, headerOf });
  await writer.getItem("app");
  await writer.setItem("app", value(conversations, activeConversationId));
}

describe("createIdbStateStorage with chat headers in the main entry", () => {
  it("keeps each chat's header in the main entry, in the list's order", async () => {
    await storeChats([chat("b"), chat("a")]);
    const main = JSON.parse(String(await get("app"))) as { state: Record<string, unknown> };
    expect(main.state.conversationHeaders).toEqual([{ id: "b" }, { id: "a" }]);
    // Still listed by id for versions of the app that read every chat at start.
    expect(main.state.conversationIds).toEqual(["b", "a"]);
  });

  it("reads the main entry and the open chat only; the others stay for later", async () => {
    await storeChats([chat("open"), chat("other")], "open");
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0, headerOf });
    const read = await storage.getItem("app");
    expect(read?.state).toEqual({ note: "settings", activeConversationId: "open", conversationHeaders: [{ id: "open" }, { id: "other" }], conversations: [chat("open")] });
  });

  it("never writes a chat known by its header only, yet keeps it listed", async () => {
    await storeChats([chat("whole"), chat("header")]);
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0, headerOf });
    await storage.getItem("app");
    await storage.setItem("app", value([chat("whole", "edited"), { id: "header", text: "", messagesLoaded: false }]));
    expect(JSON.parse(String(await get("app:conversation:header")))).toEqual(chat("header"));
    expect(JSON.parse(String(await get("app:conversation:whole")))).toEqual(chat("whole", "edited"));
    expect((JSON.parse(String(await get("app"))) as { state: { conversationIds: string[] } }).state.conversationIds).toEqual(["whole", "header"]);
  });

  it("deletes the entry of a listed chat that leaves the state, though it was never read", async () => {
    await storeChats([chat("kept"), chat("deleted")]);
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0, headerOf });
    await storage.getItem("app");
    await storage.setItem("app", value([{ id: "kept", text: "", messagesLoaded: false }]));
    expect(await get("app:conversation:deleted")).toBeUndefined();
    expect(await get("app:conversation:kept")).toBeDefined();
  });

  it("reads the rest in slices, in key order, leaving out the chats it has written or deleted since", async () => {
    await storeChats(["a", "b", "c", "d", "e"].map((id) => chat(id)));
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0, headerOf });
    await storage.getItem("app");
    const header = (id: string): Chat => ({ id, text: "", messagesLoaded: false });
    // "b" is edited (written whole), "d" deleted.
    await storage.setItem("app", value([header("a"), chat("b", "edited"), header("c"), header("e")]));
    const first = await storage.readConversationSlice("app", undefined, 2);
    expect(first.conversations).toEqual([chat("a")]);
    // "d" has no entry any more.
    const second = await storage.readConversationSlice("app", first.last, 2);
    expect(second.conversations).toEqual([chat("c"), chat("e")]);
    expect(await storage.readConversationSlice("app", second.last, 2)).toEqual({ conversations: [], last: undefined });
  });

  it("reads chats by id, leaving out those without an entry", async () => {
    await storeChats([chat("a"), chat("b")]);
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0, headerOf });
    await storage.getItem("app");
    expect(await storage.readConversations("app", ["b", "missing"])).toEqual([chat("b")]);
  });

  it("keeps a copy of a chat that cannot be read, reports it once, and does not read it again", async () => {
    await storeChats([chat("good"), chat("broken")]);
    await set("app:conversation:broken", "{ not json");
    const problems: string[] = [];
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0, headerOf, onReadProblem: (message) => problems.push(message) });
    await storage.getItem("app");
    expect((await storage.readConversationSlice("app", undefined, 10)).conversations).toEqual([chat("good")]);
    expect(await storage.readConversations("app", ["broken"])).toEqual([]);
    expect(problems).toHaveLength(1);
    expect((await keys()).some((key) => String(key).startsWith("app:conversation:broken-unreadable-"))).toBe(true);
  });

  it("still reads every chat at start from a main entry saved before headers existed", async () => {
    const legacy = createIdbStateStorage<Saved>({ intervalMs: 0 });
    await legacy.getItem("app");
    await legacy.setItem("app", value([chat("b"), chat("a")]));
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0, headerOf });
    expect((await storage.getItem("app"))?.state.conversations).toEqual([chat("b"), chat("a")]);
  });

  it("does not write again a chat read from storage while a save was under way", async () => {
    await storeChats([chat("a"), chat("b")]);
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0, headerOf });
    await storage.getItem("app");
    const headers: Chat[] = [
      { id: "a", text: "", messagesLoaded: false },
      { id: "b", text: "", messagesLoaded: false },
    ];
    storage.adoptStoredConversations(headers);
    const read = (await storage.readConversationSlice("app", undefined, 10)).conversations as Chat[];
    const saving = storage.setItem("app", value(headers));
    // The chats read are handed over while that save is being written.
    storage.adoptStoredConversations(read);
    await saving;
    vi.mocked(writeStateEntries).mockClear();
    await storage.setItem("app", value(read, "a"));
    await storage.flush();
    expect(vi.mocked(writeStateEntries).mock.lastCall?.[0].map(([key]) => key)).toEqual(["app"]);
  });
});
