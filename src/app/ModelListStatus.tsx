import type { ModelListState } from "../state/settingsSlice";

interface ModelListStatusProps {
  modelList: ModelListState;
  refresh: () => void;
  /** Shown instead of any status while nothing can be asked yet (e.g. no key). */
  missing?: string;
  /** What a successful list proves, e.g. "Key works" or "Server answers". */
  okText: string;
  /** The kind of models counted, e.g. "chat models". */
  noun: string;
}

/** The model-list request doubles as the check that a key or a server works. */
export function ModelListStatus({ modelList, refresh, missing, okText, noun }: ModelListStatusProps) {
  if (missing) return <p className="help">{missing}</p>;
  switch (modelList.status) {
    case "idle":
      return null;
    case "loading":
      return (
        <p className="help" role="status">
          Checking…
        </p>
      );
    case "ready":
      return (
        <p className="help key-ok" role="status">
          {okText} — {modelList.models.length} {noun} available.
        </p>
      );
    case "error":
      return (
        <div className="help field-error" role="alert">
          <p>
            {modelList.error.message} {modelList.error.fix}
          </p>
          {modelList.error.detail && <p className="error-detail">{modelList.error.detail}</p>}
          <button type="button" className="button button-quiet" onClick={refresh}>
            Check again
          </button>
        </div>
      );
  }
}
