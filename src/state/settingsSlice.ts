import type { StateCreator } from "zustand";
import type { EngineErrorData } from "../engines/engineError";
import { EngineError } from "../engines/engineError";
import { listMistralApiModels } from "../engines/engineService";
import type { SamplingSettings } from "../engines/types";
import type { AppState, StoreMutators } from "./store";

export const defaultApiBaseUrl = "https://api.mistral.ai";
export const defaultMistralModel = "mistral-small-latest";
/** Offered before the key has been checked; replaced by the live list from GET /v1/models. */
export const knownMistralModels = [
  "mistral-small-latest",
  "mistral-medium-latest",
  "mistral-large-latest",
  "ministral-8b-latest",
  "ministral-3b-latest",
  "codestral-latest",
  "open-mistral-nemo",
];
export const defaultSampling: SamplingSettings = { temperature: 0.7, topP: 1 };

export type ModelListState =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "ready"; models: string[] }
  | { status: "error"; error: EngineErrorData };

export interface SettingsSlice {
  /** Lives only in memory unless `rememberKey` is set (see partialize in store.ts). */
  apiKey: string;
  rememberKey: boolean;
  apiBaseUrl: string;
  model: string;
  sampling: SamplingSettings;
  modelList: ModelListState;
  isSettingsOpen: boolean;
  openSettings: () => void;
  closeSettings: () => void;
  setApiKey: (apiKey: string) => void;
  setRememberKey: (remember: boolean) => void;
  forgetKey: () => void;
  setApiBaseUrl: (url: string) => void;
  setModel: (model: string) => void;
  refreshModels: () => Promise<void>;
}

let modelListRequest: AbortController | undefined;

export const createSettingsSlice: StateCreator<AppState, StoreMutators, [], SettingsSlice> = (set, get) => ({
  apiKey: "",
  rememberKey: false,
  apiBaseUrl: defaultApiBaseUrl,
  model: defaultMistralModel,
  sampling: defaultSampling,
  modelList: { status: "idle" },
  isSettingsOpen: false,
  openSettings: () => set({ isSettingsOpen: true }),
  closeSettings: () => set({ isSettingsOpen: false }),

  // Typing a key while the cloud is the engine is choosing it: the first-run plan has done its job.
  setApiKey: (apiKey) =>
    set((state) => ({
      apiKey: apiKey.trim(),
      modelList: { status: "idle" },
      engineChosen: state.engineChosen || (state.engineKind === "mistral-api" && apiKey.trim() !== ""),
    })),
  setRememberKey: (rememberKey) => set({ rememberKey }),
  forgetKey: () => {
    modelListRequest?.abort();
    set({ apiKey: "", rememberKey: false, modelList: { status: "idle" } });
  },
  setApiBaseUrl: (apiBaseUrl) => set({ apiBaseUrl, modelList: { status: "idle" } }),
  setModel: (model) => set({ model }),

  refreshModels: async () => {
    const { apiKey, apiBaseUrl } = get();
    modelListRequest?.abort();
    if (!apiKey) {
      set({ modelList: { status: "idle" } });
      return;
    }
    const request = new AbortController();
    modelListRequest = request;
    set({ modelList: { status: "loading" } });
    try {
      const models = await listMistralApiModels({ apiKey, baseUrl: apiBaseUrl || defaultApiBaseUrl }, request.signal);
      if (request.signal.aborted) return;
      set({ modelList: { status: "ready", models } });
    } catch (error) {
      if (request.signal.aborted) return;
      const engineError = error instanceof EngineError ? error : new EngineError("UNKNOWN");
      set({ modelList: { status: "error", error: engineError.toData() } });
    }
  },
});
