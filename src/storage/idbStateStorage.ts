import { del, get, set } from "idb-keyval";
import type { PersistStorage, StorageValue } from "zustand/middleware";

/**
 * zustand persist storage on IndexedDB (idb-keyval), stored as JSON text, with three guards:
 * - zustand's persist writes on every state change, even before the stored state has been read;
 *   such an early write would replace what the person saved with defaults, so writes are dropped
 *   until the first read has finished;
 * - a streaming reply changes the state on every token; writing all of it each time would be
 *   wasteful, so writes are coalesced: a change after a quiet spell is written at once, the
 *   changes that follow within `intervalMs` once at its end, and pending ones when the page hides;
 * - serialising every conversation on every token would cost the main thread as much, so the
 *   state is serialised only when it is actually written.
 */
export interface IdbStateStorage<S> extends PersistStorage<S, Promise<void>> {
  /** Writes the latest pending state now. */
  flush: () => Promise<void>;
}

export function createIdbStateStorage<S>(options: { intervalMs?: number } = {}): IdbStateStorage<S> {
  const intervalMs = options.intervalMs ?? 300;
  let hasRead = false;
  let pending: { name: string; value: StorageValue<S> } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastWriteAt = Number.NEGATIVE_INFINITY;

  const flush = async () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const write = pending;
    pending = undefined;
    if (!write) return;
    lastWriteAt = Date.now();
    await set(write.name, JSON.stringify(write.value));
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
        const text = await get<string>(name);
        return typeof text === "string" ? (JSON.parse(text) as StorageValue<S>) : null;
      } finally {
        hasRead = true;
      }
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
      await del(name);
    },
    flush,
  };
}
