/**
 * What the Mistral API worker does with each request, apart from the wiring (mistralApiWorker.ts):
 * kept free of the SDK and of worker globals so that unit tests can drive it with a scripted engine.
 * The SDK itself runs in the e2e tests, against the fake API checked against the OpenAPI spec.
 */
import { EngineError } from "../engineError";
import type { ChatEngine, FinishReason, Usage } from "../types";
import type { MistralApiConfig, MistralApiWorkerEvent, MistralApiWorkerMethods, MistralApiWorkerRequest } from "./mistralApiProtocol";

export interface MistralApiHandlerDependencies {
  createEngine: (config: MistralApiConfig) => Promise<ChatEngine>;
  listModels: (config: MistralApiConfig, signal: AbortSignal) => Promise<string[]>;
  warmUp: () => Promise<void>;
  /** Says more about a failure where it can: a fetch refused by the security policy, in this worker. */
  explain: (error: EngineError, config: MistralApiConfig) => Promise<EngineError>;
}

type GenerateArgs = MistralApiWorkerMethods["generate"]["args"];
type GenerateResult = MistralApiWorkerMethods["generate"]["result"];

function asEngineError(error: unknown): EngineError {
  return error instanceof EngineError ? error : new EngineError("UNKNOWN", { detail: error instanceof Error ? error.message : undefined });
}

export function createMistralApiWorkerHandler(deps: MistralApiHandlerDependencies, post: (event: MistralApiWorkerEvent) => void): (request: MistralApiWorkerRequest) => void {
  /** The calls that can be stopped, by id. */
  const running = new Map<number, AbortController>();

  /**
   * Text goes to the page at once, then at most once per turn of the worker's event loop: a lone
   * token is not held back, and a burst of events read from one network chunk crosses as one
   * message, not one per token.
   */
  function deltaSender(id: number) {
    let waiting = "";
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      if (waiting) post({ kind: "delta", id, text: waiting });
      waiting = "";
    };
    const add = (text: string) => {
      waiting += text;
      if (timer !== undefined) return;
      flush();
      timer = setTimeout(() => {
        timer = undefined;
        flush();
      }, 0);
    };
    return { add, flush };
  }

  async function generate(id: number, { model, messages, sampling, config }: GenerateArgs, signal: AbortSignal): Promise<GenerateResult> {
    const engine = await deps.createEngine(config);
    const deltas = deltaSender(id);
    let usage: Usage | undefined;
    let finishReason: FinishReason | undefined;
    try {
      for await (const chunk of engine.streamChat({ model, messages, sampling }, signal)) {
        if (chunk.type === "delta") deltas.add(chunk.text);
        else if (chunk.type === "usage") usage = chunk.usage;
        else finishReason = chunk.reason;
      }
    } catch (error) {
      if (signal.aborted) return { finishReason: "abort", ...(usage ? { usage } : {}) };
      throw error;
    } finally {
      // Whatever arrived reaches the page before the reply's end or its error.
      deltas.flush();
    }
    // The engine throws STREAM_CUT for a stream that ended without a finish reason.
    return { finishReason: finishReason ?? "stop", ...(usage ? { usage } : {}) };
  }

  async function handle(request: MistralApiWorkerRequest, signal: AbortSignal): Promise<MistralApiWorkerEvent> {
    switch (request.method) {
      case "generate":
        return { kind: "result", id: request.id, method: "generate", result: await generate(request.id, request.args, signal) };
      case "listModels":
        return { kind: "result", id: request.id, method: "listModels", result: await deps.listModels(request.args.config, signal) };
      case "stop":
        running.get(request.args.callId)?.abort();
        return { kind: "result", id: request.id, method: "stop", result: null };
      case "warmUp":
        await deps.warmUp();
        return { kind: "result", id: request.id, method: "warmUp", result: null };
    }
  }

  return (request) => {
    const controller = new AbortController();
    running.set(request.id, controller);
    handle(request, controller.signal)
      .then(post, async (error: unknown) => {
        const engineError = asEngineError(error);
        const explained = "config" in request.args ? await deps.explain(engineError, request.args.config) : engineError;
        post({ kind: "error", id: request.id, error: explained.toData() });
      })
      .finally(() => running.delete(request.id));
  };
}
