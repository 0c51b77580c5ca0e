import { createDraftBackup } from "./draftBackup";
import type { DraftBackup } from "./draftBackup";
import { readEntriesWithPrefix, writeStateEntries } from "./stateEntries";
import { whenPageHides } from "./whenPageHides";

/**
 * What the person has typed in each chat's Message box and not sent, kept across chat switches,
 * reloads and closed tabs. Each chat's draft is its own IndexedDB entry (`tramontane-draft:<chat
 * id>`), so two tabs typing in different chats never overwrite each other; the box of a chat
 * not created yet keeps its draft under `newChatDraftKey`. Writes wait for a pause in typing,
 * and are made at once when the page hides or a draft is emptied (sent); as the page hides, what
 * is pending is also copied to localStorage (draftBackup.ts), which the next page reads.
 */
export const draftKeyPrefix = "tramontane-draft:";
export const newChatDraftKey = "new";

export interface DraftStorage {
  /** The drafts as stored, read once: later calls give the same answer. Never rejects. */
  read: () => Promise<ReadonlyMap<string, string>>;
  /** The latest draft of `key` ("" when none). */
  get: (key: string) => string;
  /** Keeps `text` as the draft of `key`; "" (or only spaces) forgets it. */
  save: (key: string, text: string) => void;
  /** Forgets the drafts of chats that are not in `chatIds` (the new chat's is kept). */
  forgetAllBut: (chatIds: ReadonlySet<string>) => void;
  /** Writes what is pending now. Never rejects: a draft that cannot be written is not worth an error. */
  flush: () => Promise<void>;
}

export function createDraftStorage({ pauseMs = 500, backup = createDraftBackup() }: { pauseMs?: number; backup?: DraftBackup } = {}): DraftStorage {
  const drafts = new Map<string, string>();
  const dirty = new Set<string>();
  // Keys whose write has started and not landed yet, with how many such writes there are.
  const writing = new Map<string, number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let reading: Promise<ReadonlyMap<string, string>> | undefined;

  const flush = async () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (dirty.size === 0) return;
    const keys = [...dirty];
    dirty.clear();
    keys.forEach((key) => writing.set(key, (writing.get(key) ?? 0) + 1));
    const puts = keys.flatMap((key): [string, string][] => (drafts.has(key) ? [[draftKeyPrefix + key, drafts.get(key) ?? ""]] : []));
    const deletes = keys.filter((key) => !drafts.has(key)).map((key) => draftKeyPrefix + key);
    try {
      await writeStateEntries(puts, deletes);
      backup.drop(keys);
    } catch {
      // Storage full or broken: the app's own save reports that; the draft is still in the box.
    } finally {
      for (const key of keys) {
        const left = (writing.get(key) ?? 1) - 1;
        if (left > 0) writing.set(key, left);
        else writing.delete(key);
      }
    }
  };

  const mark = (key: string) => {
    dirty.add(key);
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => void flush(), pauseMs);
  };

  whenPageHides(() => {
    backup.write([...new Set([...dirty, ...writing.keys()])].map((key) => [key, drafts.get(key) ?? ""]));
    void flush();
  });

  const readStored = async (): Promise<ReadonlyMap<string, string>> => {
    let entries: [string, unknown][] = [];
    try {
      entries = await readEntriesWithPrefix(draftKeyPrefix);
    } catch {
      // Nothing could be read: the boxes start empty.
    }
    const stored = new Map<string, string>();
    for (const [key, value] of entries) if (typeof value === "string") stored.set(key.slice(draftKeyPrefix.length), value);
    // Copies left by a page that went away before its write landed: newer than IndexedDB's.
    const backedUp = backup.read();
    for (const [key, text] of backedUp) stored.set(key, text);
    for (const [key, text] of stored) {
      // Typed in this tab meanwhile: newer than what was stored.
      if (drafts.has(key) || dirty.has(key)) continue;
      if (text.trim() !== "") drafts.set(key, text);
    }
    for (const [key] of backedUp) dirty.add(key);
    if (backedUp.length > 0) void flush();
    return drafts;
  };

  return {
    read: () => (reading ??= readStored()),
    get: (key) => drafts.get(key) ?? "",
    save: (key, text) => {
      if ((drafts.get(key) ?? "") === text) return;
      if (text.trim() !== "") {
        drafts.set(key, text);
        mark(key);
        return;
      }
      // Emptied (most often: sent): forgotten at once, not after a pause, so that a reload soon
      // after sending cannot bring a sent message back into the box.
      drafts.delete(key);
      dirty.add(key);
      void flush();
    },
    forgetAllBut: (chatIds) => {
      for (const key of [...drafts.keys()]) {
        if (key === newChatDraftKey || chatIds.has(key)) continue;
        drafts.delete(key);
        mark(key);
      }
    },
    flush,
  };
}
