import { useAppStore } from "../state/store";

/** The sidebar: New chat, the conversations (newest activity first), delete with undo. */
export function ConversationList({ onNavigate }: { onNavigate: () => void }) {
  const conversations = useAppStore((state) => state.conversations);
  const activeId = useAppStore((state) => state.activeConversationId);
  const lastDeleted = useAppStore((state) => state.lastDeleted);
  const { newConversation, openConversation, deleteConversation, undoDelete } = useAppStore.getState();

  return (
    <nav className="sidebar" aria-label="Conversations">
      <button
        type="button"
        className="button button-primary new-chat"
        onClick={() => {
          newConversation();
          onNavigate();
          document.querySelector<HTMLTextAreaElement>("textarea[aria-label='Message']")?.focus();
        }}
      >
        New chat
      </button>
      {lastDeleted && (
        <p className="deleted-notice" role="status">
          Deleted “{lastDeleted.conversation.title}”.{" "}
          <button type="button" className="link-button" onClick={undoDelete}>
            Undo
          </button>
        </p>
      )}
      {conversations.length === 0 ? (
        <p className="help">Your chats appear here. They are kept in this browser only.</p>
      ) : (
        <ul className="conversation-list">
          {conversations.map((conversation) => (
            <li key={conversation.id} className="conversation-item">
              <button
                type="button"
                className="conversation-open"
                aria-current={conversation.id === activeId ? "page" : undefined}
                onClick={() => {
                  openConversation(conversation.id);
                  onNavigate();
                }}
              >
                {conversation.title}
              </button>
              <button type="button" className="conversation-delete" aria-label={`Delete “${conversation.title}”`} onClick={() => deleteConversation(conversation.id)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
