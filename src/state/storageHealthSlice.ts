import type { StateCreator } from "zustand";
import type { SaveResult } from "../storage/idbStateStorage";
import type { StoragePersistence } from "../storage/persistentStorage";
import { requestPersistentStorage } from "../storage/persistentStorage";
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
  /** Whether the browser promised not to evict the app's data; asked once there is much to lose. */
  storagePersistence: StoragePersistence;
  persistenceNoticeDismissed: boolean;
  askForPersistentStorage: () => Promise<void>;
  dismissPersistenceNotice: () => void;
}

/** Enough to lose that the browser should be asked to keep it: a downloaded model, or ten chats. */
export function hasMuchToLose(state: Pick<AppState, "conversations" | "modelCache">): boolean {
  return state.conversations.length >= 10 || Object.values(state.modelCache).some((status) => status?.state === "ready");
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

  storagePersistence: "unknown",
  persistenceNoticeDismissed: false,
  askForPersistentStorage: async () => {
    if (get().storagePersistence !== "unknown") return;
    // Marked at once so that the state changes that follow do not ask again meanwhile.
    set({ storagePersistence: "unsupported" });
    set({ storagePersistence: await requestPersistentStorage() });
  },
  dismissPersistenceNotice: () => set({ persistenceNoticeDismissed: true }),
});
