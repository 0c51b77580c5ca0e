import { Suspense, useEffect, useState } from "react";
import { ChatHeader } from "../chat/ChatHeader";
import { Composer } from "../chat/Composer";
import { ReplyAnnouncer } from "../chat/ReplyAnnouncer";
import { DeletedMessageNotice } from "../chat/DeletedMessageNotice";
import { MessageList } from "../chat/MessageList";
import { preloadMarkdown } from "../chat/LazyMarkdownContent";
import { preloadMistralApi } from "../engines/engineService";
import { selectActiveMessages } from "../state/conversations";
import { useAppStore, useHasHydrated, whenSavedStateRead } from "../state/store";
import { AppHeader } from "./AppHeader";
import { ConversationList } from "./ConversationList";
import { GgufModelPanel } from "./GgufModelPanel";
import { LocalModelPanel } from "./LocalModelPanel";
import { StorageBanner } from "./StorageBanner";
import { OfflineNotice } from "./OfflineNotice";
import { UpdateBanner } from "../pwa/UpdateBanner";
import { Welcome } from "./Welcome";
import { whenIdle } from "../ui/whenIdle";
import { lazyDialog, useOpenedOnce } from "../ui/lazyDialog";
import { preloadChatSettingsDialog } from "../chat/ChatHeader";

// Dialogs are not part of the first screen: their code loads when the browser is idle, or on
// first open. The benchmark view (runner, chart, exports) is code most visits never run: first open only.
const settings = lazyDialog(() => import("./SettingsDialog").then((module) => module.SettingsDialog), "Settings");
const benchmark = lazyDialog(() => import("../benchmark/BenchmarkDialog").then((module) => module.BenchmarkDialog), "The Benchmark view");

export function App() {
  const hasMessages = useAppStore((state) => selectActiveMessages(state).length > 0);
  const probeDevice = useAppStore((state) => state.probeDevice);
  const engineKind = useAppStore((state) => state.engineKind);
  const hasHydrated = useHasHydrated();
  // On narrow screens the sidebar is hidden until asked for.
  const [sidebarOpen, setSidebarOpen] = useState(false);
  // Mounted from the first open on, so the <dialog> closes itself and hands focus back.
  const settingsMounted = useOpenedOnce(useAppStore((state) => state.isSettingsOpen));
  const benchmarkMounted = useOpenedOnce(useAppStore((state) => state.isBenchmarkOpen));

  useEffect(() => {
    if (!hasHydrated) return;
    // A first visit needs the GPU's facts for its choice of engine at once. Otherwise they wait for
    // an idle moment: probing costs the main thread some 10 ms, and the saved chats come first.
    if (!useAppStore.getState().engineChosen) {
      void probeDevice();
      return;
    }
    return whenIdle(() => void probeDevice(), 1000);
  }, [hasHydrated, probeDevice]);

  useEffect(() => {
    // Once the saved settings are known (they say which engine to preload): with a long history,
    // an idle moment comes while they are still being read.
    if (!hasHydrated) return;
    // With saved chats, one is opened soon: Markdown's code is fetched now, so that a reply shows
    // formatted at once rather than waiting blank for it (LazyMarkdownContent).
    if (useAppStore.getState().conversations.length > 0) preloadMarkdown();
    // While the person types their first message, not before the first screen is up.
    const preload = () => {
      preloadMarkdown();
      settings.preload().catch(() => undefined);
      preloadChatSettingsDialog().catch(() => undefined);
      // The Mistral API worker loads and compiles the SDK off the main thread: before the first message.
      const { engineKind, apiKey } = useAppStore.getState();
      if (engineKind === "mistral-api" && apiKey) preloadMistralApi();
    };
    return whenIdle(preload, 1000);
  }, [hasHydrated]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
        event.preventDefault();
        whenSavedStateRead(useAppStore.getState().newConversation);
        document.querySelector<HTMLTextAreaElement>("textarea[aria-label='Message']")?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // In a narrow window the chat list is a drawer: opening it takes focus into it; Escape in it, or a
  // tap beside it, closes it and hands focus back to the Chats button.
  useEffect(() => {
    if (sidebarOpen) document.querySelector<HTMLElement>(".sidebar .new-chat")?.focus();
  }, [sidebarOpen]);
  const dismissSidebar = (): boolean => {
    if (!sidebarOpen) return false;
    setSidebarOpen(false);
    document.querySelector<HTMLElement>(".sidebar-toggle")?.focus();
    return true;
  };

  return (
    <div className={sidebarOpen ? "shell sidebar-open" : "shell"}>
      {sidebarOpen && <div className="sidebar-scrim" aria-hidden="true" onClick={dismissSidebar} />}
      <ConversationList onNavigate={() => setSidebarOpen(false)} onDismiss={dismissSidebar} />
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
          <ReplyAnnouncer />
          {engineKind === "local" && <LocalModelPanel />}
          {engineKind === "gguf" && <GgufModelPanel />}
        </main>
        <Composer />
      </div>
      <Suspense fallback={null}>
        {settingsMounted && <settings.Dialog />}
        {benchmarkMounted && <benchmark.Dialog />}
      </Suspense>
    </div>
  );
}
