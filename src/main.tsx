import { StrictMode } from "react";
import { createRoot, hydrateRoot } from "react-dom/client";
import { App } from "./app/App";
import { startTabSync } from "./state/tabSync";
import { useAppStore, whenSavedStateRead } from "./state/store";
import { hasMuchToLose } from "./state/storageHealthSlice";
import { captureInstallPrompt } from "./pwa/installPrompt";
import { watchPolicyViolations } from "./security/policyViolations";
import "./app/app.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

captureInstallPrompt();
watchPolicyViolations(document);
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
/** Once there is much to lose (ten chats, a downloaded model), the browser is asked to keep it. */
function askForPersistenceWhenNeeded() {
  const check = (state: ReturnType<typeof useAppStore.getState>) => {
    if (state.storagePersistence === "unknown" && hasMuchToLose(state)) void state.askForPersistentStorage();
  };
  check(useAppStore.getState());
  useAppStore.subscribe(check);
}

function afterHydration() {
  // A big history starts with the chats' headers only: their messages are read now, in slices.
  void useAppStore.getState().loadAllConversations();
  startConversationSync();
  askForPersistenceWhenNeeded();
}
whenSavedStateRead(afterHydration);

const app = (
  <StrictMode>
    <App />
  </StrictMode>
);
// The build puts the first screen in index.html (scripts/prerenderAppShell.ts), so it is painted
// before this code has even loaded: React adopts that HTML. The dev server serves an empty root.
if (root.hasChildNodes()) hydrateRoot(root, app);
else createRoot(root).render(app);
