import { useEffect, useId } from "react";
import type { LocalModel } from "../engines/catalog";
import { kvCacheBytes, localModels } from "../engines/catalog";
import type { LocalModelCacheStatus } from "../storage/webllmCacheStatus";
import { knownDownloadBytes, selectedLocalModel } from "../state/localEngineSlice";
import { useAppStore } from "../state/store";
import { formatBytes } from "../ui/formatBytes";

const contextChoices = [2048, 4096, 8192, 16384, 32768];

function cacheText(status: LocalModelCacheStatus | undefined): string {
  if (!status || status.state === "absent") return "Not downloaded";
  if (status.state === "partial") {
    const total = status.bytesTotal !== undefined ? ` of ${formatBytes(status.bytesTotal)}` : "";
    return `Partly downloaded (${formatBytes(status.bytesStored)}${total})`;
  }
  return `Ready — ${formatBytes(status.bytesStored)} on this device`;
}

function ModelRow({ model, selected }: { model: LocalModel; selected: boolean }) {
  const status = useAppStore((state) => state.modelCache[model.id]);
  const downloadBytes = useAppStore((state) => knownDownloadBytes(state, model));
  const { selectLocalModel, deleteModel } = useAppStore.getState();
  const nameId = useId();
  return (
    <li className="model-row" aria-labelledby={nameId}>
      <div>
        <p id={nameId} className="model-name">
          {model.displayName} <span className="muted">{model.quantization}</span>
        </p>
        <p className="help">
          GPU memory about {formatBytes(model.vramBytes)}
          {downloadBytes !== undefined && ` · download ${formatBytes(downloadBytes)}`} · context up to{" "}
          {model.maxContextTokens.toLocaleString("en")} tokens{model.needsShaderF16 && " · needs shader-f16"}
        </p>
        <p className="help model-status">{cacheText(status)}</p>
      </div>
      <div className="model-actions">
        <button type="button" className="button button-quiet" aria-pressed={selected} onClick={() => selectLocalModel(model.id)}>
          {selected ? "Selected" : "Use"}
        </button>
        {status && status.state !== "absent" && (
          <button type="button" className="button button-quiet" aria-label={`Delete ${model.displayName} ${model.quantization}`} onClick={() => void deleteModel(model.id)}>
            Delete
          </button>
        )}
      </div>
    </li>
  );
}

export function LocalModelsSettings() {
  const contextId = useId();
  const selected = useAppStore(selectedLocalModel);
  const contextTokens = useAppStore((state) => state.contextTokens);
  const storage = useAppStore((state) => state.storage);
  const { setContextTokens, refreshModelCache } = useAppStore.getState();

  useEffect(() => {
    void refreshModelCache();
  }, [refreshModelCache]);

  const choices = contextChoices.filter((tokens) => tokens <= selected.maxContextTokens);
  return (
    <fieldset>
      <legend>Models on this device</legend>
      <ul className="model-list" aria-label="Local models">
        {localModels.map((model) => (
          <ModelRow key={model.id} model={model} selected={model.id === selected.id} />
        ))}
      </ul>
      {storage.usageBytes !== undefined && storage.quotaBytes !== undefined && (
        <p className="help" aria-label="Storage">
          This site stores {formatBytes(storage.usageBytes)}; the browser allows up to {formatBytes(storage.quotaBytes)} (
          {formatBytes(Math.max(0, storage.quotaBytes - storage.usageBytes))} free).
        </p>
      )}
      <label htmlFor={contextId}>Context length</label>
      <select id={contextId} value={contextTokens} onChange={(event) => setContextTokens(Number(event.target.value))}>
        {choices.map((tokens) => (
          <option key={tokens} value={tokens}>
            {tokens / 1024}K tokens — KV cache about {formatBytes(kvCacheBytes(selected, tokens))} of GPU memory
          </option>
        ))}
      </select>
      <p className="help">Longer conversations fit in a longer context, at the cost of GPU memory. Changing it reloads the model.</p>
    </fieldset>
  );
}
