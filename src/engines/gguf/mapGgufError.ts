/**
 * Turns whatever the GGUF path throws (wllama, llama.cpp's WebAssembly runtime, fetch, OPFS, the
 * header check) into an EngineError with words a person can act on.
 */
import { EngineError } from "../engineError";
import { GgufFormatError } from "./readGgufHeader";

function describe(error: unknown): { name: string; message: string; type?: string } {
  if (error instanceof Error) return { name: error.name, message: error.message, type: (error as Error & { type?: unknown }).type as string | undefined };
  return { name: "", message: String(error) };
}

export function mapGgufError(error: unknown, phase: "load" | "generate"): EngineError {
  if (error instanceof EngineError) return error;
  if (error instanceof GgufFormatError) return new EngineError("MODEL_FILE_INVALID", { message: error.message });
  const { name, message, type } = describe(error);
  if (name === "AbortError") return new EngineError("ABORTED");
  if (name === "QuotaExceededError") return new EngineError("OUT_OF_STORAGE");
  const detail = message.slice(0, 300) || undefined;
  // llama.cpp's server says "request (1856 tokens) exceeds the available context size (512 tokens)".
  if (type === "kv_cache_full" || /exceeds the available context size|context (is )?full|kv cache/i.test(message)) {
    const counts = /request \((\d+) tokens\) exceeds the available context size \((\d+) tokens\)/.exec(message);
    return new EngineError("INVALID_REQUEST", {
      message: "This conversation no longer fits in the model's context.",
      fix: "Start a new chat, or delete older messages, then retry.",
      detail,
      ...(counts ? { contextOverflow: { promptTokens: Number(counts[1]), contextTokens: Number(counts[2]) } } : {}),
    });
  }
  if (phase === "load") {
    if (/out of memory|cannot allocate|memory access out of bounds|failed to (allocate|grow)/i.test(message)) {
      return new EngineError("MODEL_TOO_LARGE", { message: "The model did not fit in the memory the browser gives the engine.", detail });
    }
    if (type === "load_error" || /failed to load|llama_model_load|unknown (model )?architecture|gguf/i.test(message)) {
      return new EngineError("MODEL_FILE_INVALID", {
        message: "The local engine could not load this model.",
        fix: "It may use an architecture or quantization this engine does not know yet. Try another GGUF file (for example a Q4_K_M of a Mistral model).",
        detail,
      });
    }
  }
  if (name === "RuntimeError" || /\(ABORT\)|unreachable|abort\(/i.test(message)) {
    return new EngineError("ENGINE_CRASHED", {
      message: phase === "generate" ? "The local engine crashed while writing the reply. The part received is kept." : "The local engine crashed while loading the model.",
      fix: phase === "generate" ? "Send again or regenerate: the engine restarts with the same model." : "Retry; if it fails again, reload the page or try another model.",
      detail,
    });
  }
  if (name === "TypeError" && /fetch|network/i.test(message)) {
    return new EngineError("NETWORK", { message: "The model could not be downloaded.", fix: "Check your connection and the address, then retry.", detail });
  }
  return new EngineError("UNKNOWN", { detail });
}
