import { useDeferredValue, useMemo, useState } from "react";
import { searchConversations } from "../state/searchConversations";
import { keepWhileTitlesUnchanged, selectConversations } from "../state/keepWhileTitlesUnchanged";
import { useAppStore, whenSavedStateRead } from "../state/store";
import { ConversationItem } from "./ConversationItem";
import { ConversationsTransfer } from "./ConversationsTransfer";
import { VirtualConversationList } from "./VirtualConversationList";

/** From this many chats on, the sidebar renders only the rows in view. */
const virtualizeFromConversations = 100;

/**
 * The sidebar: New chat, search, the conversations (newest activity first), rename, delete with
 * undo. `onNavigate`: a chat was opened or started; `onDismiss`: Escape was pressed in it, and
 * says whether that closed it (a drawer): then the key does nothing else (it would stop a reply).
 */
export function ConversationList({ onNavigate, onDismiss }: { onNavigate: () => void; onDismiss: () => boolean }) {
  const [query, setQuery] = useState("");
  // Typing stays responsive with a long history: the list catches up a moment later.
  const deferredQuery = useDeferredValue(query);
  const searching = deferredQuery.trim() !== "";
  // Without a search, the list shows titles only: a streamed token (a new messages array) must not
  // re-render a thousand-chat sidebar. A search reads the messages, so it follows every change.
  const selectListed = useMemo(() => (searching ? selectConversations : keepWhileTitlesUnchanged()), [searching]);
  const conversations = useAppStore(selectListed);
  const activeId = useAppStore((state) => state.activeConversationId);
  const lastDeleted = useAppStore((state) => state.lastDeleted);
  const allConversationsLoaded = useAppStore((state) => state.allConversationsLoaded);
  const { newConversation, openConversation, undoDelete } = useAppStore.getState();
  const hits = useMemo(() => searchConversations(conversations, deferredQuery), [conversations, deferredQuery]);

  return (
    <nav
      className="sidebar"
      aria-label="Conversations"
      onKeyDown={(event) => {
        if (event.key === "Escape" && onDismiss()) event.stopPropagation();
      }}
    >
      <button
        type="button"
        className="button button-primary new-chat"
        onClick={() => {
          whenSavedStateRead(newConversation);
          onNavigate();
          document.querySelector<HTMLTextAreaElement>("textarea[aria-label='Message']")?.focus();
        }}
      >
        New chat
      </button>
      {conversations.length > 0 && (
        <input
          type="search"
          className="conversation-search"
          aria-label="Search chats"
          placeholder="Search chats"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      )}
      {lastDeleted && (
        <p className="deleted-notice" role="status">
          Deleted “{lastDeleted.conversation.title}”.{" "}
          <button type="button" className="link-button" onClick={undoDelete}>
            Undo
          </button>
        </p>
      )}
      {searching && !allConversationsLoaded && (
        <p className="help" role="status">
          Still reading your chats from this browser's storage: more results may follow.
        </p>
      )}
      {conversations.length === 0 ? (
        <p className="help">Your chats appear here. They are kept in this browser only.</p>
      ) : hits.length === 0 ? (
        <p className="help" role="status">
          No chat mentions “{deferredQuery.trim()}”.
        </p>
      ) : hits.length >= virtualizeFromConversations ? (
        <VirtualConversationList
          hits={hits}
          activeId={activeId}
          onOpen={(id) => {
            openConversation(id);
            onNavigate();
          }}
        />
      ) : (
        <ul className="conversation-list">
          {hits.map(({ conversation, snippet }) => (
            <ConversationItem
              key={conversation.id}
              conversation={conversation}
              snippet={snippet}
              isActive={conversation.id === activeId}
              onOpen={() => {
                openConversation(conversation.id);
                onNavigate();
              }}
            />
          ))}
        </ul>
      )}
      <ConversationsTransfer />
    </nav>
  );
}
