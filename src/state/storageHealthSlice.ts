import type { StateCreator } from "zustand";
import type { SaveResult } from "../storage/idbStateStorage";
import type { AppState, StoreMutators } from "./store";

/** Whether the app's state reached IndexedDB, and what could not be read back: shown as banners. */
export interface StorageHealthSlice {
  /** Set while the latest changes are only in memory; cleared by the next good save. */
  saveError?: string;
  /** What could not be read from storage at start, in plain words; kept until dismissed. */
  readProblems: string[];
  reportSaveResult: (result: SaveResult) => void;
  reportReadProblems: (problems: string[]) => void;
  dismissReadProblems: () => void;
}

export const createStorageHealthSlice: StateCreator<AppState, StoreMutators, [], StorageHealthSlice> = (set, get) => ({
  readProblems: [],
  reportSaveResult: (result) => {
    const saveError = result.ok ? undefined : result.message;
    // Every state change is itself saved: setting the same value again would start a save loop.
    if (get().saveError !== saveError) set({ saveError });
  },
  reportReadProblems: (problems) => {
    if (problems.length > 0) set((state) => ({ readProblems: [...state.readProblems, ...problems] }));
  },
  dismissReadProblems: () => set({ readProblems: [] }),
});
