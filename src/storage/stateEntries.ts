import { createStore, promisifyRequest } from "idb-keyval";
import type { UseStore } from "idb-keyval";
import { joinMessagePages, storedPageCount } from "./messagePages";

/**
 * The app's saved state as IndexedDB entries in idb-keyval's default store: one entry for the
 * settings and the list of chats, one per chat under `<name>:conversation:<id>`, and for a long
 * chat its messages in pages (messagePages.ts) under the array key `[<name>, "messages", <id>,
 * <page>]` (an array key: a chat id may hold any character, and array keys sort apart from the
 * text keys). Each call is a single transaction, so a save lands whole or not at all, and a read
 * sees one moment; a chat read here has its pages joined back in.
 */

let defaultStore: UseStore | undefined;
/** idb-keyval's own default database and store, opened once, on first use. */
function keyvalStore(): UseStore {
  defaultStore ??= createStore("keyval-store", "keyval");
  return defaultStore;
}

export function conversationKeyPrefix(name: string): string {
  return `${name}:conversation:`;
}

/** The key of page `page` of a chat's messages (messagePages.ts). */
export function messagePageKey(name: string, conversationId: string, page: number): IDBValidKey {
  return [name, "messages", conversationId, page];
}

/** A chat's pages from `from` on. ([] sorts after every number.) */
export function messagePagesFrom(name: string, conversationId: string, from: number): IDBKeyRange {
  return IDBKeyRange.bound(messagePageKey(name, conversationId, from), [name, "messages", conversationId, []]);
}

/** Every chat's pages. */
function allMessagePages(name: string): IDBKeyRange {
  return IDBKeyRange.bound([name, "messages"], [name, "messages", []]);
}

/** Chat entries with the messages of the paged ones joined back in, read in the caller's transaction. */
async function withPagesJoined(store: IDBObjectStore, name: string, entries: [key: string, value: unknown][]): Promise<[key: string, value: unknown][]> {
  const prefix = conversationKeyPrefix(name);
  return Promise.all(
    entries.map(async ([key, value]): Promise<[string, unknown]> => {
      const pageCount = storedPageCount(value);
      if (pageCount === 0 || typeof value !== "string") return [key, value];
      const id = key.slice(prefix.length);
      const pages = await Promise.all(Array.from({ length: pageCount }, (_, page) => promisifyRequest<unknown>(store.get(messagePageKey(name, id, page)))));
      return [key, joinMessagePages(value, pages)];
    }),
  );
}

/** Every key that starts with `prefix` (the prefix followed by any string). */
function prefixRange(prefix: string): IDBKeyRange {
  return IDBKeyRange.bound(prefix, `${prefix}\uffff`);
}

export interface StoredEntries {
  main: unknown;
  /** Every per-chat entry, by key, in key order. */
  conversations: [key: string, value: unknown][];
}

export async function readStateEntries(name: string): Promise<StoredEntries> {
  return keyvalStore()("readonly", async (store) => {
    const range = prefixRange(conversationKeyPrefix(name));
    const [main, keys, values] = await Promise.all([promisifyRequest(store.get(name)), promisifyRequest(store.getAllKeys(range)), promisifyRequest(store.getAll(range))]);
    return { main, conversations: await withPagesJoined(store, name, keys.map((key, index): [string, unknown] => [String(key), values[index]])) };
  });
}

/** The main entry alone: the settings and, when saved by this version, what the list shows of each chat. */
export async function readMainEntry(name: string): Promise<unknown> {
  return keyvalStore()("readonly", (store) => promisifyRequest(store.get(name)));
}

/** These chats' entries, by key, in one transaction; a chat without an entry is left out. */
export async function readConversationEntries(name: string, ids: readonly string[]): Promise<[key: string, value: unknown][]> {
  const prefix = conversationKeyPrefix(name);
  return keyvalStore()("readonly", async (store) => {
    const values = await Promise.all(ids.map((id) => promisifyRequest(store.get(prefix + id))));
    return withPagesJoined(store, name, ids.flatMap((id, index): [string, unknown][] => (values[index] === undefined ? [] : [[prefix + id, values[index]]])));
  });
}

/** Up to `count` chat entries that come after the key `after` (from the first when undefined), in key order. */
export async function readConversationEntrySlice(name: string, after: string | undefined, count: number): Promise<[key: string, value: unknown][]> {
  const prefix = conversationKeyPrefix(name);
  const range = after === undefined ? prefixRange(prefix) : IDBKeyRange.bound(after, `${prefix}\uffff`, true);
  return keyvalStore()("readonly", async (store) => {
    const [keys, values] = await Promise.all([promisifyRequest(store.getAllKeys(range, count)), promisifyRequest(store.getAll(range, count))]);
    return withPagesJoined(store, name, keys.map((key, index): [string, unknown] => [String(key), values[index]]));
  });
}

/** Every entry whose key starts with `prefix`, by key, in key order. */
export async function readEntriesWithPrefix(prefix: string): Promise<[key: string, value: unknown][]> {
  const range = prefixRange(prefix);
  return keyvalStore()("readonly", async (store) => {
    const [keys, values] = await Promise.all([promisifyRequest(store.getAllKeys(range)), promisifyRequest(store.getAll(range))]);
    return keys.map((key, index): [string, unknown] => [String(key), values[index]]);
  });
}

/** Puts and deletes in one transaction; rejects (nothing written) when the browser refuses any of it. */
export async function writeStateEntries(puts: [key: IDBValidKey, text: string][], deletes: (IDBValidKey | IDBKeyRange)[]): Promise<void> {
  return keyvalStore()("readwrite", (store) => {
    for (const [key, text] of puts) store.put(text, key);
    for (const key of deletes) store.delete(key);
    const done = promisifyRequest(store.transaction);
    // Committed now, not when the page's task ends: a save started as the page goes (pagehide, a
    // reload) was otherwise torn down with the page about half the time, and the end of a reply lost.
    store.transaction.commit();
    return done;
  });
}

/** The state's entry and every chat's, with their pages, in one transaction. */
export async function deleteStateEntries(name: string): Promise<void> {
  return keyvalStore()("readwrite", (store) => {
    store.delete(name);
    store.delete(prefixRange(conversationKeyPrefix(name)));
    store.delete(allMessagePages(name));
    return promisifyRequest(store.transaction);
  });
}
