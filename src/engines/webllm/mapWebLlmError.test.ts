import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { EngineError } from "../engineError";
import { mapWebLlmError } from "./mapWebLlmError";

const bundle = readFileSync(createRequire(import.meta.url).resolve("@mlc-ai/web-llm"), "utf8");

/**
 * web-llm does not export most of its error classes, so the tests build them from the installed
 * bundle's own source: real names and messages, and a failure here if web-llm changes them.
 */
function webllmError(className: string, ...args: unknown[]): Error {
  const source = (name: string): string => {
    const start = bundle.indexOf(`\nclass ${name} extends `);
    if (start < 0) throw new Error(`web-llm no longer defines ${name}`);
    return bundle.slice(start, bundle.indexOf("\n}\n", start) + 3);
  };
  const parents = className === "ShaderF16SupportError" ? source("FeatureSupportError") : "";
  const build = new Function("args", `${parents}${source(className)}\nreturn new ${className}(...args);`) as (args: unknown[]) => Error;
  return build(args);
}

/** What web-llm's IndexedDB cache throws when storing a download fails (lib/index.js). */
const failedToStore = (url: string, inner: unknown) => new Error("Failed to store " + url + " with error: " + String(inner));
const shardUrl = "https://huggingface.co/mlc-ai/Mistral-7B-Instruct-v0.3-q4f16_1-MLC/resolve/main/params_shard_12.bin";
const load = { phase: "load" } as const;

describe("web-llm's inline error texts", () => {
  it("are still the ones matched here", () => {
    for (const fragment of [
      'throw Error("Unable to find a compatible GPU.',
      "throw Error(`Cannot initialize runtime because of requested maxBufferSize ` +",
      'throw Error("Failed to store " + url + " with error: " + error);',
      "throw new Error('Network response was not ok');",
      'throw Error("ArtifactIndexedDBCache failed to fetch: " + url);',
      "return WebAssembly.instantiate(bufferSource, env.imports)",
    ]) {
      expect(bundle).toContain(fragment);
    }
  });
});

