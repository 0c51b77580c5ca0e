import type { StateCreator } from "zustand";
import type { LocalModel } from "../engines/catalog";
import { defaultLocalModel, findLocalModel, localModels } from "../engines/catalog";
import type { GpuFailureRecord } from "../engines/capability";
import type { EngineErrorData } from "../engines/engineError";
import { EngineError } from "../engines/engineError";
import { unloadGgufModel } from "../engines/ggufEngineService";
import { loadLocalModel, restartLocalEngine, unloadLocalModel } from "../engines/localEngineService";
import { checkLocalModelSupport } from "../engines/localModelSupport";
import type { TrackedLoadProgress } from "../engines/webllm/initProgress";
import { createProgressTracker } from "../engines/webllm/initProgress";
import { fetchDownloadBytes } from "../storage/fetchDownloadBytes";
import { recordGpuFailure } from "../storage/gpuFailureMemory";
import { deleteWebllmModelFiles } from "../storage/webllmCacheDelete";
import type { StorageFigures } from "../storage/estimateStorage";
import type { LocalModelCacheStatus } from "../storage/webllmCacheStatus";
import { estimateStorage } from "../storage/estimateStorage";
import { readLocalModelCacheStatus } from "../storage/webllmCacheStatus";
import type { AppState, StoreMutators } from "./store";

export type EngineKind = "mistral-api" | "local" | "self-hosted" | "gguf";
export type TrackedProgress = TrackedLoadProgress;

export type LocalEngineState =
  | { status: "idle" }
  | { status: "loading"; modelId: string; progress?: TrackedProgress; persisted?: boolean }
  | { status: "ready"; modelId: string; contextWindowTokens: number }
  | { status: "error"; modelId: string; error: EngineErrorData };


export interface LocalEngineSlice {
  engineKind: EngineKind;
  /** False until the person picked an engine on the first-run screen (or in Settings). */
  engineChosen: boolean;
  markEngineChosen: () => void;
  /** The local model the person picked; undefined means "the best build for this GPU". */
  localModelId?: string;
  contextTokens: number;
  localEngine: LocalEngineState;
  modelCache: Record<string, LocalModelCacheStatus | undefined>;
  /** Weights download sizes read from the model host's manifest, by model id. */
  downloadSizes: Record<string, number | undefined>;
  storage: StorageFigures;
  selectEngine: (kind: EngineKind) => void;
  selectLocalModel: (modelId: string) => void;
  setContextTokens: (tokens: number) => void;
  /** Downloads if needed and loads the selected model; resolves true when it is ready. */
  loadSelectedModel: (options?: { steal?: boolean }) => Promise<boolean>;
  cancelLoad: () => void;
  deleteModel: (modelId: string) => Promise<void>;
  refreshModelCache: () => Promise<void>;
  /** Finds out how big the selected model's download is, if this device could run it. */
  learnDownloadSize: () => Promise<void>;
  /** After the GPU failed mid-reply: the engine must be loaded again. */
  reportLocalEngineFailure: (error: EngineError) => void;
}

let loadController: AbortController | undefined;

export function selectedLocalModel(state: Pick<AppState, "localModelId" | "gpu">): LocalModel {
  const chosen = state.localModelId ? findLocalModel(state.localModelId) : undefined;
  const shaderF16 = state.gpu.status === "known" && state.gpu.facts.shaderF16;
  return chosen ?? defaultLocalModel(shaderF16);
}

/** What a model's weights download weighs, from whichever source knows: catalog, stored manifest, host. */
export function knownDownloadBytes(state: Pick<AppState, "modelCache" | "downloadSizes">, model: LocalModel): number | undefined {
  return model.downloadBytes ?? state.modelCache[model.id]?.bytesTotal ?? state.downloadSizes[model.id];
}

