import { useId } from "react";
import type { StoredGgufModel } from "../engines/gguf/ggufProtocol";
import { formatGgufSpeed, ggufThreads } from "../engines/gguf/ggufSizing";
import { useAppStore } from "../state/store";
import { formatBytes } from "../ui/formatBytes";

/** Threads this page can give llama.cpp: several only when it is cross-origin isolated. */
export function pageGgufThreads(): number {
  return ggufThreads(navigator.hardwareConcurrency, window.crossOriginIsolated);
}

/** A range, because the CPU's memory speed decides it. */
export function describeGgufSpeed(bytes: number): string {
  return `about ${formatGgufSpeed(bytes, pageGgufThreads())} on this device`;
}

function StoredModelRow({ model }: { model: StoredGgufModel }) {
  const nameId = useId();
  const inUse = useAppStore((state) => state.ggufEngine.status === "ready" && state.ggufEngine.model.id === model.id);
  const loading = useAppStore((state) => state.ggufEngine.status === "loading");
  const { loadGgufModel, deleteGgufModel } = useAppStore.getState();
  const origin = model.origin.kind === "url" ? `downloaded from ${new URL(model.origin.url).host}` : `opened from ${model.fileName}`;
  return (
    <li className="model-row" aria-labelledby={nameId}>
      <div>
        <p id={nameId} className="model-name">
          {model.name}
        </p>
        <p className="help">
          {formatBytes(model.bytes)} · {origin}
          {model.trainedContextTokens !== undefined && ` · trained for ${model.trainedContextTokens.toLocaleString("en")} tokens of context`}
        </p>
        <p className="help">{inUse ? "Loaded" : describeGgufSpeed(model.bytes)}</p>
      </div>
      <div className="model-actions">
        {!inUse && (
          <button type="button" className="button button-quiet" disabled={loading} onClick={() => void loadGgufModel({ kind: "stored", id: model.id })}>
            Load
          </button>
        )}
        <button type="button" className="button button-quiet" aria-label={`Delete ${model.name}`} disabled={loading} onClick={() => void deleteGgufModel(model.id)}>
          Delete
        </button>
      </div>
    </li>
  );
}

/** The GGUF models kept in this browser, with their size and a way to delete each. */
export function GgufStoredModels() {
  const models = useAppStore((state) => state.ggufModels);
  if (!models) return <p className="muted">Reading the models stored in this browser…</p>;
  if (models.length === 0) return <p className="help">No GGUF model is stored in this browser yet.</p>;
  return (
    <ul className="model-list" aria-label="GGUF models in this browser">
      {models.map((model) => (
        <StoredModelRow key={model.id} model={model} />
      ))}
    </ul>
  );
}
