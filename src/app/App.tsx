import { lazy, Suspense, useEffect, useState } from "react";
import { ChatHeader } from "../chat/ChatHeader";
import { Composer } from "../chat/Composer";
import { DeletedMessageNotice } from "../chat/DeletedMessageNotice";
import { MessageList } from "../chat/MessageList";
import { preloadMarkdown } from "../chat/MessageView";
import { preloadMistralApi } from "../engines/engineService";
import { selectActiveMessages } from "../state/conversations";
import { useAppStore, useHasHydrated } from "../state/store";
import { AppHeader } from "./AppHeader";
import { ConversationList } from "./ConversationList";
import { GgufModelPanel } from "./GgufModelPanel";
import { LocalModelPanel } from "./LocalModelPanel";
import { SettingsDialog } from "./SettingsDialog";
import { StorageBanner } from "./StorageBanner";
import { OfflineNotice } from "./OfflineNotice";
import { UpdateBanner } from "../pwa/UpdateBanner";
import { Welcome } from "./Welcome";
import { whenIdle } from "../ui/whenIdle";

// The benchmark view (runner, chart, exports) is code most visits never run: loaded on first open.
const BenchmarkDialog = lazy(() => import("../benchmark/BenchmarkDialog").then((module) => ({ default: module.BenchmarkDialog })));

export function App() {
  const hasMessages = useAppStore((state) => selectActiveMessages(state).length > 0);
  const probeDevice = useAppStore((state) => state.probeDevice);
  const engineKind = useAppStore((state) => state.engineKind);
  const hasHydrated = useHasHydrated();
  // On narrow screens the sidebar is hidden until asked for.
  const [sidebarOpen, setSidebarOpen] = useState(false);
  // Mounted from the first open on, so the <dialog> closes itself and hands focus back.
  const benchmarkOpen = useAppStore((state) => state.isBenchmarkOpen);
  const [benchmarkMounted, setBenchmarkMounted] = useState(false);
  if (benchmarkOpen && !benchmarkMounted) setBenchmarkMounted(true);

  useEffect(() => {
    // After first paint: requestAdapter can take a while on software adapters.
    void probeDevice();
  }, [probeDevice]);

  useEffect(() => {
    // Once the saved settings are known (they say which engine to preload): with a long history,
    // an idle moment comes while they are still being read.
    if (!hasHydrated) return;
    // While the person types their first message, not before the first screen is up.
    const preload = () => {
      preloadMarkdown();
      // Compiling the SDK takes a long task of its own: better now than while the first reply streams.
      const { engineKind, apiKey } = useAppStore.getState();
      if (engineKind === "mistral-api" && apiKey) preloadMistralApi();
    };
    return whenIdle(preload, 1000);
  }, [hasHydrated]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
        event.preventDefault();
        useAppStore.getState().newConversation();
        document.querySelector<HTMLTextAreaElement>("textarea[aria-label='Message']")?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <div className={sidebarOpen ? "shell sidebar-open" : "shell"}>
      <ConversationList onNavigate={() => setSidebarOpen(false)} />
      <div className="app">
        <AppHeader sidebarOpen={sidebarOpen} onToggleSidebar={() => setSidebarOpen(!sidebarOpen)} />
        <div className="banners">
          <UpdateBanner />
          <OfflineNotice />
          <StorageBanner />
        </div>
        <main className="chat" aria-label="Chat">
          <ChatHeader />
          {hasMessages ? <MessageList /> : <Welcome />}
          <DeletedMessageNotice />
          {engineKind === "local" && <LocalModelPanel />}
          {engineKind === "gguf" && <GgufModelPanel />}
        </main>
        <Composer />
      </div>
      <SettingsDialog />
      {benchmarkMounted && (
        <Suspense fallback={null}>
          <BenchmarkDialog />
        </Suspense>
      )}
    </div>
  );
}
