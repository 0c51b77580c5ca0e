import { useSyncExternalStore } from "react";
import { create } from "zustand";
import { persist } from "zustand/middleware";
import { createIdbStateStorage } from "../storage/idbStateStorage";
import { keepUnreadableCopy } from "../storage/keepUnreadableCopy";
import type { BenchmarkSlice } from "./benchmarkSlice";
import { createBenchmarkSlice } from "./benchmarkSlice";
import type { ChatSlice } from "./chatSlice";
import { conversationHeader, conversationToSave } from "./conversations";
import { createChatSlice } from "./chatSlice";
import type { ConversationsSlice } from "./conversationsSlice";
import { createConversationsSlice } from "./conversationsSlice";
import type { DeviceSlice } from "./deviceSlice";
import type { GgufSlice } from "./ggufSlice";
import { createGgufSlice } from "./ggufSlice";
import { createDeviceSlice } from "./deviceSlice";
import type { LocalEngineSlice } from "./localEngineSlice";
import { createLocalEngineSlice } from "./localEngineSlice";
import type { SelfHostedSlice } from "./selfHostedSlice";
import { createSelfHostedSlice } from "./selfHostedSlice";
import { sanitizePersistedState } from "./sanitizePersistedState";
import type { SettingsSlice } from "./settingsSlice";
import { createSettingsSlice } from "./settingsSlice";
import type { StorageHealthSlice } from "./storageHealthSlice";
import type { StoredConversationsSlice } from "./storedConversationsSlice";
import { createStoredConversationsSlice } from "./storedConversationsSlice";
import { createStorageHealthSlice } from "./storageHealthSlice";

export type AppState = SettingsSlice &
  ConversationsSlice &
  StoredConversationsSlice &
  ChatSlice &
  DeviceSlice &
  LocalEngineSlice &
  GgufSlice &
  SelfHostedSlice &
  StorageHealthSlice &
  BenchmarkSlice;
/** Middleware the slices run under, so their `set` has the persist middleware's type. */
export type StoreMutators = [["zustand/persist", unknown]];

/** What is written to IndexedDB. The API key only when the person asked to remember it. */
export type PersistedState = Pick<
  AppState,
  "rememberKey" | "apiBaseUrl" | "model" | "sampling" | "engineKind" | "engineChosen" | "localModelId" | "conversations" | "activeConversationId" | "contextTokens" | "selfHostedUrl" | "selfHostedModel" | "persistenceNoticeDismissed" | "ggufModelId"
> &
  // benchmarkRuns: absent from state saved before the benchmark existed.
  Partial<Pick<AppState, "apiKey" | "benchmarkRuns">>;

export const persistVersion = 1;
const persistName = "tramontane-state";

export function partializeState(state: AppState): PersistedState {
  const persisted: PersistedState = {
    rememberKey: state.rememberKey,
    apiBaseUrl: state.apiBaseUrl,
    model: state.model,
    sampling: state.sampling,
    engineKind: state.engineKind,
    engineChosen: state.engineChosen,
    // As they are: a streaming reply is marked incomplete when written (prepareConversation below), not
    // here, because this runs on every streamed token and would walk every message each time.
    conversations: state.conversations,
    activeConversationId: state.activeConversationId,
    localModelId: state.localModelId,
    contextTokens: state.contextTokens,
    selfHostedUrl: state.selfHostedUrl,
    selfHostedModel: state.selfHostedModel,
    persistenceNoticeDismissed: state.persistenceNoticeDismissed,
    ggufModelId: state.ggufModelId,
    benchmarkRuns: state.benchmarkRuns,
  };
  if (state.rememberKey && state.apiKey) persisted.apiKey = state.apiKey;
  return persisted;
}

/**
 * Stored state from older versions is brought up to date here, one version step at a time.
 * Version 1 is the first. Whatever comes out is still checked field by field in
 * `mergePersistedState`, so data from an unknown version keeps whatever can be read.
 */
export function migratePersistedState(persisted: unknown): PersistedState {
  return persisted as PersistedState;
}

/** Keeps a copy of stored data the app could not use (before a save drops it), and tells the person where. */
function keepCopyAndSayWhere(name: string, text: string, what: string): void {
  void keepUnreadableCopy(name, text).then((backupName) => {
    if (backupName) useAppStore.getState().reportReadProblems([`A copy of ${what} was kept in this browser's storage under the name "${backupName}".`]);
  });
}

