import { findLocalModel } from "../engines/catalog";
import { selectGgufModelName } from "../state/ggufSlice";
import type { EngineKind } from "../state/localEngineSlice";
import { knownDownloadBytes, selectedLocalModel } from "../state/localEngineSlice";
import { prepareEngine } from "../state/prepareEngine";
import type { AppState } from "../state/store";
import { gpuDecodeCeiling } from "./gpuBandwidth";
import type { BenchmarkProgress, BenchmarkRun, BenchmarkTarget } from "./runBenchmark";
import { runBenchmark } from "./runBenchmark";

/** Names in the benchmark's table: both local engines run "on this device", so say which chip. */
export const benchmarkTargetLabels: Record<EngineKind, string> = {
  "mistral-api": "Mistral API",
  "self-hosted": "Your server",
  local: "This device's GPU",
  gguf: "This device's CPU",
};

export interface BenchmarkTargetOption {
  kind: EngineKind;
  label: string;
  model: string;
  /** Why it cannot run, in words that say what to set up; undefined when it can. */
  unavailable?: string;
}

/** The cloud first: it needs no loading, so the first figures appear soonest. */
const order: readonly EngineKind[] = ["mistral-api", "self-hosted", "local", "gguf"];

/** What decides which engines can run; the dialog subscribes to exactly these. */
export type BenchmarkTargetInputs = Pick<
  AppState,
  "apiKey" | "model" | "selfHostedUrl" | "selfHostedModel" | "ggufModelId" | "ggufEngine" | "ggufModels" | "localEngine" | "localModelId" | "modelCache" | "gpu"
>;

export function selectBenchmarkTargetInputs(state: AppState): BenchmarkTargetInputs {
  const { apiKey, model, selfHostedUrl, selfHostedModel, ggufModelId, ggufEngine, ggufModels, localEngine, localModelId, modelCache, gpu } = state;
  return { apiKey, model, selfHostedUrl, selfHostedModel, ggufModelId, ggufEngine, ggufModels, localEngine, localModelId, modelCache, gpu };
}

function optionFor(kind: EngineKind, state: BenchmarkTargetInputs): BenchmarkTargetOption {
  const label = benchmarkTargetLabels[kind];
  if (kind === "mistral-api") return { kind, label, model: state.model, unavailable: state.apiKey ? undefined : "add an API key in Settings" };
  if (kind === "self-hosted") {
    const unavailable = !state.selfHostedUrl ? "add your server's address in Settings" : !state.selfHostedModel ? "pick one of your server's models in Settings" : undefined;
    return { kind, label, model: state.selfHostedModel, unavailable };
  }
  if (kind === "gguf") {
    const model = selectGgufModelName(state) ?? "the chosen GGUF model";
    return { kind, label, model, unavailable: state.ggufModelId ? undefined : "download or open a GGUF model in Settings → On the CPU" };
  }
  // Only a model already on this device: a benchmark must not start a download of gigabytes.
  if (state.localEngine.status === "ready") return { kind, label, model: state.localEngine.modelId };
  const model = selectedLocalModel(state);
  const cached = state.modelCache[model.id]?.state;
  if (cached === "ready") return { kind, label, model: model.id };
  const unavailable = cached === "partial" ? `finish downloading ${model.displayName} in Settings → On this device` : "download a model in Settings → On this device";
  return { kind, label, model: model.id, unavailable };
}

/** Every engine, available or not (with why), in the order a run goes through them. */
export function listBenchmarkTargets(state: BenchmarkTargetInputs): BenchmarkTargetOption[] {
  return order.map((kind) => optionFor(kind, state));
}

function targetFor(option: BenchmarkTargetOption, get: () => AppState): BenchmarkTarget {
  const target: BenchmarkTarget = { kind: option.kind, label: option.label, model: option.model, prepare: (signal) => prepareEngine(option.kind, get, signal) };
  if (option.kind === "local") {
    // Worked out after the run: loading the model may have probed the GPU and read the model's size.
    target.gpuCeiling = (modelId) => {
      const state = get();
      const model = findLocalModel(modelId) ?? selectedLocalModel(state);
      return gpuDecodeCeiling(state.gpu.status === "known" ? state.gpu.facts.description : undefined, knownDownloadBytes(state, model));
    };
  }
  return target;
}

export interface BenchmarkStore {
  get: () => AppState;
  set: (partial: Partial<AppState>) => void;
}

/**
 * Runs the benchmark on the ticked engines that can run, then puts the person's engine choice
 * back: loading a GGUF model makes it the chat engine, and a local model loaded only for the
 * benchmark would keep gigabytes of GPU memory that the chat engine does not use.
 */
export async function runBenchmarkOn(kinds: readonly EngineKind[], store: BenchmarkStore, signal: AbortSignal, onProgress: (progress: BenchmarkProgress) => void): Promise<BenchmarkRun> {
  const { engineKind, engineChosen } = store.get();
  const targets = listBenchmarkTargets(store.get())
    .filter((option) => option.unavailable === undefined && kinds.includes(option.kind))
    .map((option) => targetFor(option, store.get));
  try {
    return await runBenchmark({ targets, signal, onProgress });
  } finally {
    const state = store.get();
    const localLeftLoaded = engineKind !== "local" && state.localEngine.status !== "idle";
    if (state.engineKind !== engineKind || localLeftLoaded) {
      state.selectEngine(engineKind);
      store.set({ engineChosen });
    }
  }
}

/** How a run ended, for the dialog's live region (a cancelled run keeps what finished). */
export function describeRunEnd(run: BenchmarkRun): string {
  if (run.cancelled) return run.targets.length > 0 ? "Cancelled. What finished is kept." : "Cancelled before anything finished.";
  const measured = run.targets.filter((target) => target.prompts.length > 0).length;
  return `Finished: ${measured} of ${run.targets.length} ${run.targets.length === 1 ? "engine" : "engines"} measured.`;
}
