/// <reference lib="webworker" />
/**
 * The GGUF worker: the only module that imports wllama (llama.cpp in WebAssembly) at run time.
 * wllama starts its own workers inside this one (blob: URLs, hence `worker-src blob:` in the
 * CSP). The wasm is served from this origin and precached: nothing comes from a CDN.
 */
import { Wllama } from "@wllama/wllama/esm/index.js";
import wllamaWasmUrl from "@wllama/wllama/esm/wasm/wllama.wasm?url";
import { EngineError } from "../engineError";
import type { GgufWorkerRequest } from "./ggufProtocol";
import { createGgufFileWriter, listStoredGgufModels, openStoredGgufModel } from "./ggufModelStore";
import { ggufThreads } from "./ggufSizing";
import { createGgufWorkerHandler } from "./ggufWorkerHandler";

declare const self: DedicatedWorkerGlobalScope;

/** wllama's single build needs JSPI and 64-bit memory (current Chrome and Edge). */
function missingWasmFeature(): string | undefined {
  if (typeof (WebAssembly as { Suspending?: unknown }).Suspending !== "function") return "JavaScript Promise Integration (JSPI)";
  try {
    new WebAssembly.Memory({ initial: 1n, maximum: 2n, address: "i64" } as unknown as WebAssembly.MemoryDescriptor);
    return undefined;
  } catch {
    return "64-bit WebAssembly memory (Memory64)";
  }
}

const missing = missingWasmFeature();

const handle = createGgufWorkerHandler(
  {
    createEngine: () => {
      if (missing) {
        throw new EngineError("ENGINE_CRASHED", {
          message: `This browser's WebAssembly lacks ${missing}, which the in-browser engine needs.`,
          fix: "Use a recent Chrome or Edge, or chat through the Mistral API or your own server.",
        });
      }
      const engine = new Wllama({ default: wllamaWasmUrl }, { suppressNativeLog: true });
      // Never the "compat" build from a CDN: nothing may be fetched from elsewhere.
      engine.setCompat(null);
      return engine;
    },
    storage: {
      list: listStoredGgufModels,
      open: openStoredGgufModel,
      createWriter: createGgufFileWriter,
      estimate: () => navigator.storage.estimate(),
    },
    threads: ggufThreads(navigator.hardwareConcurrency, self.crossOriginIsolated),
    now: () => performance.now(),
  },
  (event) => self.postMessage(event),
);

self.onmessage = (event: MessageEvent<GgufWorkerRequest>) => handle(event.data);
