import { EngineError } from "./engineError";

/**
 * Caches a dynamic import; a failed one (e.g. offline before the code was ever stored) is
 * forgotten, so a later call can retry. `what` names what the code talks to, for the error.
 */
export function lazyModule<T>(load: () => Promise<T>, what: string): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw new EngineError("NETWORK", {
        message: `Could not load the code that talks to ${what}.`,
        fix: "Check your connection and retry; reload the page if it keeps failing.",
        detail: error instanceof Error ? error.message : undefined,
      });
    });
    return loading;
  };
}
