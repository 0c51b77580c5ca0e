import { selectGgufModelName } from "../state/ggufSlice";
import { selectedLocalModel } from "../state/localEngineSlice";
import { useInstallPrompt } from "../pwa/installPrompt";
import { useAppStore, useHasHydrated } from "../state/store";
import { engineKindLabels, modelLabel } from "../ui/describeEngine";
import { BenchmarkIcon, ChatsIcon, InstallIcon, SettingsIcon } from "./HeaderIcons";

export function AppHeader({ sidebarOpen, onToggleSidebar }: { sidebarOpen: boolean; onToggleSidebar: () => void }) {
  const engineKind = useAppStore((state) => state.engineKind);
  const apiModel = useAppStore((state) => state.model);
  const localModel = useAppStore(selectedLocalModel);
  const selfHostedModel = useAppStore((state) => state.selfHostedModel);
  const ggufModel = useAppStore(selectGgufModelName);
  const kindLabel = engineKindLabels[engineKind];
  const nextModel = {
    local: modelLabel(localModel.id),
    "mistral-api": apiModel,
    "self-hosted": selfHostedModel || "no model chosen",
    gguf: ggufModel ?? "no model chosen",
  }[engineKind];
  const openSettings = useAppStore((state) => state.openSettings);
  const openBenchmark = useAppStore((state) => state.openBenchmark);
  const install = useInstallPrompt();
  // The engine in use is one of the saved settings: nothing is named before they are read.
  const hydrated = useHasHydrated();
  return (
    <header className="app-header">
      <button type="button" className="button button-quiet header-button sidebar-toggle" aria-expanded={sidebarOpen} onClick={onToggleSidebar}>
        <ChatsIcon />
        <span className="header-button-label">Chats</span>
      </button>
      <h1 className="app-title">Tramontane</h1>
      <p className="engine-badge" aria-label="Active engine">
        {hydrated && (
          <>
            <span className="engine-badge-kind">{kindLabel}</span>
            <span className="engine-badge-model">{nextModel}</span>
          </>
        )}
      </p>
      <button type="button" className="button button-quiet header-change" onClick={openSettings} aria-label="Change engine">
        Change
      </button>
      {install && (
        <button type="button" className="button button-quiet header-button" onClick={() => void install()}>
          <InstallIcon />
          <span className="header-button-label">Install app</span>
        </button>
      )}
      <button type="button" className="button button-quiet header-button" onClick={openBenchmark}>
        <BenchmarkIcon />
        <span className="header-button-label">Benchmark</span>
      </button>
      <button type="button" className="button header-button" onClick={openSettings}>
        <SettingsIcon />
        <span className="header-button-label">Settings</span>
      </button>
    </header>
  );
}
