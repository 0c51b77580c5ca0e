import type * as IdbKeyval from "idb-keyval";
import { del, get, keys, set } from "idb-keyval";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { StorageValue } from "zustand/middleware";
import { createIdbStateStorage } from "./idbStateStorage";
import type * as StateEntries from "./stateEntries";
import { writeStateEntries } from "./stateEntries";

vi.mock("idb-keyval", async (importOriginal) => {
  const actual = await importOriginal<typeof IdbKeyval>();
  return { ...actual, set: vi.fn(actual.set) };
});
vi.mock("./stateEntries", async (importOriginal) => {
  const actual = await importOriginal<typeof StateEntries>();
  return { ...actual, writeStateEntries: vi.fn(actual.writeStateEntries) };
});

afterEach(async () => {
  vi.mocked(writeStateEntries).mockClear();
  vi.mocked(set).mockReset();
  for (const key of await keys()) await del(key);
});

interface Chat {
  id: string;
  text: string;
  streaming?: boolean;
}
interface Saved {
  note: string;
  conversations?: Chat[];
}
const chat = (id: string, text = `text of ${id}`): Chat => ({ id, text });
const value = (conversations: Chat[], note = "settings"): StorageValue<Saved> => ({ state: { note, conversations }, version: 1 });

/** A key or key range as text: "app:conversation:a", "app,messages,a,0", "app,messages,a,2…" (pages 2 on). */
function keyText(key: IDBValidKey | IDBKeyRange): string {
  return key instanceof IDBKeyRange ? `${String(key.lower)}…` : String(key);
}

/** What one write put into IndexedDB: the keys it put and deleted. */
function lastWrite(): { put: string[]; deleted: string[] } {
  const [puts, deletes] = vi.mocked(writeStateEntries).mock.lastCall ?? [[], []];
  return { put: puts.map(([key]) => keyText(key)), deleted: deletes.map(keyText) };
}

async function storedKeys(): Promise<string[]> {
  return (await keys()).map(String).sort();
}

