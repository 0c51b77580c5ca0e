/**
 * What the GGUF worker does with each request, apart from the wiring (ggufWorker.ts): kept free
 * of wllama and of worker globals so that unit tests can drive it with a scripted engine and an
 * in-memory store. The real engine runs in the e2e tests, on a generated model.
 */
import { EngineError } from "../engineError";
import type { ChatMessage, FinishReason, Usage } from "../types";
import type { GgufLoaded, GgufModelSource, GgufWorkerEvent, GgufWorkerMethods, GgufWorkerRequest, StoredGgufModel } from "./ggufProtocol";
import { ggufMemoryProblem } from "./ggufSizing";
import { storeGgufModel } from "./storeGgufModel";
import type { GgufStorage } from "./storeGgufModel";
import { mapGgufError } from "./mapGgufError";

/** The parts of a streamed chunk the handler reads (wllama's ChatCompletionChunk has them). */
export interface GgufEngineChunk {
  choices: Array<{ delta: { content?: string | null }; finish_reason: string | null }>;
  timings?: { prompt_n: number; prompt_per_second: number; predicted_n: number; predicted_per_second: number };
  prompt_progress?: { total: number; processed: number };
}

/** Exactly what the handler uses of wllama's Wllama class, which satisfies it structurally. */
export interface GgufEngineInstance {
  loadModel(blobs: Blob[], params: { n_ctx: number; n_threads: number; n_gpu_layers: number }): Promise<void>;
  createChatCompletion(params: {
    messages: ChatMessage[];
    stream: true;
    abortSignal: AbortSignal;
    temperature: number;
    top_p: number;
    max_tokens?: number;
    timings_per_token: boolean;
    return_progress: boolean;
  }): Promise<AsyncIterable<GgufEngineChunk>>;
  getLoadedContextInfo(): { n_ctx: number };
  getNumThreads(): number;
  exit(): Promise<void>;
}

export interface GgufHandlerDependencies {
  createEngine: () => GgufEngineInstance;
  storage: GgufStorage;
  /** Threads to ask for (see ggufThreads). */
  threads: number;
  now: () => number;
}

type LoadArgs = GgufWorkerMethods["load"]["args"];
type GenerateArgs = GgufWorkerMethods["generate"]["args"];
type GenerateResult = GgufWorkerMethods["generate"]["result"];

