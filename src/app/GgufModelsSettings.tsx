import { useEffect } from "react";
import { useAppStore } from "../state/store";
import { GgufModelSources } from "./GgufModelSources";
import { GgufStoredModels } from "./GgufStoredModels";

/** Settings' model manager for the CPU engine: what is stored, what is loaded, and how to add more. */
export function GgufModelsSettings() {
  const engine = useAppStore((state) => state.ggufEngine);
  const refreshGgufModels = useAppStore((state) => state.refreshGgufModels);
  useEffect(() => {
    void refreshGgufModels();
  }, [refreshGgufModels]);
  return (
    <fieldset>
      <legend>GGUF models (CPU)</legend>
      {engine.status === "ready" && (
        <p className="help" aria-label="Loaded GGUF model">
          Loaded: {engine.model.name} · {engine.threads === 1 ? "1 thread" : `${engine.threads} threads`} · context {engine.contextTokens.toLocaleString("en")} tokens
        </p>
      )}
      <GgufStoredModels />
      <GgufModelSources />
    </fieldset>
  );
}
