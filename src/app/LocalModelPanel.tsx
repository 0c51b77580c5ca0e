import { useEffect, useId } from "react";
import { kvCacheBytes } from "../engines/catalog";
import { knownDownloadBytes, selectedLocalModel } from "../state/localEngineSlice";
import { useAppStore } from "../state/store";
import { formatBytes } from "../ui/formatBytes";
import { LoadProgressView } from "./LoadProgressView";
import { EngineErrorText } from "../ui/EngineErrorText";

/** What the local model needs and where it stands: shown until it is loaded and ready. */
export function LocalModelPanel() {
  const headingId = useId();
  const model = useAppStore(selectedLocalModel);
  const localEngine = useAppStore((state) => state.localEngine);
  const cache = useAppStore((state) => state.modelCache[model.id]);
  const contextTokens = useAppStore((state) => state.contextTokens);
  const downloadBytes = useAppStore((state) => knownDownloadBytes(state, model));
  const gpuKnown = useAppStore((state) => state.gpu.status === "known");
  const { loadSelectedModel, cancelLoad, selectEngine, refreshModelCache, learnDownloadSize } = useAppStore.getState();

  useEffect(() => {
    void refreshModelCache();
  }, [refreshModelCache]);
  useEffect(() => {
    if (gpuKnown) void learnDownloadSize();
  }, [gpuKnown, model.id, learnDownloadSize]);

  if (localEngine.status === "ready") return null;
  const gpuBytes = model.vramBytes + kvCacheBytes(model, contextTokens) - kvCacheBytes(model, model.defaultContextTokens);
  const sizeText = downloadBytes !== undefined ? `a ${formatBytes(downloadBytes)} download, once` : "a one-time download (its size shows once the model host answers)";
  const startLabel =
    cache?.state === "ready" ? "Load the model" : cache?.state === "partial" ? "Resume the download" : "Download and load";

  return (
    <section className="card local-model" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {model.displayName} <span className="muted">({model.quantization})</span>
      </h2>
      <p>
        Runs on your GPU; nothing you type leaves this device. It needs about {formatBytes(gpuBytes)} of GPU memory and {sizeText}.
      </p>
      {cache?.state === "partial" && cache.bytesTotal !== undefined && (
        <p className="help">
          {formatBytes(cache.bytesStored)} of {formatBytes(cache.bytesTotal)} already stored: the download resumes from there.
        </p>
      )}
      {localEngine.status === "loading" ? (
        <>
          <LoadProgressView progress={localEngine.progress} />
          {localEngine.persisted !== undefined && (
            <p className="help">
              {localEngine.persisted
                ? "The browser agreed to keep the model even when space runs low."
                : "The browser may remove the model if space runs low; you would then download it again."}
            </p>
          )}
          <button type="button" className="button" onClick={cancelLoad}>
            Cancel
          </button>
        </>
      ) : (
        <>
          {localEngine.status === "error" && (
            <div className="error-notice" role="alert">
              <EngineErrorText error={localEngine.error} />
            </div>
          )}
          <div className="error-actions">
            {localEngine.status === "error" && localEngine.error.code === "ENGINE_IN_OTHER_TAB" ? (
              <button type="button" className="button button-primary" onClick={() => void loadSelectedModel({ steal: true })}>
                Use here instead
              </button>
            ) : (
              <button type="button" className="button button-primary" onClick={() => void loadSelectedModel()}>
                {localEngine.status === "error" ? "Retry" : startLabel}
              </button>
            )}
            <button type="button" className="button button-quiet" onClick={() => selectEngine("mistral-api")}>
              Use the Mistral API instead
            </button>
          </div>
        </>
      )}
    </section>
  );
}