/**
 * Stored state is untrusted (another version, a hand edit, a broken disk): only fields of the right
 * shape replace the defaults, and what was left out is reported to the person, not silently lost.
 */
export function mergePersistedState(persisted: unknown, current: AppState): AppState {
  // Nothing stored yet: a first visit.
  if (persisted === undefined || persisted === null) return current;
  const { state, problems } = sanitizePersistedState(persisted);
  if (problems.length > 0) {
    keepCopyAndSayWhere(persistName, JSON.stringify({ state: persisted }), "everything that was stored");
  }
  // Read with the list's headers only: the stored chats are read next (storedConversationsSlice.ts),
  // including any the list does not name (saved by another tab).
  const readByHeaders = typeof persisted === "object" && Array.isArray((persisted as { conversationHeaders?: unknown }).conversationHeaders);
  return { ...current, ...state, allConversationsLoaded: !readByHeaders, readProblems: [...current.readProblems, ...problems] };
}

/** The IndexedDB storage; save failures and unreadable data become state the UI shows. */
const stateStorage = createIdbStateStorage<PersistedState>({
  // A reply still streaming is stored as incomplete: if the page closes now, that is what it is.
  prepareConversation: conversationToSave,
  headerOf: conversationHeader,
  onSaveResult: (result) => useAppStore.getState().reportSaveResult(result),
  onReadProblem: (message) => useAppStore.getState().reportReadProblems([message]),
});

/** Tries the failed save again now (the banner's button), instead of waiting for the next change. */
export function retrySave(): Promise<void> {
  return stateStorage.flush();
}

const storedConversations = createStoredConversationsSlice({
  readConversations: (ids) => stateStorage.readConversations(persistName, ids),
  readConversationSlice: (after, count) => stateStorage.readConversationSlice(persistName, after, count),
  adoptStoredConversations: (conversations) => stateStorage.adoptStoredConversations(conversations),
  keepUnreadable: (value) => {
    keepCopyAndSayWhere(`${persistName}:conversation`, JSON.stringify(value), "the chat that could not be read");
  },
});

export const useAppStore = create<AppState>()(
  persist(
    (...args) => ({
      ...createSettingsSlice(...args),
      ...createConversationsSlice(...args),
      ...storedConversations(...args),
      ...createChatSlice(...args),
      ...createDeviceSlice(...args),
      ...createLocalEngineSlice(...args),
      ...createGgufSlice(...args),
      ...createSelfHostedSlice(...args),
      ...createStorageHealthSlice(...args),
      ...createBenchmarkSlice(...args),
    }),
    {
      name: persistName,
      version: persistVersion,
      storage: stateStorage,
      partialize: partializeState,
      migrate: migratePersistedState,
      merge: mergePersistedState,
      // The chats just read are already stored: the first save writes only what changes.
      onRehydrateStorage: () => (state) => {
        if (state) stateStorage.adoptStoredConversations(state.conversations);
      },
    },
  ),
);

/**
 * While a reply streams, writes are coalesced (every 300 ms at most); the reply's end is written at
 * once, so a reload or a closed tab right after it cannot lose the finished reply (a write started
 * while the page unloads may never complete).
 */
useAppStore.subscribe((state, previous) => {
  if (previous.isGenerating && !state.isGenerating) void stateStorage.flush();
});

/**
 * Runs `action` once the stored settings and chats have been read (now, if they have). Until then
 * the store holds defaults, and reading the stored state replaces them: an action taken before
 * (a click on New chat in the first moments of a start) would be undone. Returns a function that
 * cancels a wait.
 */
export function whenSavedStateRead(action: () => void): () => void {
  if (useAppStore.persist.hasHydrated()) {
    action();
    return () => undefined;
  }
  const stop = useAppStore.persist.onFinishHydration(() => {
    stop();
    action();
  });
  return stop;
}

/**
 * True once the stored settings and chats have been read. Until then the UI shows nothing that
 * depends on them (which engine, which welcome), so the first screen, prerendered at build time,
 * is the same for everyone and never shows a first visit's choices to someone returning.
 */
export function useHasHydrated(): boolean {
  return useSyncExternalStore(
    (onChange) => useAppStore.persist.onFinishHydration(onChange),
    () => useAppStore.persist.hasHydrated(),
    () => false,
  );
}
