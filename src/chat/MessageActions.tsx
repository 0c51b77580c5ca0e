import type { ChatMessageRecord } from "../state/chatSlice";
import { useAppStore } from "../state/store";
import { CopyButton } from "./CopyButton";
import { MessageVersionSwitcher } from "./MessageVersionSwitcher";

/** The buttons under a message. Changing the chat waits until no reply is streaming. */
export function MessageActions({ message, isLast, onEdit }: { message: ChatMessageRecord; isLast: boolean; onEdit: () => void }) {
  const isGenerating = useAppStore((state) => state.isGenerating);
  const { retryLastReply, deleteMessage } = useAppStore.getState();
  const isUser = message.role === "user";
  // A failed reply has Retry in its error notice already.
  const canRegenerate = isLast && !isUser && message.status !== "streaming" && message.status !== "error";
  return (
    <div className="message-actions">
      <MessageVersionSwitcher message={message} isGenerating={isGenerating} />
      {message.content !== "" && <CopyButton className="message-action" label="Copy message" getText={() => message.content} />}
      {isUser && (
        <button type="button" className="message-action" data-action="edit" disabled={isGenerating} onClick={onEdit}>
          Edit
        </button>
      )}
      {canRegenerate && (
        <button type="button" className="message-action" disabled={isGenerating} onClick={() => void retryLastReply()}>
          Regenerate
        </button>
      )}
      {message.status !== "streaming" && (
        <button type="button" className="message-action" aria-label="Delete message" disabled={isGenerating} onClick={() => deleteMessage(message.id)}>
          Delete
        </button>
      )}
    </div>
  );
}
