/**
 * Vite bundles the worker (and wllama inside it) as its own chunk because of this exact
 * `new Worker(new URL(...), { type: "module" })` form; the page's own code never contains wllama.
 */
export function createGgufWorker(): Worker {
  return new Worker(new URL("./ggufWorker.ts", import.meta.url), { type: "module", name: "gguf" });
}
