import { Suspense, useEffect, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { downloadConversations } from "../conversations-io/downloadTextFile";
import { selectActiveConversation, selectActiveMessages } from "../state/conversations";
import { selectChatSettings } from "../state/conversationsSlice";
import { useAppStore } from "../state/store";
import type { AppState } from "../state/store";
import type { ChatMessageRecord } from "../state/chatSlice";
import { engineKindLabels, modelLabel } from "../ui/describeEngine";
import { lazyDialog, useOpenedOnce } from "../ui/lazyDialog";
import { ChatExportMenu } from "./ChatExportMenu";

const chatSettings = lazyDialog(() => import("./ChatSettingsDialog").then((module) => module.ChatSettingsDialog), "Chat settings");
export const preloadChatSettingsDialog = chatSettings.preload;

/**
 * Which model and engine gave the last reply that said something (one that failed before its
 * first word answered nothing): the two values, not the message, which is a new object on every
 * token while it streams (the header need not render again for each one).
 */
function selectAnsweredBy(state: AppState): Pick<ChatMessageRecord, "model" | "engine"> {
  const reply = selectActiveMessages(state).findLast((message) => message.role === "assistant" && message.model !== undefined && message.content !== "");
  return { model: reply?.model, engine: reply?.engine };
}

/** The open chat: its name, which engine and model answered it, and its own settings. */
export function ChatHeader() {
  const title = useAppStore((state) => selectActiveConversation(state)?.title ?? "New chat");
  const { model: lastReplyModel, engine: lastReplyEngine } = useAppStore(useShallow(selectAnsweredBy));
  const hasSystemPrompt = useAppStore((state) => selectChatSettings(state).systemPrompt.trim() !== "");
  const [settingsOpen, setSettingsOpen] = useState(false);
  const settingsMounted = useOpenedOnce(settingsOpen);
  const hasConversation = useAppStore((state) => selectActiveConversation(state) !== undefined);
  // The browser's tab, window list and history name the open chat, as its header does.
  useEffect(() => {
    document.title = hasConversation ? `${title} – Tramontane` : "Tramontane";
  }, [title, hasConversation]);
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
        <ChatExportMenu onExport={exportChat} />
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