export const createLocalEngineSlice: StateCreator<AppState, StoreMutators, [], LocalEngineSlice> = (set, get) => {
  /** Shown now and remembered for the next visit: the plan stops recommending what failed here. */
  const rememberFailure = (record: GpuFailureRecord) => {
    set((state) => ({ gpuFailures: [...state.gpuFailures, record] }));
    void recordGpuFailure(record);
  };
  return {
    engineKind: "mistral-api",
    engineChosen: false,
    markEngineChosen: () => set({ engineChosen: true }),
    localModelId: undefined,
    contextTokens: 4096,
    localEngine: { status: "idle" },
    modelCache: {},
    downloadSizes: {},
    storage: {},

    selectEngine: (engineKind) => {
      const previous = get().engineKind;
      set({ engineKind, engineChosen: true });
      // The CPU engine holds gigabytes of memory: let go of it when another engine takes over.
      if (previous === "gguf" && engineKind !== "gguf") {
        get().cancelGgufLoad();
        void unloadGgufModel().catch(() => undefined);
        set({ ggufEngine: { status: "idle" } });
      }
      if (engineKind !== "local") {
        loadController?.abort();
        void unloadLocalModel();
        set({ localEngine: { status: "idle" } });
      }
    },

    selectLocalModel: (localModelId) => {
      if (localModelId === get().localModelId) return;
      loadController?.abort();
      void unloadLocalModel();
      set({ localModelId, localEngine: { status: "idle" } });
    },

    setContextTokens: (contextTokens) => {
      set({ contextTokens });
      // A new context size needs a reload: web-llm allocates the KV cache when loading.
      if (get().localEngine.status === "ready") void get().loadSelectedModel();
    },

    loadSelectedModel: async (options = {}) => {
      const state = get();
      const model = selectedLocalModel(state);
      if (state.gpu.status !== "known") await state.probeDevice();
      const gpu = get().gpu;
      const unsupported = gpu.status === "known" ? checkLocalModelSupport(gpu.facts, model) : undefined;
      if (unsupported) {
        set({ localEngine: { status: "error", modelId: model.id, error: unsupported.toData() } });
        return false;
      }
      loadController?.abort();
      const controller = new AbortController();
      loadController = controller;
      // Knowing how many parts are already stored lets the screen say the download resumes.
      const tracker = createProgressTracker({ shardsStoredAtStart: get().modelCache[model.id]?.shardsStored });
      set({ localEngine: { status: "loading", modelId: model.id } });
      void navigator.storage?.persist?.().then(
        (persisted) => {
          const current = get().localEngine;
          if (current.status === "loading" && loadController === controller) set({ localEngine: { ...current, persisted } });
        },
        () => undefined,
      );
      try {
        const loaded = await loadLocalModel(model.id, get().contextTokens, {
          signal: controller.signal,
          steal: options.steal,
          onProgress: (report) => {
            const current = get().localEngine;
            if (loadController !== controller || current.status !== "loading") return;
            set({ localEngine: { ...current, progress: tracker.update(report, performance.now()) } });
          },
          onLockLost: () =>
            set({ localEngine: { status: "error", modelId: model.id, error: new EngineError("ENGINE_IN_OTHER_TAB", { message: "The local model moved to another tab." }).toData() } }),
        });
        if (loadController !== controller) return false;
        set({ localEngine: { status: "ready", modelId: loaded.modelId, contextWindowTokens: loaded.contextWindowTokens } });
        return true;
      } catch (thrown) {
        if (loadController !== controller) return false;
        const error = thrown instanceof EngineError ? thrown : new EngineError("UNKNOWN");
        // Remembered for the next visit: the plan then stops recommending what failed here.
        if (error.code === "DEVICE_LOST") rememberFailure({ modelId: model.id, code: "DEVICE_LOST", contextTokens: get().contextTokens, at: Date.now() });
        set({ localEngine: error.code === "ABORTED" ? { status: "idle" } : { status: "error", modelId: model.id, error: error.toData() } });
        return false;
      } finally {
        if (loadController === controller) loadController = undefined;
        void get().refreshModelCache();
      }
    },

    cancelLoad: () => {
      loadController?.abort();
    },

    deleteModel: async (modelId) => {
      const model = findLocalModel(modelId);
      if (!model) return;
      const { localEngine } = get();
      if (localEngine.status !== "idle" && localEngine.modelId === modelId) {
        // Files in use by a load or by the GPU must be let go of first.
        loadController?.abort();
        await unloadLocalModel();
        set({ localEngine: { status: "idle" } });
      }
      try {
        await deleteWebllmModelFiles(model);
      } finally {
        await get().refreshModelCache();
      }
    },

    refreshModelCache: async () => {
      const entries = await Promise.all(localModels.map(async (model) => [model.id, await readLocalModelCacheStatus(model).catch(() => undefined)] as const));
      set({ modelCache: Object.fromEntries(entries), storage: await estimateStorage() });
    },

    learnDownloadSize: async () => {
      const state = get();
      const model = selectedLocalModel(state);
      if (model.downloadBytes !== undefined || model.id in state.downloadSizes) return;
      // Never contact the model host for a model this device cannot run.
      if (state.gpu.status !== "known" || checkLocalModelSupport(state.gpu.facts, model)) return;
      if (!(model.id in state.modelCache)) await state.refreshModelCache();
      if (get().modelCache[model.id]?.bytesTotal !== undefined) return;
      set((current) => ({ downloadSizes: { ...current.downloadSizes, [model.id]: undefined } }));
      const bytes = await fetchDownloadBytes(model.modelUrl);
      set((current) => ({ downloadSizes: { ...current.downloadSizes, [model.id]: bytes } }));
    },

    reportLocalEngineFailure: (error) => {
      restartLocalEngine(error);
      const { localEngine } = get();
      rememberFailure({
        modelId: localEngine.status === "idle" ? selectedLocalModel(get()).id : localEngine.modelId,
        code: error.code === "DEVICE_LOST" ? "DEVICE_LOST" : "WORKER_CRASH",
        contextTokens: get().contextTokens,
        at: Date.now(),
      });
      if (localEngine.status === "ready") set({ localEngine: { status: "error", modelId: localEngine.modelId, error: error.toData() } });
    },
  };
};