describe("createIdbStateStorage: each chat in its own entry", () => {
  it("writes the settings and the list of chats in one entry and each chat in its own", async () => {
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0 });
    await storage.getItem("app");
    await storage.setItem("app", value([chat("b"), chat("a")]));
    expect(await storedKeys()).toEqual(["app", "app:conversation:a", "app:conversation:b"]);
    expect(JSON.parse(String(await get("app")))).toEqual({ state: { note: "settings", conversationIds: ["b", "a"] }, version: 1 });
    expect(JSON.parse(String(await get("app:conversation:a")))).toEqual(chat("a"));
  });

  it("writes only the chats that changed, and deletes the entry of a chat that is gone", async () => {
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0 });
    await storage.getItem("app");
    const untouched = chat("untouched");
    await storage.setItem("app", value([chat("edited"), untouched, chat("deleted")]));
    await storage.setItem("app", value([chat("edited", "new text"), untouched]));
    expect(lastWrite()).toEqual({ put: ["app:conversation:edited", "app"], deleted: ["app:conversation:deleted", "app,messages,deleted,0…"] });
    expect(await storedKeys()).toEqual(["app", "app:conversation:edited", "app:conversation:untouched"]);
    expect(JSON.parse(String(await get("app:conversation:edited")))).toEqual(chat("edited", "new text"));
  });

  it("reads the chats back in their saved order, with a chat stored but not listed after them", async () => {
    const writer = createIdbStateStorage<Saved>({ intervalMs: 0 });
    await writer.getItem("app");
    await writer.setItem("app", value([chat("second"), chat("first")]));
    // Written by another tab whose list did not hold it yet.
    await set("app:conversation:other-tab", JSON.stringify(chat("other-tab")));
    const reader = createIdbStateStorage<Saved>({ intervalMs: 0 });
    expect(await reader.getItem("app")).toEqual(value([chat("second"), chat("first"), chat("other-tab")]));
  });

  it("after a read, saves only the chats that changed once the app has adopted what it read", async () => {
    const writer = createIdbStateStorage<Saved>({ intervalMs: 0 });
    await writer.getItem("app");
    await writer.setItem("app", value([chat("a"), chat("b"), chat("c")]));

    const storage = createIdbStateStorage<Saved>({ intervalMs: 0 });
    const read = await storage.getItem("app");
    // The app checks what it read into new objects, and hands those over.
    const checked = (read?.state.conversations ?? []).map((conversation) => ({ ...conversation }));
    storage.adoptStoredConversations(checked);
    await storage.setItem("app", value([chat("new"), checked[0], chat("b", "changed"), checked[2]]));
    expect(lastWrite().put).toEqual(["app:conversation:new", "app:conversation:b", "app"]);
  });

  it("rewrites every stored chat after a read when nothing was adopted, and deletes those left out", async () => {
    const writer = createIdbStateStorage<Saved>({ intervalMs: 0 });
    await writer.getItem("app");
    await writer.setItem("app", value([chat("kept"), chat("damaged")]));
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0 });
    await storage.getItem("app");
    await storage.setItem("app", value([chat("kept")]));
    expect(lastWrite()).toEqual({ put: ["app:conversation:kept", "app"], deleted: ["app:conversation:damaged", "app,messages,damaged,0…"] });
  });

  it("moves chats saved inside the main entry (before this layout) into entries of their own, in one write", async () => {
    await set("app", JSON.stringify(value([chat("old-b"), chat("old-a")], "old settings")));
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0 });
    const read = await storage.getItem("app");
    expect(read).toEqual(value([chat("old-b"), chat("old-a")], "old settings"));
    storage.adoptStoredConversations(read?.state.conversations ?? []);
    // Nothing is in entries yet, so adopting changes nothing: the first save writes them all.
    await storage.setItem("app", value(read?.state.conversations ?? [], "new settings"));
    expect(vi.mocked(writeStateEntries)).toHaveBeenCalledTimes(1);
    expect(await storedKeys()).toEqual(["app", "app:conversation:old-a", "app:conversation:old-b"]);
    expect(JSON.parse(String(await get("app")))).toEqual({ state: { note: "new settings", conversationIds: ["old-b", "old-a"] }, version: 1 });
  });

  it("writes nothing at all when the browser refuses part of a save, and tries the whole again", async () => {
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0 });
    await storage.getItem("app");
    await storage.setItem("app", value([chat("a")]));
    vi.mocked(set).mockClear();
    vi.mocked(writeStateEntries).mockRejectedValueOnce(new DOMException("Quota exceeded", "QuotaExceededError"));
    await storage.setItem("app", value([chat("a", "edited"), chat("b")]));
    expect(JSON.parse(String(await get("app:conversation:a")))).toEqual(chat("a"));
    await storage.flush();
    expect(lastWrite().put).toEqual(["app:conversation:a", "app:conversation:b", "app"]);
    expect(JSON.parse(String(await get("app:conversation:a")))).toEqual(chat("a", "edited"));
  });

  it("keeps a chat deleted then brought back (undo) while the delete was being written", async () => {
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0 });
    await storage.getItem("app");
    const restored = chat("restored");
    await storage.setItem("app", value([restored]));
    const deleting = storage.setItem("app", value([]));
    // Brought back before the delete landed.
    await storage.setItem("app", value([restored]));
    await deleting;
    await storage.flush();
    expect(await storedKeys()).toContain("app:conversation:restored");
    // And deleting it again later still deletes its entry.
    await storage.setItem("app", value([]));
    await storage.flush();
    expect(await storedKeys()).toEqual(["app"]);
  });

  it("shapes only the chats being written with prepareConversation, only when they are written", async () => {
    const prepareConversation = vi.fn((conversation: Chat): Chat => (conversation.streaming ? { id: conversation.id, text: `${conversation.text} (cut short)` } : conversation));
    const storage = createIdbStateStorage<Saved>({ intervalMs: 60_000, prepareConversation });
    await storage.getItem("app");
    const quiet = chat("quiet");
    await storage.setItem("app", value([{ id: "live", text: "Hel", streaming: true }, quiet]));
    expect(prepareConversation).toHaveBeenCalledTimes(2);
    for (const text of ["Hell", "Hello", "Hello!"]) await storage.setItem("app", value([{ id: "live", text, streaming: true }, quiet]));
    expect(prepareConversation).toHaveBeenCalledTimes(2);
    await storage.flush();
    // Only the chat that changed, once, for the latest state.
    expect(prepareConversation).toHaveBeenCalledTimes(3);
    expect(JSON.parse(String(await get("app:conversation:live")))).toEqual({ id: "live", text: "Hello! (cut short)" });
  });

  it("keeps a copy of a chat whose entry cannot be read, reports it, and reads the others", async () => {
    await set("app", JSON.stringify({ state: { note: "settings", conversationIds: ["good", "broken"] }, version: 1 }));
    await set("app:conversation:good", JSON.stringify(chat("good")));
    await set("app:conversation:broken", "{ not json");
    const problems: string[] = [];
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0, onReadProblem: (message) => problems.push(message) });
    expect(await storage.getItem("app")).toEqual(value([chat("good")]));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/One of your saved chats could not be read and was left out; a copy was kept .*"app:conversation:broken-unreadable-\d+"/);
    const copy = (await storedKeys()).find((key) => key.startsWith("app:conversation:broken-unreadable-"));
    expect(copy).toBeDefined();
    expect(await get(copy ?? "")).toBe("{ not json");
  });

  it("reads the chats when only the settings entry is unreadable, and keeps a copy of it", async () => {
    await set("app", "{ not json");
    await set("app:conversation:safe", JSON.stringify(chat("safe")));
    const problems: string[] = [];
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0, onReadProblem: (message) => problems.push(message) });
    expect(await storage.getItem("app")).toEqual({ state: { conversations: [chat("safe")] } });
    expect(problems).toHaveLength(1);
    expect((await storedKeys()).some((key) => key.startsWith("app-unreadable-"))).toBe(true);
  });

  it("removes the settings and every chat", async () => {
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0 });
    await storage.getItem("app");
    await storage.setItem("app", value([chat("a"), chat("b")]));
    await set("unrelated", "kept");
    await storage.removeItem("app");
    expect(await storedKeys()).toEqual(["unrelated"]);
  });
});