function usageFrom(timings: GgufEngineChunk["timings"], completionTokens: number, timeToFirstTokenMs: number | undefined): Usage {
  const promptTokens = timings?.prompt_n ?? 0;
  const usage: Usage = { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
  if (timeToFirstTokenMs !== undefined) usage.timeToFirstTokenMs = Math.round(timeToFirstTokenMs);
  if (timings && timings.predicted_per_second > 0) usage.decodeTokensPerSecond = timings.predicted_per_second;
  if (timings && timings.prompt_per_second > 0) usage.prefillTokensPerSecond = timings.prompt_per_second;
  return usage;
}

export function createGgufWorkerHandler(deps: GgufHandlerDependencies, post: (event: GgufWorkerEvent) => void): (request: GgufWorkerRequest) => void {
  let engine: GgufEngineInstance | undefined;
  let loaded: GgufLoaded | undefined;
  /** After a crash the instance is gone: the next reply loads the same model into a new one. */
  let needsRestart = false;
  let loadController: AbortController | undefined;
  let generation: AbortController | undefined;

  /** Exits one instance; `engine` is cleared only if it is still that one (a newer load may own it). */
  async function exitInstance(instance: GgufEngineInstance | undefined): Promise<void> {
    if (!instance) return;
    if (engine === instance) engine = undefined;
    // A crashed instance may throw on exit too; it is dropped either way.
    await instance.exit().catch(() => undefined);
  }

  /**
   * Loads the model into a new instance. wllama's exit() ends its worker without settling a
   * pending loadModel, so a cancel must not wait for it: the signal ends the wait at once.
   */
  async function startEngine(model: StoredGgufModel, contextTokens: number, signal?: AbortSignal): Promise<GgufLoaded> {
    await exitInstance(engine);
    const file = await deps.storage.open(model.id);
    const instance = deps.createEngine();
    engine = instance;
    const limit = model.trainedContextTokens ?? contextTokens;
    const cancelled = new Promise<never>((_, reject) => {
      if (signal?.aborted) reject(new EngineError("ABORTED"));
      signal?.addEventListener("abort", () => reject(new EngineError("ABORTED")), { once: true });
    });
    cancelled.catch(() => undefined);
    try {
      await Promise.race([instance.loadModel([file], { n_ctx: Math.min(contextTokens, limit), n_threads: deps.threads, n_gpu_layers: 0 }), cancelled]);
      // Unloaded (or replaced by a newer load) just as llama.cpp finished reading the file.
      if (signal?.aborted) throw new EngineError("ABORTED");
    } catch (error) {
      // Still ours: the load failed. Otherwise unload or a newer load has already exited it.
      if (engine === instance) await exitInstance(instance);
      throw mapGgufError(error, "load");
    }
    return { model, contextTokens: instance.getLoadedContextInfo().n_ctx, threads: instance.getNumThreads() };
  }

  async function resolveStored(source: GgufModelSource, id: number, signal: AbortSignal): Promise<StoredGgufModel> {
    if (source.kind === "stored") {
      const model = (await deps.storage.list()).find((candidate) => candidate.id === source.id);
      if (!model) {
        throw new EngineError("MODEL_FILE_INVALID", {
          message: "That model is no longer stored in this browser.",
          fix: "Open the file again or download it again.",
        });
      }
      const problem = ggufMemoryProblem(model.bytes);
      if (problem) throw new EngineError("MODEL_TOO_LARGE", { detail: problem });
      return model;
    }
    return storeGgufModel(source, deps.storage, { signal, now: deps.now, onProgress: (report) => post({ kind: "progress", id, report }) });
  }

  async function load(id: number, { source, contextTokens }: LoadArgs): Promise<GgufLoaded> {
    loadController?.abort();
    const controller = new AbortController();
    loadController = controller;
    loaded = undefined;
    needsRestart = false;
    try {
      const model = await resolveStored(source, id, controller.signal);
      if (controller.signal.aborted) throw new EngineError("ABORTED");
      post({ kind: "progress", id, report: { phase: "loading", bytesDone: 0, bytesTotal: model.bytes } });
      const result = await startEngine(model, contextTokens, controller.signal);
      loaded = result;
      return result;
    } finally {
      if (loadController === controller) loadController = undefined;
    }
  }

  async function generate(id: number, { messages, sampling }: GenerateArgs): Promise<GenerateResult> {
    if (!loaded) throw new EngineError("UNKNOWN", { message: "No local model is loaded.", fix: "Load a model, then send again." });
    if (needsRestart || !engine) {
      loaded = await startEngine(loaded.model, loaded.contextTokens);
      needsRestart = false;
    }
    const instance = engine;
    if (!instance) throw new EngineError("ENGINE_CRASHED");
    const controller = new AbortController();
    generation = controller;
    const started = deps.now();
    let firstTokenAt: number | undefined;
    let pieces = 0;
    let finishReason: FinishReason | "abort" = "stop";
    let timings: GgufEngineChunk["timings"];
    try {
      const stream = await instance.createChatCompletion({
        messages,
        stream: true,
        abortSignal: controller.signal,
        temperature: sampling.temperature,
        top_p: sampling.topP,
        ...(sampling.maxTokens !== undefined ? { max_tokens: sampling.maxTokens } : {}),
        timings_per_token: true,
        return_progress: true,
      });
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        const text = choice?.delta.content;
        if (text) {
          firstTokenAt ??= deps.now();
          pieces += 1;
          post({ kind: "delta", id, text });
        }
        if (chunk.prompt_progress) {
          post({ kind: "progress", id, report: { phase: "prompt", tokensDone: chunk.prompt_progress.processed, tokensTotal: chunk.prompt_progress.total } });
        }
        if (choice?.finish_reason === "length") finishReason = "length";
        if (chunk.timings) timings = chunk.timings;
      }
    } catch (error) {
      if (!controller.signal.aborted) {
        const mapped = mapGgufError(error, "generate");
        // The instance is unusable after a crash (e.g. invalid UTF-8 from the model): the next
        // reply starts a new one with the same model; the partial reply stays in the chat.
        if (mapped.code === "ENGINE_CRASHED") {
          needsRestart = true;
          await exitInstance(instance);
        }
        throw mapped;
      }
      finishReason = "abort";
    } finally {
      if (generation === controller) generation = undefined;
    }
    if (controller.signal.aborted) finishReason = "abort";
    const timeToFirstToken = firstTokenAt === undefined ? undefined : firstTokenAt - started;
    return { finishReason, usage: usageFrom(timings, timings?.predicted_n ?? pieces, timeToFirstToken) };
  }

  async function handle(request: GgufWorkerRequest): Promise<GgufWorkerEvent> {
    switch (request.method) {
      case "load":
        return { kind: "result", id: request.id, method: "load", result: await load(request.id, request.args) };
      case "generate":
        return { kind: "result", id: request.id, method: "generate", result: await generate(request.id, request.args) };
      case "interrupt":
        generation?.abort();
        return { kind: "result", id: request.id, method: "interrupt", result: null };
      case "unload":
        loadController?.abort();
        generation?.abort();
        loaded = undefined;
        await exitInstance(engine);
        return { kind: "result", id: request.id, method: "unload", result: null };
    }
  }

  return (request) => {
    handle(request).then(post, (error: unknown) => {
      post({ kind: "error", id: request.id, error: mapGgufError(error, request.method === "generate" ? "generate" : "load").toData() });
    });
  };
}
