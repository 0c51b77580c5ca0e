/**
 * Runs `callback` once the browser is idle; where it cannot say (no requestIdleCallback, as in
 * Safari), after `fallbackMs`. Returns a function that cancels it.
 */
export function whenIdle(callback: () => void, fallbackMs: number): () => void {
  if (typeof requestIdleCallback === "function") {
    const idle = requestIdleCallback(callback);
    return () => cancelIdleCallback(idle);
  }
  const timer = setTimeout(callback, fallbackMs);
  return () => clearTimeout(timer);
}
