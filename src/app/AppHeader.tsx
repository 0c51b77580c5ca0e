import { selectedLocalModel } from "../state/localEngineSlice";
import { useAppStore } from "../state/store";

export function AppHeader() {
  const engineKind = useAppStore((state) => state.engineKind);
  const apiModel = useAppStore((state) => state.model);
  const localModel = useAppStore(selectedLocalModel);
  const openSettings = useAppStore((state) => state.openSettings);
  return (
    <header className="app-header">
      <h1 className="app-title">Tramontane</h1>
      <p className="engine-badge" aria-label="Active engine">
        <span className="engine-badge-kind">{engineKind === "local" ? "On this device" : "Mistral API"}</span>
        <span className="engine-badge-model">
          {engineKind === "local" ? `${localModel.displayName} (${localModel.quantization})` : apiModel}
        </span>
      </p>
      <button type="button" className="button" onClick={openSettings}>
        Settings
      </button>
    </header>
  );
}
