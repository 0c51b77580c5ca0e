import { findLocalModel } from "../engines/catalog";
import { useAppStore, useHasHydrated } from "../state/store";

/** Offline: what still works here, so nobody has to find out by trying. */
export function OfflineNotice() {
  // What works offline depends on the saved settings (and this keeps the prerendered first screen
  // the same for everyone).
  const hydrated = useHasHydrated();
  const online = useAppStore((state) => state.online);
  const modelCache = useAppStore((state) => state.modelCache);
  if (online || !hydrated) return null;
  const downloaded = Object.entries(modelCache)
    .filter(([, status]) => status?.state === "ready")
    .map(([id]) => findLocalModel(id)?.displayName ?? id);
  return (
    <div className="banner" role="status">
      <p>
        <strong>You are offline.</strong> Your chats are all here.{" "}
        {downloaded.length > 0
          ? `Models on this device work offline: ${[...new Set(downloaded)].join(", ")}.`
          : "Models on this device work offline once downloaded; none is downloaded yet."}{" "}
        The Mistral API needs a connection; a server on this computer (Ollama, vLLM) still answers.
      </p>
    </div>
  );
}
