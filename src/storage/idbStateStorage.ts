import { del, get, set } from "idb-keyval";
import type { StateStorage } from "zustand/middleware";

/**
 * zustand persist storage on IndexedDB (idb-keyval), with two guards:
 * - zustand's persist writes on every state change, even before the stored state has been read;
 *   such an early write would replace what the person saved with defaults, so writes are dropped
 *   until the first read has finished;
 * - a streaming reply changes the state on every token; writing all of it each time would be
 *   wasteful, so writes are coalesced: at most one per `intervalMs`, always the latest state, and
 *   flushed at once when the page is hidden or closed.
 */
export interface IdbStateStorage extends StateStorage<Promise<void>> {
  /** Writes the latest pending state now. */
  flush: () => Promise<void>;
}

export function createIdbStateStorage(options: { intervalMs?: number } = {}): IdbStateStorage {
  const intervalMs = options.intervalMs ?? 300;
  let hasRead = false;
  let pending: { name: string; value: string } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastWriteAt = Number.NEGATIVE_INFINITY;

  const flush = async () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const write = pending;
    pending = undefined;
    if (!write) return;
    lastWriteAt = Date.now();
    await set(write.name, write.value);
  };

  if (typeof window !== "undefined") {
    window.addEventListener("pagehide", () => void flush());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") void flush();
    });
  }

  return {
    async getItem(name) {
      try {
        const value = await get<string>(name);
        return value ?? null;
      } finally {
        hasRead = true;
      }
    },
    async setItem(name, value) {
      if (!hasRead) return;
      pending = { name, value };
      if (timer !== undefined) return;
      // A change after a quiet spell (a message sent, a setting changed) is written at once; the
      // changes that follow within the interval (tokens) are written once, at its end.
      const wait = lastWriteAt + intervalMs - Date.now();
      if (wait <= 0) await flush();
      else timer = setTimeout(() => void flush(), wait);
    },
    async removeItem(name) {
      if (pending?.name === name) pending = undefined;
      await del(name);
    },
    flush,
  };
}
