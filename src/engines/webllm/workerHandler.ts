/**
 * What the web-llm worker does with each request, apart from the wiring (worker.ts): kept free of
 * web-llm at run time and of worker globals so that unit tests can drive it with a scripted engine.
 */
import type {
  ChatCompletionChunk,
  ChatCompletionFinishReason,
  ChatCompletionRequestStreaming,
  ChatOptions,
  CompletionUsage,
  InitProgressCallback,
} from "@mlc-ai/web-llm";
import { EngineError } from "../engineError";
import type { FinishReason, Usage } from "../types";
import { mapWebLlmError } from "./mapWebLlmError";
import type { WorkerEvent, WorkerMethods, WorkerRequest } from "./protocol";

type ChunkChoice = ChatCompletionChunk["choices"][number];

/** The parts of a streamed chunk the handler reads. */
export interface WorkerEngineChunk {
  choices: Array<{ delta: Pick<ChunkChoice["delta"], "content">; finish_reason: ChunkChoice["finish_reason"] }>;
  /** Only on the last chunk, because the request asks for `include_usage`. */
  usage?: WorkerEngineUsage | null;
}

export type WorkerEngineUsage = Pick<CompletionUsage, "prompt_tokens" | "completion_tokens" | "total_tokens"> & {
  extra: Pick<CompletionUsage["extra"], "time_to_first_token_s" | "decode_tokens_per_s" | "prefill_tokens_per_s">;
};

/** The only request fields the handler sends; the type keeps out anything web-llm would reject. */
export type WorkerEngineRequest = Pick<
  ChatCompletionRequestStreaming,
  "messages" | "stream" | "stream_options" | "temperature" | "top_p" | "max_tokens"
>;

/** Exactly what the handler uses of web-llm's MLCEngine, which satisfies it structurally. */
export interface WorkerEngine {
  reload(modelId: string, chatOpts: Pick<ChatOptions, "context_window_size">): Promise<void>;
  unload(): Promise<void>;
  interruptGenerate(): Promise<void>;
  setInitProgressCallback(callback: InitProgressCallback): void;
  chat: { completions: { create(request: WorkerEngineRequest): Promise<AsyncIterable<WorkerEngineChunk>> } };
}

type LoadArgs = WorkerMethods["load"]["args"];
type LoadResult = WorkerMethods["load"]["result"];
type GenerateArgs = WorkerMethods["generate"]["args"];
type GenerateResult = WorkerMethods["generate"]["result"];

/** The smallest context worth retrying with after the GPU ran out of memory while loading. */
export const minimumContextTokens = 2048;

function finishReasonOf(reason: ChatCompletionFinishReason | null): FinishReason | "abort" {
  if (reason === "length") return "length";
  if (reason === "abort") return "abort";
  return "stop";
}

function usageOf({ prompt_tokens, completion_tokens, total_tokens, extra }: WorkerEngineUsage): Usage {
  return {
    promptTokens: prompt_tokens,
    completionTokens: completion_tokens,
    totalTokens: total_tokens,
    timeToFirstTokenMs: Math.round(extra.time_to_first_token_s * 1000),
    decodeTokensPerSecond: extra.decode_tokens_per_s,
    prefillTokensPerSecond: extra.prefill_tokens_per_s,
  };
}

export function createWorkerHandler(engine: WorkerEngine, post: (event: WorkerEvent) => void): (request: WorkerRequest) => void {
  let loaded: LoadResult | undefined;
  // Every load and unload takes a new epoch. A load whose epoch is no longer current was cancelled,
  // by unload() or by a newer load (web-llm's reload() unloads first); a boolean flag would be
  // reset by that newer load and let the cancelled one report success.
  let epoch = 0;
  // web-llm 0.2.86 clears its abort controller when a reload settles, even a cancelled one that
  // settles late: a newer reload started meanwhile could then no longer be cancelled. So a reload
  // only starts once the previous one has settled.
  let previousReload: Promise<unknown> = Promise.resolve();
  let reloadInFlight = false;

  async function reload(id: number, modelId: string, contextWindowTokens: number, loadEpoch: number): Promise<void> {
    // Cancel the previous one (as web-llm's own reload would) and wait until it has settled.
    if (reloadInFlight) await engine.unload();
    await previousReload;
    if (loadEpoch !== epoch) throw new EngineError("ABORTED");
    engine.setInitProgressCallback((report) => post({ kind: "progress", id, report }));
    reloadInFlight = true;
    const running = engine.reload(modelId, { context_window_size: contextWindowTokens });
    previousReload = running.then(
      () => (reloadInFlight = false),
      () => (reloadInFlight = false),
    );
    try {
      await running;
    } catch (error) {
      if (loadEpoch !== epoch) throw new EngineError("ABORTED");
      throw mapWebLlmError(error, { phase: "load" });
    }
    // web-llm's reload() returns quietly when unload() aborted it: that is not a loaded model.
    if (loadEpoch !== epoch) throw new EngineError("ABORTED");
  }

  async function load(id: number, { modelId, contextWindowTokens }: LoadArgs): Promise<LoadResult> {
    const loadEpoch = ++epoch;
    loaded = undefined;
    let used = contextWindowTokens;
    try {
      await reload(id, modelId, used, loadEpoch);
    } catch (error) {
      const smaller = Math.max(minimumContextTokens, Math.floor(contextWindowTokens / 2));
      // Running out of GPU memory shows up as a lost device; the KV cache is the part we can shrink.
      if (!(error instanceof EngineError) || error.code !== "DEVICE_LOST" || smaller >= contextWindowTokens) throw error;
      used = smaller;
      await reload(id, modelId, used, loadEpoch);
    }
    loaded = { modelId, contextWindowTokens: used };
    return loaded;
  }

  async function generate(id: number, { messages, sampling }: GenerateArgs): Promise<GenerateResult> {
    if (!loaded) throw new EngineError("UNKNOWN", { message: "No local model is loaded.", fix: "Load a model, then send again." });
    const stream = await engine.chat.completions.create({
      messages,
      stream: true,
      stream_options: { include_usage: true },
      temperature: sampling.temperature,
      top_p: sampling.topP,
      ...(sampling.maxTokens !== undefined ? { max_tokens: sampling.maxTokens } : {}),
    });
    let finishReason: FinishReason | "abort" = "stop";
    let usage: Usage | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      const text = choice?.delta.content;
      if (text) post({ kind: "delta", id, text });
      if (choice?.finish_reason) finishReason = finishReasonOf(choice.finish_reason);
      if (chunk.usage) usage = usageOf(chunk.usage);
    }
    return { finishReason, usage };
  }

  async function handle(request: WorkerRequest): Promise<WorkerEvent> {
    switch (request.method) {
      case "load":
        return { kind: "result", id: request.id, method: "load", result: await load(request.id, request.args) };
      case "generate":
        return { kind: "result", id: request.id, method: "generate", result: await generate(request.id, request.args) };
      case "interrupt":
        await engine.interruptGenerate();
        return { kind: "result", id: request.id, method: "interrupt", result: null };
      case "unload":
        epoch++;
        loaded = undefined;
        await engine.unload();
        return { kind: "result", id: request.id, method: "unload", result: null };
    }
  }

  return (request) => {
    handle(request).then(post, (error: unknown) => {
      const phase = request.method === "generate" ? "generate" : "load";
      post({ kind: "error", id: request.id, error: mapWebLlmError(error, { phase }).toData() });
    });
  };
}
