import type { StateCreator } from "zustand";
import { EngineError } from "../engines/engineError";
import { listOpenAiCompatibleModels } from "../engines/engineService";
import type { ModelListState } from "./settingsSlice";
import type { AppState, StoreMutators } from "./store";

/** Ollama's OpenAI-compatible endpoint, the most common self-hosted set-up. */
export const defaultSelfHostedUrl = "http://localhost:11434/v1";

export interface SelfHostedSlice {
  selfHostedUrl: string;
  /** Optional (vLLM --api-key); kept in memory only. */
  selfHostedKey: string;
  selfHostedModel: string;
  selfHostedModelList: ModelListState;
  setSelfHostedUrl: (url: string) => void;
  setSelfHostedKey: (key: string) => void;
  setSelfHostedModel: (model: string) => void;
  refreshSelfHostedModels: () => Promise<void>;
}

let listRequest: AbortController | undefined;

export const createSelfHostedSlice: StateCreator<AppState, StoreMutators, [], SelfHostedSlice> = (set, get) => ({
  selfHostedUrl: defaultSelfHostedUrl,
  selfHostedKey: "",
  selfHostedModel: "",
  selfHostedModelList: { status: "idle" },
  setSelfHostedUrl: (selfHostedUrl) => set({ selfHostedUrl, selfHostedModelList: { status: "idle" } }),
  setSelfHostedKey: (key) => set({ selfHostedKey: key.trim(), selfHostedModelList: { status: "idle" } }),
  setSelfHostedModel: (selfHostedModel) => set({ selfHostedModel }),

  refreshSelfHostedModels: async () => {
    listRequest?.abort();
    const request = new AbortController();
    listRequest = request;
    const { selfHostedUrl, selfHostedKey } = get();
    set({ selfHostedModelList: { status: "loading" } });
    try {
      const models = await listOpenAiCompatibleModels({ baseUrl: selfHostedUrl, apiKey: selfHostedKey || undefined }, request.signal);
      if (request.signal.aborted) return;
      set({ selfHostedModelList: { status: "ready", models } });
      // A server usually serves one model: pick it rather than make the person do it.
      if (!models.includes(get().selfHostedModel) && models[0] !== undefined) set({ selfHostedModel: models[0] });
    } catch (error) {
      if (request.signal.aborted) return;
      const engineError = error instanceof EngineError ? error : new EngineError("UNKNOWN");
      set({ selfHostedModelList: { status: "error", error: engineError.toData() } });
    }
  },
});
