/**
 * Maps whatever web-llm 0.2.86 throws onto our closed set of EngineError codes (DESIGN.md rule 2).
 *
 * Matching goes by name and message, never by `instanceof`: errors reach us as Error instances
 * (in the worker), as plain `{ name, message }` objects (after structured cloning), or as
 * `err.toString()` strings ("Name: message", what web-llm's own worker handler sends). What web-llm
 * throws, from lib/index.js and lib/error.d.ts:
 * - `WebGPUNotAvailableError` (no navigator.gpu), `WebGPUNotFoundError`;
 *   a plain Error "Unable to find a compatible GPU…" when requestAdapter() returns null;
 *   "Cannot initialize runtime because of requested <limit> exceeds limit…" for small limits.
 * - `ShaderF16SupportError` (a `FeatureSupportError` subclass), `FeatureSupportError` for others.
 * - `DeviceLostError` (GPU out of memory while loading shows up as this).
 * - Its IndexedDB cache wraps every failed download as a plain Error
 *   "Failed to store <url> with error: <inner>", inner being `TypeError: Failed to fetch`,
 *   `Error: Network response was not ok` (HTTP error), `QuotaExceededError: …` or `AbortError: …`.
 *   "ArtifactIndexedDBCache failed to fetch: <url>" means a stored file could not be read back.
 * - The model library (.wasm) goes through `WebAssembly.instantiate`: `CompileError` / `LinkError`.
 * - `MissingModelWasmError` (its name is "MissingModelError"), `IntegrityError`,
 *   `ContextWindowSizeExceededError`, `ModelNotLoadedError`.
 */
import { EngineError, engineErrorCodes } from "../engineError";
import type { EngineErrorCode, EngineErrorData } from "../engineError";

export interface WebLlmErrorContext {
  phase: "load" | "generate";
}

interface ErrorFacts {
  name: string;
  message: string;
}

const maxDetailLength = 300;

function isEngineErrorData(value: object): value is EngineErrorData {
  const { code, message, fix } = value as Partial<Record<keyof EngineErrorData, unknown>>;
  return engineErrorCodes.includes(code as EngineErrorCode) && typeof message === "string" && typeof fix === "string";
}

/** Name and message of an Error, a DOMException, a cloned `{ name, message }`, or a string. */
function factsOf(error: unknown, depth = 0): ErrorFacts {
  if (typeof error === "string") {
    const match = /^([A-Za-z]*(?:Error|Exception)): ([\s\S]*)$/.exec(error);
    return match ? { name: match[1], message: match[2] } : { name: "Error", message: error };
  }
  if (typeof error === "object" && error !== null) {
    const { name, message, cause } = error as { name?: unknown; message?: unknown; cause?: unknown };
    const constructorName = error.constructor?.name;
    const ownName = typeof name === "string" && name ? name : constructorName && constructorName !== "Object" ? constructorName : "Error";
    let text = typeof message === "string" ? message : String(error);
    // web-llm's newer errors carry a cause; its text may be the only hint (e.g. a quota error).
    if (cause !== undefined && cause !== null && depth < 3) {
      const inner = factsOf(cause, depth + 1);
      text += ` (cause: ${inner.name}: ${inner.message})`;
    }
    return { name: ownName, message: text };
  }
  return { name: "Error", message: String(error) };
}

function truncate(text: string): string {
  return text.length <= maxDetailLength ? text : `${text.slice(0, maxDetailLength - 1)}…`;
}

function describe({ name, message }: ErrorFacts): string {
  return message.startsWith(name) ? message : `${name}: ${message}`;
}

