/// <reference lib="webworker" />
/**
 * The web-llm worker: the only module that imports web-llm at run time (DESIGN.md rule 4). One
 * engine per worker; the page creates one worker for the whole app (see createWebllmWorker.ts).
 */
import { MLCEngine } from "@mlc-ai/web-llm";
import type { ChatCompletionFinishReason } from "@mlc-ai/web-llm";
import { createWebllmAppConfig } from "../catalog";
import { EngineError } from "../engineError";
import type { FinishReason, Usage } from "../types";
import { mapWebLlmError } from "./mapWebLlmError";
import type { WorkerEvent, WorkerMethods, WorkerRequest } from "./protocol";

declare const self: DedicatedWorkerGlobalScope;

const appConfig = createWebllmAppConfig();
const engine = new MLCEngine({ appConfig });
/** The smallest context worth retrying with after the GPU ran out of memory while loading. */
const minimumContextTokens = 2048;

let loaded: { modelId: string; contextWindowTokens: number } | undefined;
let unloadRequested = false;

function post(event: WorkerEvent): void {
  self.postMessage(event);
}

async function reload(id: number, modelId: string, contextWindowTokens: number): Promise<void> {
  engine.setInitProgressCallback((report) => post({ kind: "progress", id, report }));
  await engine.reload(modelId, { context_window_size: contextWindowTokens });
}

async function load(id: number, { modelId, contextWindowTokens }: WorkerMethods["load"]["args"]): Promise<WorkerMethods["load"]["result"]> {
  unloadRequested = false;
  loaded = undefined;
  try {
    await reload(id, modelId, contextWindowTokens);
    // web-llm's reload() returns quietly when unload() aborted it: that is not a loaded model.
    if (unloadRequested) throw new EngineError("ABORTED");
    loaded = { modelId, contextWindowTokens };
    return loaded;
  } catch (error) {
    if (unloadRequested) throw new EngineError("ABORTED");
    const mapped = mapWebLlmError(error, { phase: "load" });
    const smaller = Math.max(minimumContextTokens, Math.floor(contextWindowTokens / 2));
    // Running out of GPU memory shows up as a lost device; the KV cache is the part we can shrink.
    if (mapped.code !== "DEVICE_LOST" || smaller >= contextWindowTokens) throw mapped;
    await reload(id, modelId, smaller);
    if (unloadRequested) throw new EngineError("ABORTED");
    loaded = { modelId, contextWindowTokens: smaller };
    return loaded;
  }
}

function finishReasonOf(reason: ChatCompletionFinishReason | null): FinishReason | "abort" {
  if (reason === "length") return "length";
  if (reason === "abort") return "abort";
  return "stop";
}

async function generate(id: number, { messages, sampling }: WorkerMethods["generate"]["args"]): Promise<WorkerMethods["generate"]["result"]> {
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
    if (chunk.usage) {
      const { prompt_tokens, completion_tokens, total_tokens, extra } = chunk.usage;
      usage = {
        promptTokens: prompt_tokens,
        completionTokens: completion_tokens,
        totalTokens: total_tokens,
        timeToFirstTokenMs: Math.round(extra.time_to_first_token_s * 1000),
        decodeTokensPerSecond: extra.decode_tokens_per_s,
        prefillTokensPerSecond: extra.prefill_tokens_per_s,
      };
    }
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
      unloadRequested = true;
      loaded = undefined;
      await engine.unload();
      return { kind: "result", id: request.id, method: "unload", result: null };
  }
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  handle(request).then(post, (error: unknown) => {
    const phase = request.method === "generate" ? "generate" : "load";
    post({ kind: "error", id: request.id, error: mapWebLlmError(error, { phase }).toData() });
  });
};
