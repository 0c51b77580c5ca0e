import { Suspense, useState } from "react";
import { downloadConversations } from "../conversations-io/downloadTextFile";
import { selectActiveConversation, selectActiveMessages } from "../state/conversations";
import { selectChatSettings } from "../state/conversationsSlice";
import { useAppStore } from "../state/store";
import type { AppState } from "../state/store";
import type { ChatMessageRecord } from "../state/chatSlice";
import { engineKindLabels, modelLabel } from "../ui/describeEngine";
import { lazyDialog, useOpenedOnce } from "../ui/lazyDialog";

const chatSettings = lazyDialog(() => import("./ChatSettingsDialog").then((module) => module.ChatSettingsDialog), "Chat settings");
export const preloadChatSettingsDialog = chatSettings.preload;

function selectLastReply(state: AppState): ChatMessageRecord | undefined {
  return selectActiveMessages(state).findLast((message) => message.role === "assistant" && message.model !== undefined);
}

/** The open chat: its name, which engine and model answered it, and its own settings. */
export function ChatHeader() {
  const title = useAppStore((state) => selectActiveConversation(state)?.title ?? "New chat");
  // The model and engine, not the message: a streaming reply is a new object on every token,
  // and the header need not render again for each one.
  const lastReplyModel = useAppStore((state) => selectLastReply(state)?.model);
  const lastReplyEngine = useAppStore((state) => selectLastReply(state)?.engine);
  const hasSystemPrompt = useAppStore((state) => selectChatSettings(state).systemPrompt.trim() !== "");
  const [settingsOpen, setSettingsOpen] = useState(false);
  const settingsMounted = useOpenedOnce(settingsOpen);
  const hasConversation = useAppStore((state) => selectActiveConversation(state) !== undefined);
  const exportChat = (kind: "json" | "md") => {
    const active = selectActiveConversation(useAppStore.getState());
    if (active) downloadConversations(kind, [active]);
  };

  return (
    <div className="chat-header">
      <div className="chat-header-text">
        <h2 className="chat-title">{title}</h2>
        {lastReplyModel && (
          <p className="chat-engine">
            Answered by {modelLabel(lastReplyModel)}
            {lastReplyEngine && ` · ${engineKindLabels[lastReplyEngine]}`}
          </p>
        )}
      </div>
      {hasSystemPrompt && <span className="chat-flag">System prompt on</span>}
      {hasConversation && (
        <details className="chat-export">
          <summary className="button button-quiet">Export</summary>
          <div className="chat-export-menu">
            <button type="button" className="button button-quiet" onClick={() => exportChat("json")}>
              This chat as JSON
            </button>
            <button type="button" className="button button-quiet" onClick={() => exportChat("md")}>
              This chat as Markdown
            </button>
          </div>
        </details>
      )}
      <button type="button" className="button button-quiet" onClick={() => setSettingsOpen(true)}>
        Chat settings
      </button>
      {settingsMounted && (
        <Suspense fallback={null}>
          <chatSettings.Dialog open={settingsOpen} onClose={() => setSettingsOpen(false)} />
        </Suspense>
      )}
    </div>
  );
}
