import { useAppStore } from "../state/store";

/** Says whether the key works, using the model list request as the check. */
export function ModelListStatus({ hasKey }: { hasKey: boolean }) {
  const modelList = useAppStore((state) => state.modelList);
  const refreshModels = useAppStore((state) => state.refreshModels);
  if (!hasKey) return <p className="help">Add a key to load the models it can use.</p>;
  switch (modelList.status) {
    case "idle":
      return null;
    case "loading":
      return (
        <p className="help" role="status">
          Checking the key…
        </p>
      );
    case "ready":
      return (
        <p className="help key-ok" role="status">
          Key works — {modelList.models.length} chat models available.
        </p>
      );
    case "error":
      return (
        <div className="help field-error" role="alert">
          <p>
            {modelList.error.message} {modelList.error.fix}
          </p>
          {modelList.error.detail && <p className="error-detail">{modelList.error.detail}</p>}
          <button type="button" className="button button-quiet" onClick={() => void refreshModels()}>
            Check again
          </button>
        </div>
      );
  }
}
