import { useSyncExternalStore } from "react";
import { create } from "zustand";
import { persist } from "zustand/middleware";
import { createIdbStateStorage } from "../storage/idbStateStorage";
import type { ChatSlice } from "./chatSlice";
import { conversationsToSave } from "./conversations";
import { createChatSlice } from "./chatSlice";
import type { ConversationsSlice } from "./conversationsSlice";
import { createConversationsSlice } from "./conversationsSlice";
import type { DeviceSlice } from "./deviceSlice";
import { createDeviceSlice } from "./deviceSlice";
import type { LocalEngineSlice } from "./localEngineSlice";
import { createLocalEngineSlice } from "./localEngineSlice";
import type { SelfHostedSlice } from "./selfHostedSlice";
import { createSelfHostedSlice } from "./selfHostedSlice";
import type { SettingsSlice } from "./settingsSlice";
import { createSettingsSlice } from "./settingsSlice";

export type AppState = SettingsSlice & ConversationsSlice & ChatSlice & DeviceSlice & LocalEngineSlice & SelfHostedSlice;
/** Middleware the slices run under, so their `set` has the persist middleware's type. */
export type StoreMutators = [["zustand/persist", unknown]];

/** What is written to IndexedDB. The API key only when the person asked to remember it. */
export type PersistedState = Pick<
  AppState,
  "rememberKey" | "apiBaseUrl" | "model" | "sampling" | "engineKind" | "engineChosen" | "localModelId" | "conversations" | "activeConversationId" | "contextTokens" | "selfHostedUrl" | "selfHostedModel"
> &
  Partial<Pick<AppState, "apiKey">>;

export const persistVersion = 1;

export function partializeState(state: AppState): PersistedState {
  const persisted: PersistedState = {
    rememberKey: state.rememberKey,
    apiBaseUrl: state.apiBaseUrl,
    model: state.model,
    sampling: state.sampling,
    engineKind: state.engineKind,
    engineChosen: state.engineChosen,
    conversations: conversationsToSave(state.conversations),
    activeConversationId: state.activeConversationId,
    localModelId: state.localModelId,
    contextTokens: state.contextTokens,
    selfHostedUrl: state.selfHostedUrl,
    selfHostedModel: state.selfHostedModel,
  };
  if (state.rememberKey && state.apiKey) persisted.apiKey = state.apiKey;
  return persisted;
}

/** Stored state from older versions is brought up to date here, one version step at a time. */
export function migratePersistedState(persisted: unknown, version: number): PersistedState {
  // Version 1 is the first; anything else is unknown data: start from defaults, keep nothing.
  if (version === persistVersion) return persisted as PersistedState;
  return {} as PersistedState;
}

export const useAppStore = create<AppState>()(
  persist(
    (...args) => ({
      ...createSettingsSlice(...args),
      ...createConversationsSlice(...args),
      ...createChatSlice(...args),
      ...createDeviceSlice(...args),
      ...createLocalEngineSlice(...args),
      ...createSelfHostedSlice(...args),
    }),
    {
      name: "tramontane-state",
      version: persistVersion,
      storage: createIdbStateStorage<PersistedState>(),
      partialize: partializeState,
      migrate: migratePersistedState,
    },
  ),
);

/** True once the stored settings have been read; the UI waits for it before allowing edits. */
export function useHasHydrated(): boolean {
  return useSyncExternalStore(
    (onChange) => useAppStore.persist.onFinishHydration(onChange),
    () => useAppStore.persist.hasHydrated(),
  );
}