function hostIn(text: string): string | undefined {
  const url = /https?:\/\/[^\s"'<>)]+/.exec(text);
  if (!url) return undefined;
  try {
    return new URL(url[0]).host;
  } catch {
    return undefined;
  }
}

const patterns = {
  aborted: /\bAbortError\b|signal is aborted|operation was aborted|user aborted|request was aborted/i,
  noWebgpu: /WebGPU is not supported|Cannot find WebGPU/i,
  noAdapter: /Unable to find a compatible GPU/i,
  shaderF16: /requires (?:WebGPU extension |feature )shader-f16/i,
  feature: /requires feature ([\w-]+)/i,
  limit: /Cannot initialize runtime because of requested (\w+) exceeds limit/i,
  deviceLost: /device (?:was |is |has been )?lost|GPUDeviceLostInfo/i,
  quota: /QuotaExceededError|\bquota\b|backing store|no space left|not enough (?:disk )?space|disk (?:is )?full/i,
  readBack: /ArtifactIndexedDBCache failed to fetch/i,
  network: /Failed to fetch|NetworkError|Network response was not ok|Load failed|net::ERR_|received status \d+|Unable to fetch/i,
  library: /WebAssembly\.(?:instantiate|compile|Module|Instance)|expected magic word|Missing `model_lib`/i,
};

const libraryNames = new Set(["CompileError", "LinkError", "MissingModelError"]);

function loadFailure(facts: ErrorFacts, context: WebLlmErrorContext): EngineError | undefined {
  const { name, message } = facts;
  const detail = truncate(describe(facts));
  if (name === "WebGPUNotAvailableError" || name === "WebGPUNotFoundError" || patterns.noWebgpu.test(message)) {
    return new EngineError("NO_WEBGPU", { detail });
  }
  if (patterns.noAdapter.test(message)) {
    return new EngineError("NO_WEBGPU", {
      message: "WebGPU is present, but the browser found no compatible GPU adapter (it may be blocklisted or disabled).",
      detail,
    });
  }
  if (name === "ShaderF16SupportError" || patterns.shaderF16.test(message)) return new EngineError("NO_SHADER_F16", { detail });
  const feature = patterns.feature.exec(message);
  if (name === "FeatureSupportError" || feature) {
    const what = feature ? `the WebGPU feature "${feature[1]}"` : "a WebGPU feature";
    return new EngineError("GPU_LIMITS_TOO_SMALL", { message: `Your GPU lacks ${what}, which this model needs.`, detail });
  }
  const limit = patterns.limit.exec(message);
  if (limit) {
    return new EngineError("GPU_LIMITS_TOO_SMALL", { message: `Your GPU's ${limit[1]} is too small for local models.`, detail });
  }
  if (name === "DeviceLostError" || name === "GPUOutOfMemoryError" || patterns.deviceLost.test(message)) {
    return context.phase === "generate"
      ? new EngineError("DEVICE_LOST", { message: "The GPU stopped responding while writing the reply, most likely because it ran out of memory.", detail })
      : new EngineError("DEVICE_LOST", { detail });
  }
  return undefined;
}

/** The text without its URLs, so that a word inside a URL ("…/quota/…") cannot pick the code. */
function withoutUrls(text: string): string {
  return text.replace(/https?:\/\/\S+/g, "<url>");
}

function storageOrNetworkFailure(facts: ErrorFacts, context: WebLlmErrorContext): EngineError | undefined {
  const { name, message } = facts;
  const text = describe(facts);
  const bare = withoutUrls(text);
  if (name === "QuotaExceededError" || patterns.quota.test(bare)) return new EngineError("OUT_OF_STORAGE", { detail: truncate(text) });
  if (patterns.readBack.test(bare)) {
    return new EngineError("OUT_OF_STORAGE", {
      message: "A downloaded part of the model could not be read back from this device's storage; the browser may be out of space.",
      detail: truncate(text),
    });
  }
  if (name === "NetworkError" || patterns.network.test(bare)) {
    const host = hostIn(message);
    return new EngineError("NETWORK", {
      message:
        context.phase === "load"
          ? "Could not download the model: the model host could not be reached."
          : "The model host could not be reached.",
      fix: "Check your connection, then retry. Parts already downloaded are kept, so the download resumes.",
      detail: truncate(host ? `${host} — ${text}` : text),
    });
  }
  return undefined;
}

function modelFileFailure(facts: ErrorFacts): EngineError | undefined {
  const { name, message } = facts;
  const detail = truncate(describe(facts));
  const fix = "Delete this model in Settings and download it again.";
  if (libraryNames.has(name) || patterns.library.test(message)) {
    return new EngineError("UNKNOWN", { message: "The model's library could not be loaded.", fix, detail });
  }
  if (name === "IntegrityError") {
    return new EngineError("UNKNOWN", { message: "A downloaded model file is damaged (it does not match its checksum).", fix, detail });
  }
  return undefined;
}

function requestFailure(facts: ErrorFacts): EngineError | undefined {
  const detail = truncate(describe(facts));
  if (facts.name === "ContextWindowSizeExceededError") {
    // web-llm 0.2.86: "… number of prompt tokens: 5000; context window size: 4096 …".
    const counts = /prompt tokens: (\d+); context window size: (\d+)/.exec(facts.message);
    return new EngineError("INVALID_REQUEST", {
      message: "The conversation is longer than the model's context window.",
      fix: "Start a new chat, or choose a longer context in Settings.",
      detail,
      ...(counts ? { contextOverflow: { promptTokens: Number(counts[1]), contextTokens: Number(counts[2]) } } : {}),
    });
  }
  if (/^(?:ModelNotLoadedError|WorkerEngineModelNotLoadedError|EngineNotLoadedError)$/.test(facts.name)) {
    return new EngineError("UNKNOWN", { message: "The local model is not loaded.", fix: "Load the model again, then retry.", detail });
  }
  return undefined;
}

export function mapWebLlmError(error: unknown, context: WebLlmErrorContext): EngineError {
  if (error instanceof EngineError) return error;
  if (typeof error === "object" && error !== null && isEngineErrorData(error)) return EngineError.fromData(error);
  const facts = factsOf(error);
  // Aborts first: web-llm wraps a cancelled download like any other failed download.
  if (facts.name === "AbortError" || patterns.aborted.test(withoutUrls(describe(facts)))) return new EngineError("ABORTED");
  return (
    loadFailure(facts, context) ??
    storageOrNetworkFailure(facts, context) ??
    modelFileFailure(facts) ??
    requestFailure(facts) ??
    new EngineError("UNKNOWN", { detail: truncate(describe(facts)) })
  );
}
