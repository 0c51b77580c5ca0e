import { keepUnreadableCopy } from "./keepUnreadableCopy";
import type { PersistStorage, StorageValue } from "zustand/middleware";
import { conversationKeyPrefix, deleteStateEntries, readStateEntries, writeStateEntries } from "./stateEntries";

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
 *   which for a big history was a 100 ms task every 300 ms while a reply streamed;
 * - serialising on every token would cost the main thread as much, so the state is serialised
 *   only when it is actually written;
 * - a write the browser refuses (storage full, IndexedDB broken) is reported, never thrown, and
 *   its state stays pending, so the next change or flush tries the latest state again;
 * - stored text that cannot be read is copied aside before the app starts afresh, so a later
 *   write never destroys the only copy of someone's chats.
 */
export interface IdbStateStorage<S extends SplitState> extends PersistStorage<S, Promise<void>> {
  /** Writes the latest pending state now. Never rejects: failures go to `onSaveResult`. */
  flush: () => Promise<void>;
  /**
   * Tells the storage which chats in the state are the ones it read (as the app checked them, so
   * new objects), so that they are not all written again on the first save after a start.
   */
  adoptStoredConversations: (conversations: readonly StoredConversation[]) => void;
}

export interface StoredConversation {
  id: string;
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
}

export const storageFullMessage =
  "The browser's storage for this site is full, so your latest changes are not saved yet. Free some space (for example, delete a downloaded model) and they will be saved with your next change.";
export const saveFailedMessage =
  "Your latest changes could not be saved: the browser's storage refused them. They will be tried again with your next change.";
export const storageUnavailableMessage =
  "Your saved chats and settings could not be opened: this browser is not letting the site use its storage (a private window can cause this). You can keep chatting, but what you do now may not be kept.";
export const backupFailedMessage =
  "Your saved chats could not be read, and no copy of them could be kept. So that they are not overwritten, nothing will be saved until the page is reloaded.";

export function unreadableStateMessage(backupName: string): string {
  return `Your saved chats could not be read; a copy was kept in this browser's storage under the name "${backupName}", and the app started with its defaults.`;
}

export function unreadableConversationMessage(backupName: string | undefined): string {
  return backupName === undefined
    ? "One of your saved chats could not be read and was left out; it stays stored as it was."
    : `One of your saved chats could not be read and was left out; a copy was kept in this browser's storage under the name "${backupName}".`;
}

/** Quota errors are DOMExceptions named QuotaExceededError; older engines used code 22. */
function isQuotaError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  return ("name" in error && error.name === "QuotaExceededError") || ("code" in error && error.code === 22);
}

/** The stored text as zustand's envelope `{ state, version }`, or undefined when it is not one. */
function parseStoredText<S>(stored: unknown): StorageValue<S> | undefined {
  if (typeof stored !== "string") return undefined;
  try {
    const parsed: unknown = JSON.parse(stored);
    // The state inside is checked field by field when it is merged (sanitizePersistedState).
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as StorageValue<S>) : undefined;
  } catch {
    return undefined;
  }
}

/** A chat's stored text as a value; the app checks its shape when merging. */
function parseConversationText(stored: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof stored !== "string") return { ok: false };
  try {
    return { ok: true, value: JSON.parse(stored) };
  } catch {
    return { ok: false };
  }
}

/** The chats in their saved order (the main entry's `conversationIds`); any other stored chat after them. */
function orderConversations(listed: unknown, byId: Map<string, unknown>): unknown[] {
  const ordered: unknown[] = [];
  const placed = new Set<string>();
  for (const id of Array.isArray(listed) ? listed : []) {
    const conversation = typeof id === "string" && !placed.has(id) ? byId.get(id) : undefined;
    if (conversation === undefined) continue;
    ordered.push(conversation);
    placed.add(id as string);
  }
  // Saved by a tab whose list did not have them yet, or listed by a save that never landed.
  for (const [id, conversation] of byId) if (!placed.has(id)) ordered.push(conversation);
  return ordered;
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
  let written = new Map<string, object | null>();
  // Chats that may have an entry (written, or a write of them under way): deleted when they leave the state.
  const maybeStored = new Set<string>();
  let latestWrittenIds = new Set<string>();

  /** What to put and delete for a state: its changed chats, the gone ones, and the main entry. */
  const entriesFor = (name: string, value: StorageValue<S>) => {
    const conversations = value.state.conversations;
    if (!conversations) return { puts: [[name, JSON.stringify(value)]] as [string, string][], deletes: [], deletedIds: [], ids: undefined };
    const prefix = conversationKeyPrefix(name);
    const ids = new Set<string>();
    const puts: [string, string][] = [];
    for (const conversation of conversations) {
      ids.add(conversation.id);
      if (written.get(conversation.id) === conversation) continue;
      const stored = options.prepareConversation ? options.prepareConversation(conversation) : conversation;
      puts.push([prefix + conversation.id, JSON.stringify(stored)]);
    }
    const deletes = [...maybeStored].filter((id) => !ids.has(id));
    // The chats are in their own entries; the main one lists them in order.
    puts.push([name, JSON.stringify({ ...value, state: { ...value.state, conversations: undefined, conversationIds: [...ids] } })]);
    return { puts, deletes: deletes.map((id) => prefix + id), deletedIds: deletes, ids };
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
    const { puts, deletes, deletedIds, ids } = entriesFor(write.name, write.value);
    if (ids) {
      for (const id of ids) maybeStored.add(id);
      // A chat deleted here and brought back (undo) before this lands must be written again.
      for (const id of deletedIds) written.delete(id);
      latestWrittenIds = ids;
    }
    try {
      await writeStateEntries(puts, deletes);
    } catch (error) {
      if (pending === undefined && generation === writeGeneration) pending = write;
      options.onSaveResult?.({ ok: false, message: isQuotaError(error) ? storageFullMessage : saveFailedMessage });
      return;
    }
    const conversations = write.value.state.conversations;
    if (conversations) written = new Map(conversations.map((conversation) => [conversation.id, conversation]));
    // Unless a later write (an undo) has put the chat back meanwhile.
    for (const id of deletedIds) if (!latestWrittenIds.has(id)) maybeStored.delete(id);
    options.onSaveResult?.({ ok: true });
  };

  if (typeof window !== "undefined") {
    window.addEventListener("pagehide", () => void flush());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") void flush();
    });
  }

  /** The stored chats by id; one that cannot be read is copied aside and reported. */
  const readConversations = async (name: string, entries: [string, unknown][]): Promise<Map<string, unknown>> => {
    const prefix = conversationKeyPrefix(name);
    const byId = new Map<string, unknown>();
    for (const [key, stored] of entries) {
      const id = key.slice(prefix.length);
      written.set(id, null);
      maybeStored.add(id);
      const parsed = parseConversationText(stored);
      if (parsed.ok) {
        byId.set(id, parsed.value);
        continue;
      }
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

  return {
    async getItem(name) {
      let entries: Awaited<ReturnType<typeof readStateEntries>>;
      try {
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
      written = new Map();
      maybeStored.clear();
    },
    flush,
    adoptStoredConversations(conversations) {
      for (const conversation of conversations) if (written.has(conversation.id)) written.set(conversation.id, conversation);
    },
  };
}
