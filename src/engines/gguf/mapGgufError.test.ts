// @vitest-environment node
// In browsers and workers a DOMException is an Error; jsdom's, from another realm, is not.
import { describe, expect, it } from "vitest";
import { EngineError } from "../engineError";
import { mapGgufError } from "./mapGgufError";
import { GgufFormatError } from "./readGgufHeader";

const named = (name: string, message = "") => Object.assign(new Error(message), { name });

describe("mapGgufError", () => {
  it("passes an EngineError through unchanged", () => {
    const error = new EngineError("NETWORK", { message: "The server answered 404 instead of the model." });
    expect(mapGgufError(error, "load")).toBe(error);
    expect(mapGgufError(error, "generate")).toBe(error);
  });

  it.each([
    ["an Error named AbortError", named("AbortError", "The operation was aborted.")],
    ["a DOMException AbortError", new DOMException("The user aborted a request.", "AbortError")],
  ])("maps %s to ABORTED", (_label, error) => {
    expect(mapGgufError(error, "load").code).toBe("ABORTED");
    expect(mapGgufError(error, "generate").code).toBe("ABORTED");
  });

  it("maps a GgufFormatError to MODEL_FILE_INVALID with its own message", () => {
    const error = new GgufFormatError("truncated", "The file ends too early: it is incomplete.");
    expect(mapGgufError(error, "load").toData()).toMatchObject({ code: "MODEL_FILE_INVALID", message: "The file ends too early: it is incomplete." });
  });

  it("maps a WebAssembly RuntimeError while generating to ENGINE_CRASHED, keeping the partial reply", () => {
    const mapped = mapGgufError(new WebAssembly.RuntimeError("unreachable"), "generate");
    expect(mapped.code).toBe("ENGINE_CRASHED");
    expect(mapped.message).toMatch(/part received is kept/);
    expect(mapped.detail).toBe("unreachable");
  });

  it("maps a RuntimeError while loading to ENGINE_CRASHED without promising a partial reply", () => {
    const mapped = mapGgufError(named("RuntimeError", "index out of bounds"), "load");
    expect(mapped.code).toBe("ENGINE_CRASHED");
    expect(mapped.message).not.toMatch(/part received/);
  });

  it("maps llama.cpp's 'failed to load model' to MODEL_FILE_INVALID while loading only", () => {
    const error = new Error("llama_model_load: error loading model: failed to load model");
    expect(mapGgufError(error, "load")).toMatchObject({ code: "MODEL_FILE_INVALID", detail: error.message });
    expect(mapGgufError(error, "generate").code).not.toBe("MODEL_FILE_INVALID");
  });

  it("maps running out of wasm memory while loading to MODEL_TOO_LARGE", () => {
    expect(mapGgufError(new Error("Cannot allocate WebAssembly.Memory"), "load").code).toBe("MODEL_TOO_LARGE");
  });

  it.each([
    ["a wllama error of type kv_cache_full", Object.assign(new Error("KV cache is full"), { type: "kv_cache_full" })],
    ["an error with type kv_cache_full and another message", Object.assign(new Error("decode failed"), { type: "kv_cache_full" })],
    ["a 'context is full' message", new Error("the context is full")],
    ["llama.cpp's context size message", new Error("request (1856 tokens) exceeds the available context size (512 tokens)")],
  ])("maps %s to INVALID_REQUEST, asking for a new chat", (_label, error) => {
    const mapped = mapGgufError(error, "generate");
    expect(mapped.code).toBe("INVALID_REQUEST");
    expect(mapped.fix).toMatch(/new chat/);
  });

  it("reads the token counts from llama.cpp's context size message", () => {
    const mapped = mapGgufError(new Error("request (1856 tokens) exceeds the available context size (512 tokens), try increasing it"), "generate");
    expect(mapped.toData().contextOverflow).toEqual({ promptTokens: 1856, contextTokens: 512 });
    expect(mapGgufError(new Error("the context is full"), "generate").contextOverflow).toBeUndefined();
  });

  it.each([
    ["a DOMException", new DOMException("The quota has been exceeded.", "QuotaExceededError")],
    ["an Error", named("QuotaExceededError", "Quota exceeded")],
  ])("maps a QuotaExceededError (%s) to OUT_OF_STORAGE", (_label, error) => {
    expect(mapGgufError(error, "load").code).toBe("OUT_OF_STORAGE");
  });

  it("maps a failed fetch to NETWORK and anything else to UNKNOWN with its message as detail", () => {
    expect(mapGgufError(new TypeError("Failed to fetch"), "load").code).toBe("NETWORK");
    expect(mapGgufError("something odd", "generate").toData()).toEqual({
      code: "UNKNOWN",
      message: "Something unexpected went wrong.",
      fix: "Retry. If it keeps happening, reload the page.",
      detail: "something odd",
    });
  });
});
