import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { startTabSync } from "./state/tabSync";
import { useAppStore } from "./state/store";
import { captureInstallPrompt } from "./pwa/installPrompt";
import "./app/app.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

captureInstallPrompt();
document.documentElement.dataset.build = __BUILD_ID__;

// Outside React, once: conversations stay in step with the app's other tabs — started after
// hydration, so the first list this tab knows is the saved one.
function startConversationSync() {
  startTabSync({
    getConversations: () => useAppStore.getState().conversations,
    setConversations: (conversations) => {
      const { activeConversationId } = useAppStore.getState();
      const stillThere = conversations.some((conversation) => conversation.id === activeConversationId);
      useAppStore.setState({ conversations, activeConversationId: stillThere ? activeConversationId : null });
    },
    subscribe: (listener) =>
      useAppStore.subscribe((state, previous) => {
        if (state.conversations !== previous.conversations) listener();
      }),
  });
}
if (useAppStore.persist.hasHydrated()) startConversationSync();
else {
  const stop = useAppStore.persist.onFinishHydration(() => {
    stop();
    startConversationSync();
  });
}

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
