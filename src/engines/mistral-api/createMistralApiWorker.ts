/**
 * Vite bundles the worker (and the SDK inside it) as its own chunk because of this exact
 * `new Worker(new URL(...), { type: "module" })` form; the page's own code never contains the SDK.
 */
export function createMistralApiWorker(): Worker {
  return new Worker(new URL("./mistralApiWorker.ts", import.meta.url), { type: "module", name: "mistral-api" });
}
