import { useAppStore } from "../state/store";

export function AppHeader() {
  const model = useAppStore((state) => state.model);
  const openSettings = useAppStore((state) => state.openSettings);
  return (
    <header className="app-header">
      <h1 className="app-title">Tramontane</h1>
      <p className="engine-badge" aria-label="Active engine">
        <span className="engine-badge-kind">Mistral API</span>
        <span className="engine-badge-model">{model}</span>
      </p>
      <button type="button" className="button" onClick={openSettings}>
        Settings
      </button>
    </header>
  );
}