describe("mapWebLlmError", () => {
  it("maps a missing navigator.gpu to NO_WEBGPU", () => {
    const error = mapWebLlmError(webllmError("WebGPUNotAvailableError"), load);
    expect(error.code).toBe("NO_WEBGPU");
    expect(error.detail).toMatch(/^WebGPUNotAvailableError: WebGPU is not supported/);
    expect(error.detail?.length).toBeLessThanOrEqual(300);
  });

  it("maps a null adapter to NO_WEBGPU with its own message", () => {
    const error = mapWebLlmError(new Error("Unable to find a compatible GPU. This issue might be because your computer doesn't have a GPU, or your system settings are not configured properly. "), load);
    expect(error.code).toBe("NO_WEBGPU");
    expect(error.message).toMatch(/no compatible GPU adapter/);
  });

  it("maps missing shader-f16 to NO_SHADER_F16, and other features to GPU_LIMITS_TOO_SMALL", () => {
    expect(mapWebLlmError(webllmError("ShaderF16SupportError"), load).code).toBe("NO_SHADER_F16");
    expect(mapWebLlmError(webllmError("FeatureSupportError", "shader-f16"), load).code).toBe("NO_SHADER_F16");
    const other = mapWebLlmError(webllmError("FeatureSupportError", "subgroups"), load);
    expect(other.code).toBe("GPU_LIMITS_TOO_SMALL");
    expect(other.message).toContain('"subgroups"');
  });

  it("maps a limit below web-llm's request to GPU_LIMITS_TOO_SMALL", () => {
    const error = mapWebLlmError(new Error("Cannot initialize runtime because of requested maxStorageBufferBindingSize exceeds limit. requested=128MB, limit=64MB. "), load);
    expect(error.code).toBe("GPU_LIMITS_TOO_SMALL");
    expect(error.message).toContain("maxStorageBufferBindingSize");
  });

  it("maps a lost device to DEVICE_LOST, worded for the phase", () => {
    expect(mapWebLlmError(webllmError("DeviceLostError"), load).code).toBe("DEVICE_LOST");
    const generating = mapWebLlmError({ name: "Error", message: "Device was lost. Instance.dispose()" }, { phase: "generate" });
    expect(generating.code).toBe("DEVICE_LOST");
    expect(generating.message).toMatch(/while writing the reply/);
  });

  it("maps a quota failure inside a wrapped download to OUT_OF_STORAGE", () => {
    const quota = new DOMException("The quota has been exceeded.", "QuotaExceededError");
    expect(mapWebLlmError(failedToStore(shardUrl, quota), load).code).toBe("OUT_OF_STORAGE");
    expect(mapWebLlmError(quota, load).code).toBe("OUT_OF_STORAGE");
    expect(mapWebLlmError(new Error("ArtifactIndexedDBCache failed to fetch: " + shardUrl), load).code).toBe("OUT_OF_STORAGE");
  });

  it("maps fetch failures and HTTP errors to NETWORK, keeping the host", () => {
    const offline = mapWebLlmError(failedToStore(shardUrl, new TypeError("Failed to fetch")), load);
    expect(offline.code).toBe("NETWORK");
    expect(offline.message).toMatch(/model host could not be reached/);
    expect(offline.detail).toMatch(/^huggingface\.co — /);
    expect(offline.detail?.length).toBeLessThanOrEqual(300);
    const http = mapWebLlmError(failedToStore(shardUrl, new Error("Network response was not ok")), load);
    expect(http.code).toBe("NETWORK");
    const wasmHost = "https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_86/base/x.wasm";
    expect(mapWebLlmError(failedToStore(wasmHost, new TypeError("NetworkError when attempting to fetch resource.")), load).detail).toMatch(/^raw\.githubusercontent\.com/);
  });

  it("does not read a code out of a URL", () => {
    const error = mapWebLlmError(failedToStore("https://example.org/quota/device-lost/params_shard_0.bin", new TypeError("Failed to fetch")), load);
    expect(error.code).toBe("NETWORK");
  });

  it("maps a model library that will not compile or link to UNKNOWN with a fix", async () => {
    const html = new TextEncoder().encode("<!DOCTYPE html><html>");
    const compileError: unknown = await WebAssembly.instantiate(html).catch((error: unknown) => error);
    const compiled = mapWebLlmError(compileError, load);
    expect(compiled).toMatchObject({ code: "UNKNOWN", message: "The model's library could not be loaded." });
    expect(compiled.fix).toMatch(/download it again/);
    expect(compiled.detail).toMatch(/^CompileError: /);

    // A module importing env.f, instantiated without it: what a library built for another runtime gets.
    const importsF = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 2, 9, 1, 3, 101, 110, 118, 1, 102, 0, 0]);
    const linkError: unknown = await WebAssembly.instantiate(importsF, { env: {} }).catch((error: unknown) => error);
    expect(mapWebLlmError(linkError, load).message).toBe("The model's library could not be loaded.");
    expect(mapWebLlmError({ name: "LinkError", message: "WebAssembly.instantiate(): Import #0" }, load).message).toBe("The model's library could not be loaded.");
    expect(mapWebLlmError(webllmError("MissingModelWasmError", "X"), load).message).toBe("The model's library could not be loaded.");
  });

  it("maps aborts to ABORTED, also when web-llm wrapped them", () => {
    expect(mapWebLlmError(new DOMException("signal is aborted without reason", "AbortError"), load).code).toBe("ABORTED");
    expect(mapWebLlmError(failedToStore(shardUrl, AbortSignal.abort().reason), load).code).toBe("ABORTED");
  });

  it("reads plain { name, message } objects and toString() strings from a worker", () => {
    expect(mapWebLlmError({ name: "DeviceLostError", message: "The WebGPU device was lost while loading the model." }, load).code).toBe("DEVICE_LOST");
    expect(mapWebLlmError(String(webllmError("ShaderF16SupportError")), load).code).toBe("NO_SHADER_F16");
    expect(mapWebLlmError("Error: Failed to store " + shardUrl + " with error: TypeError: Failed to fetch", load).code).toBe("NETWORK");
    expect(mapWebLlmError({ name: "QuotaExceededError", message: "" }, load).code).toBe("OUT_OF_STORAGE");
  });

  it("maps request errors while generating", () => {
    const long = mapWebLlmError(webllmError("ContextWindowSizeExceededError", 5000, 4096), { phase: "generate" });
    expect(long.code).toBe("INVALID_REQUEST");
    expect(long.detail).toContain("5000");
    // The counts travel as data: the chat leaves out its oldest turns from them (fitHistoryToContext.ts).
    expect(long.toData().contextOverflow).toEqual({ promptTokens: 5000, contextTokens: 4096 });
    expect(mapWebLlmError(webllmError("ModelNotLoadedError", "ChatCompletionRequest"), { phase: "generate" }).message).toBe("The local model is not loaded.");
  });

  it("passes our own errors through, as instances or as data", () => {
    const own = new EngineError("ENGINE_IN_OTHER_TAB");
    expect(mapWebLlmError(own, load)).toBe(own);
    const data = new EngineError("RATE_LIMITED", { retryAt: 5 }).toData();
    expect(mapWebLlmError(data, load).toData()).toEqual(data);
  });

  it("keeps anything else as UNKNOWN with a short detail", () => {
    const error = mapWebLlmError(new RangeError("x".repeat(1000)), load);
    expect(error.code).toBe("UNKNOWN");
    expect(error.detail).toHaveLength(300);
    expect(mapWebLlmError(42, load)).toMatchObject({ code: "UNKNOWN", detail: "Error: 42" });
    expect(mapWebLlmError(null, load).code).toBe("UNKNOWN");
  });

  it("follows a cause when the outer error says nothing useful", () => {
    const wrapped = new Error("Loading failed", { cause: new DOMException("full", "QuotaExceededError") });
    expect(mapWebLlmError(wrapped, load).code).toBe("OUT_OF_STORAGE");
    const loop: { message: string; cause?: unknown } = { message: "round and round" };
    loop.cause = loop;
    expect(mapWebLlmError(loop, load)).toMatchObject({ code: "UNKNOWN" });
    expect(mapWebLlmError(loop, load).detail).toMatch(/^Error: round and round/);
  });
});
