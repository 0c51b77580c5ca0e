import { useEffect, useId } from "react";
import { useAppStore } from "../state/store";
import { GgufLoadProgressView } from "./GgufLoadProgressView";
import { GgufModelSources } from "./GgufModelSources";
import { GgufStoredModels, pageGgufThreads } from "./GgufStoredModels";
import { EngineErrorText } from "../ui/EngineErrorText";

/** The CPU engine's model manager, shown in the chat until a GGUF model is loaded. */
export function GgufModelPanel() {
  const headingId = useId();
  const engine = useAppStore((state) => state.ggufEngine);
  const { refreshGgufModels, cancelGgufLoad, selectEngine } = useAppStore.getState();

  useEffect(() => {
    void refreshGgufModels();
  }, [refreshGgufModels]);

  if (engine.status === "ready") return null;
  const threads = pageGgufThreads();
  return (
    <section className="card local-model" aria-labelledby={headingId}>
      <h2 id={headingId}>Run a GGUF model on this device's CPU</h2>
      <p>
        llama.cpp runs in your browser: no WebGPU needed, and nothing you type leaves this device. It is slower than a GPU; it uses{" "}
        {threads === 1 ? "one thread" : `${threads} threads`} here.
      </p>
      {engine.status === "loading" ? (
        <>
          <GgufLoadProgressView what={engine.what} progress={engine.progress} />
          <button type="button" className="button" onClick={cancelGgufLoad}>
            Cancel
          </button>
        </>
      ) : (
        <>
          {engine.status === "error" && (
            <div className="error-notice" role="alert">
              <EngineErrorText error={engine.error} />
            </div>
          )}
          <GgufStoredModels />
          <GgufModelSources />
          <button type="button" className="button button-quiet" onClick={() => selectEngine("mistral-api")}>
            Use the Mistral API instead
          </button>
        </>
      )}
    </section>
  );
}
