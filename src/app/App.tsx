import { useEffect } from "react";
import { Composer } from "../chat/Composer";
import { MessageList } from "../chat/MessageList";
import { useAppStore } from "../state/store";
import { AppHeader } from "./AppHeader";
import { LocalModelPanel } from "./LocalModelPanel";
import { SettingsDialog } from "./SettingsDialog";
import { Welcome } from "./Welcome";

export function App() {
  const hasMessages = useAppStore((state) => state.messages.length > 0);
  const probeDevice = useAppStore((state) => state.probeDevice);
  const isLocal = useAppStore((state) => state.engineKind === "local");

  useEffect(() => {
    // After first paint: requestAdapter can take a while on software adapters.
    void probeDevice();
  }, [probeDevice]);

  return (
    <div className="app">
      <AppHeader />
      <main className="chat" aria-label="Chat">
        {hasMessages ? <MessageList /> : <Welcome />}
        {isLocal && <LocalModelPanel />}
      </main>
      <Composer />
      <SettingsDialog />
    </div>
  );
}
