import { del, get, set } from "idb-keyval";
import type { StateStorage } from "zustand/middleware";

/**
 * zustand persist storage on IndexedDB (idb-keyval). zustand's persist writes on every state
 * change, even before the stored state has been read; such an early write would replace what the
 * person saved with defaults. So writes are dropped until the first read has finished.
 */
export function createIdbStateStorage(): StateStorage<Promise<void>> {
  let hasRead = false;
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
      await set(name, value);
    },
    async removeItem(name) {
      await del(name);
    },
  };
}
