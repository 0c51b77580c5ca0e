import { keepUnreadableCopy } from "./keepUnreadableCopy";
import { whenPageHides } from "./whenPageHides";
import type { PersistStorage, StorageValue } from "zustand/middleware";
import {
  conversationKeyPrefix,
  deleteStateEntries,
  messagePageKey,
  messagePagesFrom,
  readConversationEntries,
  readConversationEntrySlice,
  readMainEntry,
  readStateEntries,
  writeStateEntries,
} from "./stateEntries";
import { conversationEntryTexts, storedPageCount, storedPageLayout, storedPagesToAdopt } from "./messagePages";
import type { StoredPageLayout } from "./messagePages";
import { hasConversationHeaders, orderConversations, parseConversationText, parseStoredText } from "./parseStoredEntries";
import type { StateWithHeaders } from "./parseStoredEntries";
import { backupFailedMessage, saveFailureMessage, storageUnavailableMessage, unreadableConversationMessage, unreadableStateMessage } from "./stateStorageMessages";

/**
 * zustand persist storage on IndexedDB (idb-keyval), stored as JSON text, with these guards:
 * - zustand's persist writes on every state change, even before the stored state has been read;
 *   such an early write would replace what the person saved with defaults, so writes are dropped
 *   until the first read has finished;
 * - a streaming reply changes the state on every token; writing all of it each time would be
 *   wasteful, so writes are coalesced: a change after a quiet spell is written at once, the
 *   changes that follow within `intervalMs` once at its end, and pending ones when the page hides;
 * - each chat is its own entry (stateEntries.ts), written only when it changed (a new object, as
 *   every store update makes one): a save costs the chats that changed, not the whole history,
 *   which for a big history was a 100 ms task every 300 ms while a reply streamed; a long chat's
 *   messages are in pages (messagePages.ts), of which a save writes those that changed;
 * - serialising on every token would cost the main thread as much, so the state is serialised
 *   only when it is actually written;
 * - a write the browser refuses (storage full, IndexedDB broken) is reported, never thrown, and
 *   its state stays pending, so the next change or flush tries the latest state again;
 * - stored text that cannot be read is copied aside before the app starts afresh, so a later
 *   write never destroys the only copy of someone's chats;
 * - with `headerOf`, the main entry also keeps what the chat list shows of each chat, so that a
 *   start reads that entry and the open chat only: the other chats' messages are read afterwards,
 *   in slices (`readConversationSlice`), or when needed (`readConversations`). Reading a big
 *   history whole took 700 ms before the list could show.
 */
export interface IdbStateStorage<S extends SplitState> extends PersistStorage<S, Promise<void>> {
  /** Writes the latest pending state now. Never rejects: failures go to `onSaveResult`. */
  flush: () => Promise<void>;
  /**
   * Tells the storage which chats in the state are the ones it read (as the app checked them, so
   * new objects), so that they are not all written again on the first save after a start, nor
   * every page of a long one on its first change.
   */
  adoptStoredConversations: (conversations: readonly StoredConversation[]) => void;
  /** These chats as stored (unchecked values); a chat without a readable entry is left out. */
  readConversations: (name: string, ids: readonly string[]) => Promise<unknown[]>;
  /**
   * The next `count` stored chats after the entry `after` (from the first when undefined), leaving
   * out those this storage has written or deleted since it started (the state has them as they
   * are); `last` is where the next slice starts, undefined once every entry was read.
   */
  readConversationSlice: (name: string, after: string | undefined, count: number) => Promise<{ conversations: unknown[]; last: string | undefined }>;
}

export interface StoredConversation {
  id: string;
  /** false: only its header was read (the state's messages for it are not the stored ones): never written. */
  messagesLoaded?: false;
  messages?: readonly unknown[];
}
/** The state kept here: its chats, if any, are stored one entry each. */
export interface SplitState {
  conversations?: readonly StoredConversation[];
}
type ConversationOf<S extends SplitState> = NonNullable<S["conversations"]>[number];

export type SaveResult = { ok: true } | { ok: false; message: string };

export interface IdbStateStorageOptions<S extends SplitState> {
  intervalMs?: number;
  /** Called after every write that reached IndexedDB (or was refused by it). */
  onSaveResult?: (result: SaveResult) => void;
  /** Called when the stored state could not be read; the app then starts from its defaults. */
  onReadProblem?: (message: string) => void;
  /**
   * Turns a changed chat into what is written, only when it is written (at most every
   * `intervalMs`), rather than on every change: work done here does not run on every streamed token.
   */
  prepareConversation?: (conversation: ConversationOf<S>) => ConversationOf<S>;
  /** What the main entry keeps of each chat (its title, its dates), for a start that reads nothing else. */
  headerOf?: (conversation: ConversationOf<S>) => object;
}

