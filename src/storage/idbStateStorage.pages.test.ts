import { del, get, keys, set } from "idb-keyval";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { StorageValue } from "zustand/middleware";
import { createIdbStateStorage } from "./idbStateStorage";
import { messagesPerPage } from "./messagePages";
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

interface Message {
  id: string;
  content: string;
}
interface Chat {
  id: string;
  title: string;
  messages: Message[];
}
interface Saved {
  conversations?: Chat[];
}
const message = (index: number, content = `message ${index}`): Message => ({ id: `m${index}`, content });
const messages = (count: number): Message[] => Array.from({ length: count }, (_, index) => message(index));
const chat = (id: string, chatMessages: Message[]): Chat => ({ id, title: `chat ${id}`, messages: chatMessages });
const value = (conversations: Chat[]): StorageValue<Saved> => ({ state: { conversations }, version: 1 });

/** The keys one write put and deleted, as text ("app,messages,long,2" is page 2; "…" ends a range: those pages on). */
function lastWrite(): { put: string[]; deleted: string[] } {
  const [puts, deletes] = vi.mocked(writeStateEntries).mock.lastCall ?? [[], []];
  const text = (key: IDBValidKey | IDBKeyRange) => (key instanceof IDBKeyRange ? `${String(key.lower)}…` : String(key));
  return { put: puts.map(([key]) => text(key)), deleted: deletes.map(text) };
}

async function storedKeys(): Promise<string[]> {
  return (await keys()).map(String).sort();
}

/** A storage that has read what is stored (so it writes) and has written `conversations`. */
async function storageHolding(conversations: Chat[]) {
  const storage = createIdbStateStorage<Saved>({ intervalMs: 0 });
  await storage.getItem("app");
  await storage.setItem("app", value(conversations));
  return storage;
}

