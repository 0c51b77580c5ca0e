import { del, get, set } from "idb-keyval";
import { keepUnreadableCopy } from "./keepUnreadableCopy";
import type { PersistStorage, StorageValue } from "zustand/middleware";

/**
 * zustand persist storage on IndexedDB (idb-keyval), stored as JSON text, with these guards:
 * - zustand's persist writes on every state change, even before the stored state has been read;
 *   such an early write would replace what the person saved with defaults, so writes are dropped
 *   until the first read has finished;
 * - a streaming reply changes the state on every token; writing all of it each time would be
 *   wasteful, so writes are coalesced: a change after a quiet spell is written at once, the
 *   changes that follow within `intervalMs` once at its end, and pending ones when the page hides;
 * - serialising every conversation on every token would cost the main thread as much, so the
 *   state is serialised only when it is actually written;
 * - a write the browser refuses (storage full, IndexedDB broken) is reported, never thrown, and
 *   its state stays pending, so the next change or flush tries the latest state again;
 * - stored text that cannot be read is copied aside before the app starts afresh, so a later
 *   write never destroys the only copy of someone's chats.
 */
export interface IdbStateStorage<S> extends PersistStorage<S, Promise<void>> {
  /** Writes the latest pending state now. Never rejects: failures go to `onSaveResult`. */
  flush: () => Promise<void>;
}

export type SaveResult = { ok: true } | { ok: false; message: string };

export interface IdbStateStorageOptions<S> {
  intervalMs?: number;
  /** Called after every write that reached IndexedDB (or was refused by it). */
  onSaveResult?: (result: SaveResult) => void;
  /** Called when the stored state could not be read; the app then starts from its defaults. */
  onReadProblem?: (message: string) => void;
  /**
   * Turns the state into what is written, only when it is written (at most every `intervalMs`),
   * rather than on every change: work done here does not run on every streamed token.
   */
  prepareForWrite?: (value: StorageValue<S>) => StorageValue<S>;
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

export function createIdbStateStorage<S>(options: IdbStateStorageOptions<S> = {}): IdbStateStorage<S> {
  const intervalMs = options.intervalMs ?? 300;
  let hasRead = false;
  let pending: { name: string; value: StorageValue<S> } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastWriteAt = Number.NEGATIVE_INFINITY;
  // Counts states taken for writing (and removals): a failed write is put back as pending only
  // if nothing newer was taken since, so an old state never overwrites a newer one.
  let generation = 0;

  const flush = async () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const write = pending;
    pending = undefined;
    if (!write) return;
    generation += 1;
    const writeGeneration = generation;
    lastWriteAt = Date.now();
    try {
      await set(write.name, JSON.stringify(options.prepareForWrite ? options.prepareForWrite(write.value) : write.value));
    } catch (error) {
      if (pending === undefined && generation === writeGeneration) pending = write;
      options.onSaveResult?.({ ok: false, message: isQuotaError(error) ? storageFullMessage : saveFailedMessage });
      return;
    }
    options.onSaveResult?.({ ok: true });
  };

  if (typeof window !== "undefined") {
    window.addEventListener("pagehide", () => void flush());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") void flush();
    });
  }

  return {
    async getItem(name) {
      let stored: unknown;
      try {
        stored = await get<unknown>(name);
      } catch {
        // Nothing could be read, so nothing can be overwritten by mistake: let writes happen,
        // they may work later (and report their own failures if not).
        hasRead = true;
        options.onReadProblem?.(storageUnavailableMessage);
        return null;
      }
      if (stored === undefined) {
        hasRead = true;
        return null;
      }
      const value = parseStoredText<S>(stored);
      if (value) {
        hasRead = true;
        return value;
      }
      const backupName = await keepUnreadableCopy(name, stored);
      // Without a copy, the next write would destroy the only one: keep writes blocked.
      if (backupName === undefined) {
        options.onReadProblem?.(backupFailedMessage);
        return null;
      }
      hasRead = true;
      options.onReadProblem?.(unreadableStateMessage(backupName));
      return null;
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
      await del(name);
    },
    flush,
  };
}