export function createIdbStateStorage<S extends SplitState>(options: IdbStateStorageOptions<S> = {}): IdbStateStorage<S> {
  const intervalMs = options.intervalMs ?? 300;
  let hasRead = false;
  let pending: { name: string; value: StorageValue<S> } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastWriteAt = Number.NEGATIVE_INFINITY;
  // Counts states taken for writing (and removals): a failed write is put back as pending only
  // if nothing newer was taken since, so an old state never overwrites a newer one.
  let generation = 0;
  // Each chat as last written (null: stored, but not known as an object of the state): a chat
  // whose object is still the same is not written again.
  const written = new Map<string, object | null>();
  // Chats that may have an entry (written, or a write of them under way): deleted when they leave the state.
  const maybeStored = new Set<string>();
  let latestWrittenIds = new Set<string>();
  // Chats this storage has put or deleted since it started: a slice read leaves them out.
  const touched = new Set<string>();
  // Chats whose entry could not be read (and was reported): not read again.
  const unreadable = new Set<string>();
  // Pages known to be stored, by chat: from a read (a count, and the layout if the chat read
  // whole), or a write or an adopted read (and then what each page holds, so that a page whose
  // messages are the same objects is not written again).
  const storedPages = new Map<string, { count: number; layout?: StoredPageLayout; written?: (readonly unknown[])[] }>();

  /** What to put and delete for a state: its changed chats, the gone ones, and the main entry. */
  const entriesFor = (name: string, value: StorageValue<S>) => {
    const conversations = value.state.conversations;
    if (!conversations) return { puts: [[name, JSON.stringify(value)]] as [IDBValidKey, string][], deletes: [], deletedIds: [], ids: undefined, putIds: [], putPages: undefined };
    const prefix = conversationKeyPrefix(name);
    const ids = new Set<string>();
    const puts: [IDBValidKey, string][] = [];
    const pageDeletes: IDBKeyRange[] = [];
    const putPages = new Map<string, (readonly unknown[])[]>();
    for (const conversation of conversations) {
      const id = conversation.id;
      ids.add(id);
      if (conversation.messagesLoaded === false || written.get(id) === conversation) continue;
      const known = storedPages.get(id);
      const texts = conversationEntryTexts(options.prepareConversation ? options.prepareConversation(conversation) : conversation, known?.written);
      puts.push([prefix + id, texts.entry]);
      for (const [page, text] of texts.changedPages) puts.push([messagePageKey(name, id, page), text]);
      // Pages past the chat's end (it lost messages) are never read again: they go.
      if (known !== undefined && known.count > texts.pages.length) pageDeletes.push(messagePagesFrom(name, id, texts.pages.length));
      putPages.set(id, texts.pages);
    }
    const deletes = [...maybeStored].filter((id) => !ids.has(id));
    // The chats are in their own entries; the main one lists them in order (the ids for versions
    // of the app that read every chat at start, the headers for those that do not).
    const headers = options.headerOf ? { conversationHeaders: conversations.map(options.headerOf) } : {};
    puts.push([name, JSON.stringify({ ...value, state: { ...value.state, conversations: undefined, conversationIds: [...ids], ...headers } })]);
    const deletedEntries = deletes.flatMap((id) => [prefix + id, messagePagesFrom(name, id, 0)]);
    return { puts, deletes: [...pageDeletes, ...deletedEntries], deletedIds: deletes, ids, putIds: [...putPages.keys()], putPages };
  };

  const flush = async () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const write = pending;
    pending = undefined;
    if (!write) return;
    generation += 1;
    const writeGeneration = generation;
    lastWriteAt = Date.now();
    const { puts, deletes, deletedIds, ids, putIds, putPages } = entriesFor(write.name, write.value);
    for (const id of [...putIds, ...deletedIds]) touched.add(id);
    if (ids) {
      for (const id of ids) maybeStored.add(id);
      // A chat deleted here and brought back (undo) before this lands must be written again.
      for (const id of deletedIds) {
        written.delete(id);
        storedPages.delete(id);
      }
      latestWrittenIds = ids;
    }
    try {
      await writeStateEntries(puts, deletes);
    } catch (error) {
      if (pending === undefined && generation === writeGeneration) pending = write;
      options.onSaveResult?.({ ok: false, message: saveFailureMessage(error) });
      return;
    }
    // Only the chats this write put: another may have been adopted meanwhile (read from storage).
    const putNow = new Set(putIds);
    for (const conversation of write.value.state.conversations ?? []) if (putNow.has(conversation.id)) written.set(conversation.id, conversation);
    for (const [id, pages] of putPages ?? []) storedPages.set(id, { count: pages.length, written: pages });
    // Unless a later write (an undo) has put the chat back meanwhile.
    for (const id of deletedIds) if (!latestWrittenIds.has(id)) maybeStored.delete(id);
    options.onSaveResult?.({ ok: true });
  };

  whenPageHides(() => void flush());

  /** The stored chats by id; one that cannot be read is copied aside and reported. */
  const readConversations = async (name: string, entries: [string, unknown][]): Promise<Map<string, unknown>> => {
    const prefix = conversationKeyPrefix(name);
    const byId = new Map<string, unknown>();
    for (const [key, stored] of entries) {
      const id = key.slice(prefix.length);
      // A chat the state already holds as an object keeps it: only a change writes it again.
      if (!written.has(id)) written.set(id, null);
      maybeStored.add(id);
      const parsed = parseConversationText(stored);
      // Unless this storage has written the chat since: then it knows better than this read.
      if (!storedPages.get(id)?.written) storedPages.set(id, { count: storedPageCount(stored), layout: parsed.ok ? storedPageLayout(stored, parsed.value) : undefined });
      if (parsed.ok) {
        byId.set(id, parsed.value);
        continue;
      }
      unreadable.add(id);
      const backupName = await keepUnreadableCopy(key, stored);
      // Without a copy, the next write (which deletes chats not in the state) would destroy it.
      if (backupName === undefined) {
        written.delete(id);
        maybeStored.delete(id);
      }
      options.onReadProblem?.(unreadableConversationMessage(backupName));
    }
    return byId;
  };

  /**
   * The main entry and the open chat: the other chats are headers in the state, their messages
   * read later. Every listed chat counts as stored, so that deleting one deletes its entry.
   */
  const readWithHeaders = async (name: string, value: StorageValue<S>, state: StateWithHeaders): Promise<StorageValue<S>> => {
    for (const header of state.conversationHeaders) {
      const id = (header as { id?: unknown } | null)?.id;
      if (typeof id !== "string") continue;
      written.set(id, null);
      maybeStored.add(id);
    }
    const active = state.activeConversationId;
    let conversations: unknown[] = [];
    try {
      if (typeof active === "string") conversations = [...(await readConversations(name, await readConversationEntries(name, [active]))).values()];
    } catch {
      // Read again with the others.
    }
    // The ids are for versions of the app that read every chat at start.
    return { ...value, state: { ...state, conversationIds: undefined, conversations } as unknown as S };
  };

  return {
    async getItem(name) {
      let entries: Awaited<ReturnType<typeof readStateEntries>>;
      try {
        const main = await readMainEntry(name);
        const value = parseStoredText<S>(main);
        if (value && hasConversationHeaders(value.state)) {
          const read = await readWithHeaders(name, value, value.state);
          hasRead = true;
          return read;
        }
        entries = await readStateEntries(name);
      } catch {
        // Nothing could be read, so nothing can be overwritten by mistake: let writes happen,
        // they may work later (and report their own failures if not).
        hasRead = true;
        options.onReadProblem?.(storageUnavailableMessage);
        return null;
      }
      if (entries.main === undefined && entries.conversations.length === 0) {
        hasRead = true;
        return null;
      }
      const conversations = await readConversations(name, entries.conversations);
      const value = entries.main === undefined ? { state: {} as S } : parseStoredText<S>(entries.main);
      if (value) {
        hasRead = true;
        const state = value.state as S & { conversationIds?: unknown };
        // Saved before chats had entries of their own (they are in the main entry), or a state without chats.
        if (Array.isArray(state.conversations) || (state.conversationIds === undefined && conversations.size === 0)) return value;
        const { conversationIds, ...rest } = state;
        return { ...value, state: { ...rest, conversations: orderConversations(conversationIds, conversations) } as unknown as S };
      }
      const backupName = await keepUnreadableCopy(name, entries.main);
      // Without a copy, the next write would destroy the only one: keep writes blocked.
      if (backupName === undefined) {
        options.onReadProblem?.(backupFailedMessage);
        return null;
      }
      hasRead = true;
      options.onReadProblem?.(unreadableStateMessage(backupName));
      // The chats have entries of their own and were read: only the settings are lost.
      return conversations.size > 0 ? { state: { conversations: orderConversations([], conversations) } as unknown as S } : null;
    },
    async setItem(name, value) {
      if (!hasRead) return;
      pending = { name, value };
      if (timer !== undefined) return;
      const wait = lastWriteAt + intervalMs - Date.now();
      if (wait <= 0) await flush();
      else timer = setTimeout(() => void flush(), wait);
    },
    async removeItem(name) {
      if (pending?.name === name) pending = undefined;
      // A write failing after this must not bring the removed state back.
      generation += 1;
      await deleteStateEntries(name);
      written.clear();
      maybeStored.clear();
      storedPages.clear();
    },
    flush,
    adoptStoredConversations(conversations) {
      for (const conversation of conversations) {
        if (!written.has(conversation.id)) continue;
        written.set(conversation.id, conversation);
        const known = storedPages.get(conversation.id);
        const pages = known?.layout && !known.written && conversation.messages ? storedPagesToAdopt(conversation.messages, known.layout) : undefined;
        if (pages) storedPages.set(conversation.id, { count: pages.length, written: pages });
      }
    },
    async readConversations(name, ids) {
      const wanted = ids.filter((id) => !unreadable.has(id));
      return [...(await readConversations(name, await readConversationEntries(name, wanted))).values()];
    },
    async readConversationSlice(name, after, count) {
      const entries = await readConversationEntrySlice(name, after, count);
      const prefix = conversationKeyPrefix(name);
      const fresh = entries.filter(([key]) => !touched.has(key.slice(prefix.length)) && !unreadable.has(key.slice(prefix.length)));
      return { conversations: [...(await readConversations(name, fresh)).values()], last: entries.at(-1)?.[0] };
    },
  };
}