describe("createIdbStateStorage: a long chat's messages in pages", () => {
  it("stores a chat of up to a page's messages whole, and a longer one in pages that read back as the whole chat", async () => {
    const short = chat("short", messages(messagesPerPage));
    const long = chat("long", messages(messagesPerPage * 2 + 1));
    await storageHolding([long, short]);
    expect(await storedKeys()).toEqual(["app", "app,messages,long,0", "app,messages,long,1", "app,messages,long,2", "app:conversation:long", "app:conversation:short"]);
    expect(JSON.parse(String(await get("app:conversation:short")))).toEqual(short);
    expect(JSON.parse(String(await get("app:conversation:long")))).toEqual({ messagePages: 3, messagesPerPage, id: "long", title: "chat long" });
    expect(JSON.parse(String(await get(["app", "messages", "long", 2])))).toEqual([message(messagesPerPage * 2)]);

    const reader = createIdbStateStorage<Saved>({ intervalMs: 0 });
    const read = await reader.getItem("app");
    expect(read?.state.conversations).toEqual([
      { ...long, messagePages: 3, messagesPerPage },
      short,
    ]);
    expect(await reader.readConversations("app", ["long"])).toEqual([{ ...long, messagePages: 3, messagesPerPage }]);
    expect((await reader.readConversationSlice("app", undefined, 10)).conversations).toEqual([{ ...long, messagePages: 3, messagesPerPage }, short]);
  });

  it("writes only the chat's entry and its last page when its last message changes, as a streamed reply does", async () => {
    const history = messages(messagesPerPage * 3 - 1);
    const storage = await storageHolding([chat("long", [...history, message(999, "Hel")])]);
    for (const content of ["Hello", "Hello, wor", "Hello, world."]) await storage.setItem("app", value([chat("long", [...history, message(999, content)])]));
    expect(lastWrite()).toEqual({ put: ["app:conversation:long", "app,messages,long,2", "app"], deleted: [] });
    const read = await createIdbStateStorage<Saved>({ intervalMs: 0 }).readConversations("app", ["long"]);
    expect((read[0] as Chat).messages.at(-1)).toEqual(message(999, "Hello, world."));
    expect((read[0] as Chat).messages).toHaveLength(messagesPerPage * 3);
  });

  it("writes a new page when the chat grows into one, and the page that holds an edited message", async () => {
    const first = messages(messagesPerPage * 2);
    const storage = await storageHolding([chat("long", first)]);
    const added = message(500);
    await storage.setItem("app", value([chat("long", [...first, added])]));
    expect(lastWrite().put).toEqual(["app:conversation:long", "app,messages,long,2", "app"]);
    const edited = first.map((item, index) => (index === 5 ? message(5, "edited") : item));
    await storage.setItem("app", value([chat("long", [...edited, added])]));
    expect(lastWrite().put).toEqual(["app:conversation:long", "app,messages,long,0", "app"]);
  });

  it("deletes the pages past a chat's end when it loses messages, and all of them when it is short enough to be whole", async () => {
    const all = messages(messagesPerPage * 3);
    const storage = await storageHolding([chat("long", all)]);
    await storage.setItem("app", value([chat("long", all.slice(0, messagesPerPage + 1))]));
    expect(lastWrite().deleted).toEqual(["app,messages,long,2…"]);
    expect(await storedKeys()).toEqual(["app", "app,messages,long,0", "app,messages,long,1", "app:conversation:long"]);
    await storage.setItem("app", value([chat("long", all.slice(0, 3))]));
    expect(await storedKeys()).toEqual(["app", "app:conversation:long"]);
    expect(JSON.parse(String(await get("app:conversation:long")))).toEqual(chat("long", all.slice(0, 3)));
  });

  it("deletes a long chat's pages with it, and every page when the state is removed", async () => {
    const storage = await storageHolding([chat("long", messages(messagesPerPage + 1)), chat("other", messages(messagesPerPage + 1))]);
    await storage.setItem("app", value([chat("other", messages(messagesPerPage + 1))]));
    expect(await storedKeys()).toEqual(["app", "app,messages,other,0", "app,messages,other,1", "app:conversation:other"]);
    await storage.removeItem("app");
    expect(await storedKeys()).toEqual([]);
  });

  /** A new storage that has read what is stored and been told the chats it read are the state's. */
  async function startedStorage(): Promise<{ storage: ReturnType<typeof createIdbStateStorage<Saved>>; read: Chat[] }> {
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0 });
    const read = (await storage.getItem("app"))?.state.conversations ?? [];
    // As the app does: its checked copies of what was read (new objects, every field the same).
    const checked = read.map(({ id, messages: readMessages }) => chat(id, readMessages.map((item) => ({ ...item }))));
    storage.adoptStoredConversations(checked);
    return { storage, read: checked };
  }
  async function readBack(id: string): Promise<Chat> {
    const [stored] = await createIdbStateStorage<Saved>({ intervalMs: 0 }).readConversations("app", [id]);
    // Without the entry's page count and size, which the app's check drops.
    const { title, messages: storedMessages } = stored as Chat;
    return { id, title, messages: storedMessages };
  }

  it("after a start, writes only the pages of a long chat that change: the pages read are known to hold the same messages", async () => {
    await storageHolding([chat("long", messages(messagesPerPage * 2 + 5))]);
    const { storage, read } = await startedStorage();
    const history = read[0]?.messages ?? [];
    await storage.setItem("app", value([chat("long", [...history, message(500)])]));
    expect(lastWrite().put).toEqual(["app:conversation:long", "app,messages,long,2", "app"]);
    await storage.setItem("app", value([chat("long", [...history, message(500), message(501)])]));
    expect(lastWrite().put).toEqual(["app:conversation:long", "app,messages,long,2", "app"]);
    expect(await readBack("long")).toEqual(chat("long", [...messages(messagesPerPage * 2 + 5), message(500), message(501)]));
  });

  it("after a start, writes every page when the app's copy has not the stored number of messages, so that no page holds other messages than it says", async () => {
    await storageHolding([chat("long", messages(messagesPerPage * 2 + 5))]);
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0 });
    await storage.getItem("app");
    // A copy that lost a message on the way (the first): every later message is one place earlier than stored.
    const shorter = chat("long", messages(messagesPerPage * 2 + 5).slice(1));
    storage.adoptStoredConversations([shorter]);
    await storage.setItem("app", value([chat("long", [...shorter.messages, message(500)])]));
    expect(lastWrite().put).toEqual(["app:conversation:long", "app,messages,long,0", "app,messages,long,1", "app,messages,long,2", "app"]);
    expect(await readBack("long")).toEqual(chat("long", [...shorter.messages, message(500)]));
  });

  it("after a start, writes every page of a chat stored in pages of another size, and stores it in today's", async () => {
    // As many pages as today's size makes of them (60 + 41, and 100 + 1), but not the same messages in each.
    const stored = messages(messagesPerPage + 1);
    const size = 60;
    await set("app", JSON.stringify({ state: { conversationIds: ["odd"] }, version: 1 }));
    await set("app:conversation:odd", JSON.stringify({ messagePages: 2, messagesPerPage: size, id: "odd", title: "chat odd" }));
    for (let page = 0; page < 2; page += 1) await set(["app", "messages", "odd", page], JSON.stringify(stored.slice(page * size, (page + 1) * size)));
    const { storage, read } = await startedStorage();
    expect(read).toEqual([chat("odd", stored)]);
    const grown = [...(read[0]?.messages ?? []), message(500)];
    await storage.setItem("app", value([chat("odd", grown)]));
    expect(lastWrite().put).toEqual(["app:conversation:odd", "app,messages,odd,0", "app,messages,odd,1", "app"]);
    expect(await readBack("odd")).toEqual(chat("odd", [...stored, message(500)]));
  });

  it("after a start, takes the pages of an entry saved before entries named their size as pages of 100, the only size there was", async () => {
    const stored = messages(messagesPerPage * 2 + 1);
    await set("app", JSON.stringify({ state: { conversationIds: ["older"] }, version: 1 }));
    await set("app:conversation:older", JSON.stringify({ messagePages: 3, id: "older", title: "chat older" }));
    for (let page = 0; page < 3; page += 1) await set(["app", "messages", "older", page], JSON.stringify(stored.slice(page * 100, (page + 1) * 100)));
    const { storage, read } = await startedStorage();
    await storage.setItem("app", value([chat("older", [...(read[0]?.messages ?? []), message(500)])]));
    expect(lastWrite().put).toEqual(["app:conversation:older", "app,messages,older,2", "app"]);
    expect(await readBack("older")).toEqual(chat("older", [...stored, message(500)]));
  });

  it("reads a chat with a missing page as unreadable, reports it, and keeps a copy of its entry and the pages that are there", async () => {
    await storageHolding([chat("long", messages(messagesPerPage * 2 + 1)), chat("fine", messages(2))]);
    await del(["app", "messages", "long", 1]);
    const problems: string[] = [];
    const storage = createIdbStateStorage<Saved>({ intervalMs: 0, onReadProblem: (problem) => problems.push(problem) });
    expect((await storage.readConversationSlice("app", undefined, 10)).conversations).toEqual([chat("fine", messages(2))]);
    expect(problems).toHaveLength(1);
    const copyKey = (await storedKeys()).find((key) => key.startsWith("app:conversation:long-unreadable-"));
    const copy = (await get(copyKey ?? "")) as { entry: string; pages: unknown[] };
    expect(JSON.parse(copy.entry)).toEqual({ messagePages: 3, messagesPerPage, id: "long", title: "chat long" });
    expect(copy.pages[1]).toBeUndefined();
    expect(JSON.parse(String(copy.pages[2]))).toEqual([message(messagesPerPage * 2)]);
  });

  it("does not try to read an absurd number of pages that a damaged entry claims", async () => {
    await set("app:conversation:absurd", JSON.stringify({ messagePages: 1_000_000_000, id: "absurd", title: "absurd" }));
    const [read] = await createIdbStateStorage<Saved>({ intervalMs: 0 }).readConversations("app", ["absurd"]);
    // Read as it is, without messages: the app's checks then refuse it.
    expect(read).toEqual({ messagePages: 1_000_000_000, id: "absurd", title: "absurd" });
  });

  it("reads a chat saved whole before pages existed, however long, and stores it in pages once it changes", async () => {
    const long = chat("old", messages(messagesPerPage * 2));
    await set("app", JSON.stringify({ state: { conversationIds: ["old"] }, version: 1 }));
    await set("app:conversation:old", JSON.stringify(long));
    const { storage, read } = await startedStorage();
    expect(read).toEqual([long]);
    await storage.setItem("app", value([chat("old", [...long.messages, message(500)])]));
    expect(lastWrite().put).toEqual(["app:conversation:old", "app,messages,old,0", "app,messages,old,1", "app,messages,old,2", "app"]);
  });
});
