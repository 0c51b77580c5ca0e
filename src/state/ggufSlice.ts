import type { StateCreator } from "zustand";
import type { EngineErrorData } from "../engines/engineError";
import { EngineError } from "../engines/engineError";
import type { GgufLoadPhase, GgufModelSource, StoredGgufModel } from "../engines/gguf/ggufProtocol";
import { deleteStoredGgufModel, listStoredGgufModels } from "../engines/gguf/ggufModelStore";
import { loadGgufModel, unloadGgufModel } from "../engines/ggufEngineService";
import { createSpeedMeter } from "../engines/speedMeter";
import type { AppState, StoreMutators } from "./store";

/** What the screen shows while a GGUF model is stored and loaded. */
export interface GgufProgressView {
  phase: GgufLoadPhase;
  bytesDone: number;
  bytesTotal?: number;
  bytesPerSecond?: number;
  secondsLeft?: number;
}

export type GgufEngineState =
  | { status: "idle" }
  | { status: "loading"; what: string; progress?: GgufProgressView }
  | { status: "ready"; model: StoredGgufModel; contextTokens: number; threads: number }
  | { status: "error"; error: EngineErrorData };

export interface GgufSlice {
  /** Models in this browser's storage; undefined until read. */
  ggufModels: StoredGgufModel[] | undefined;
  /** The model chats use (persisted): loaded again from storage after a reload. */
  ggufModelId?: string;
  ggufEngine: GgufEngineState;
  refreshGgufModels: () => Promise<void>;
  /** Stores the model when it is new, then loads it; resolves true when it is ready. */
  loadGgufModel: (source: GgufModelSource) => Promise<boolean>;
  cancelGgufLoad: () => void;
  deleteGgufModel: (id: string) => Promise<void>;
  /** After the engine crashed or went silent: the next message loads the model afresh. */
  reportGgufEngineFailure: () => void;
}

/** The context GGUF models are loaded with (capped by what the model was trained for). */
export const ggufContextTokens = 4096;

let loadController: AbortController | undefined;

/** The chosen model's name, once its description has been read from storage. */
export function selectGgufModelName(state: Pick<AppState, "ggufEngine" | "ggufModels" | "ggufModelId">): string | undefined {
  if (state.ggufEngine.status === "ready") return state.ggufEngine.model.name;
  return state.ggufModels?.find((model) => model.id === state.ggufModelId)?.name;
}

function describeSource(source: GgufModelSource, models: readonly StoredGgufModel[] | undefined): string {
  if (source.kind === "file") return source.file.name;
  if (source.kind === "url") return source.url;
  return models?.find((model) => model.id === source.id)?.name ?? "the model";
}

export const createGgufSlice: StateCreator<AppState, StoreMutators, [], GgufSlice> = (set, get) => ({
  ggufModels: undefined,
  ggufModelId: undefined,
  ggufEngine: { status: "idle" },

  refreshGgufModels: async () => {
    try {
      set({ ggufModels: await listStoredGgufModels() });
    } catch {
      // No OPFS (private windows of some browsers): nothing is stored, loading will say why.
      set({ ggufModels: [] });
    }
  },

  loadGgufModel: async (source) => {
    loadController?.abort();
    const controller = new AbortController();
    loadController = controller;
    if (get().engineKind !== "gguf") get().selectEngine("gguf");
    const meter = createSpeedMeter();
    set({ ggufEngine: { status: "loading", what: describeSource(source, get().ggufModels) } });
    try {
      const loaded = await loadGgufModel(source, ggufContextTokens, {
        signal: controller.signal,
        onProgress: (report) => {
          const current = get().ggufEngine;
          if (loadController !== controller || current.status !== "loading") return;
          const now = performance.now();
          if (current.progress?.phase !== report.phase) meter.reset(now, report.bytesDone);
          else meter.add(now, report.bytesDone);
          const progress: GgufProgressView = { ...report };
          const bytesPerSecond = report.phase === "loading" ? undefined : meter.perSecond();
          if (bytesPerSecond !== undefined) {
            progress.bytesPerSecond = bytesPerSecond;
            if (report.bytesTotal !== undefined) progress.secondsLeft = Math.max(0, report.bytesTotal - report.bytesDone) / bytesPerSecond;
          }
          set({ ggufEngine: { ...current, progress } });
        },
      });
      if (loadController !== controller) return false;
      set({ ggufEngine: { status: "ready", ...loaded }, ggufModelId: loaded.model.id });
      return true;
    } catch (thrown) {
      if (loadController !== controller) return false;
      const error = thrown instanceof EngineError ? thrown : new EngineError("UNKNOWN");
      set({ ggufEngine: error.code === "ABORTED" ? { status: "idle" } : { status: "error", error: error.toData() } });
      return false;
    } finally {
      if (loadController === controller) loadController = undefined;
      void get().refreshGgufModels();
    }
  },

  cancelGgufLoad: () => loadController?.abort(),

  deleteGgufModel: async (id) => {
    const { ggufEngine, ggufModelId } = get();
    // The engine reads the file while the model is loaded: let go of it first. (While a load runs,
    // the model manager offers no Delete.)
    if (ggufEngine.status === "ready" && ggufEngine.model.id === id) {
      await unloadGgufModel().catch(() => undefined);
      set({ ggufEngine: { status: "idle" } });
    }
    if (ggufModelId === id) set({ ggufModelId: undefined });
    try {
      await deleteStoredGgufModel(id);
    } finally {
      await get().refreshGgufModels();
    }
  },

  reportGgufEngineFailure: () => {
    // A silent worker was already ended by its client; a crashed engine instance is dropped by the
    // worker. Either way the next message loads the same model from storage into a fresh one.
    if (get().ggufEngine.status === "ready") set({ ggufEngine: { status: "idle" } });
  },
});
