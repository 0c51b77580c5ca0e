import { useId } from "react";
import { useAppStore } from "../state/store";
import { useModalDialog } from "../ui/useModalDialog";
import { EngineChoice } from "./EngineChoice";
import { GgufModelsSettings } from "./GgufModelsSettings";
import { GpuFactsCard } from "./GpuFactsCard";
import { LocalModelsSettings } from "./LocalModelsSettings";
import { MistralApiSettings } from "./MistralApiSettings";
import { SelfHostedSettings } from "./SelfHostedSettings";

export function SettingsDialog() {
  const titleId = useId();
  const isOpen = useAppStore((state) => state.isSettingsOpen);
  const closeSettings = useAppStore((state) => state.closeSettings);
  const engineKind = useAppStore((state) => state.engineKind);
  const dialogRef = useModalDialog(isOpen, (dialog) => {
    // With the cloud in use, the key is what people open Settings for (and where errors send them).
    if (useAppStore.getState().engineKind === "mistral-api") dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
  });

  // The active engine's settings come first.
  const sections = {
    local: isOpen ? <LocalModelsSettings key="local" /> : null,
    "mistral-api": <MistralApiSettings key="api" isOpen={isOpen} />,
    "self-hosted": <SelfHostedSettings key="self-hosted" isOpen={isOpen} />,
    gguf: isOpen ? <GgufModelsSettings key="gguf" /> : null,
  };
  const order = [engineKind, ...(["local", "gguf", "mistral-api", "self-hosted"] as const).filter((kind) => kind !== engineKind)];
  return (
    <dialog ref={dialogRef} className="settings" aria-labelledby={titleId} onClose={closeSettings}>
      <form method="dialog" className="settings-form">
        <h2 id={titleId}>Settings</h2>
        <EngineChoice />
        {order.map((kind) => sections[kind])}
        <GpuFactsCard />
        <div className="dialog-actions">
          <button type="submit" className="button button-primary">
            Done
          </button>
        </div>
      </form>
    </dialog>
  );
}
