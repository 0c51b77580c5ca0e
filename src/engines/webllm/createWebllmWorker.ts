/**
 * Vite bundles the worker (and web-llm inside it) as its own chunk because of this exact
 * `new Worker(new URL(...), { type: "module" })` form; the page's own code never contains web-llm.
 */
export function createWebllmWorker(): Worker {
  return new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "web-llm" });
}
