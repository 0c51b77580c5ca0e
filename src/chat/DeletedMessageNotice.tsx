import { useAppStore } from "../state/store";

/** After a message is deleted from the open chat: one click brings it back. */
export function DeletedMessageNotice() {
  const deletedHere = useAppStore((state) => state.lastDeletedMessage?.conversationId === state.activeConversationId && state.lastDeletedMessage !== undefined);
  const undoDeleteMessage = useAppStore((state) => state.undoDeleteMessage);
  if (!deletedHere) return null;
  return (
    <p className="deleted-notice message-deleted" role="status">
      Message deleted.{" "}
      <button type="button" className="link-button" onClick={undoDeleteMessage}>
        Undo
      </button>
    </p>
  );
}
