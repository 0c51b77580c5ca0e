import { useEffect, useRef, useState } from "react";
import type { Conversation } from "../state/conversations";
import { maxTitleLength } from "../state/conversationsSlice";
import { useAppStore } from "../state/store";

/** Where a row sits in a virtualized list (VirtualConversationList): measured and placed by it. */
export interface RowPlacement {
  measureRef: (element: HTMLLIElement | null) => void;
  index: number;
  total: number;
  offsetPx: number;
}

function placementProps(placement: RowPlacement | undefined) {
  if (!placement) return {};
  return {
    ref: placement.measureRef,
    "data-index": placement.index,
    "aria-setsize": placement.total,
    "aria-posinset": placement.index + 1,
    style: { transform: `translateY(${placement.offsetPx}px)` },
  };
}

/** One row of the sidebar: open, rename in place (Enter saves, Esc cancels), delete. */
export function ConversationItem({
  conversation,
  isActive,
  snippet,
  onOpen,
  placement,
}: {
  conversation: Conversation;
  isActive: boolean;
  snippet?: string;
  onOpen: () => void;
  placement?: RowPlacement;
}) {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const renameButton = useRef<HTMLButtonElement>(null);
  // After renaming, focus goes back where it was, not to the top of the page.
  const returnFocus = useRef(false);
  const { renameConversation, deleteConversation } = useAppStore.getState();

  useEffect(() => {
    if (draft !== undefined || !returnFocus.current) return;
    returnFocus.current = false;
    renameButton.current?.focus();
  }, [draft]);

  if (draft !== undefined) {
    const finish = (save: boolean) => {
      if (returnFocus.current) return;
      if (save) renameConversation(conversation.id, draft);
      returnFocus.current = true;
      setDraft(undefined);
    };
    return (
      <li className="conversation-item" {...placementProps(placement)}>
        <form
          className="conversation-rename"
          onSubmit={(event) => {
            event.preventDefault();
            finish(true);
          }}
        >
          <input
            type="text"
            aria-label="Chat name"
            value={draft}
            maxLength={maxTitleLength}
            // Focus moves into the field the person just asked for.
            autoFocus
            onFocus={(event) => event.target.select()}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Escape") {
                event.preventDefault();
                event.stopPropagation();
                finish(false);
              }
            }}
            onBlur={() => finish(true)}
          />
        </form>
      </li>
    );
  }

  return (
    <li className="conversation-item" {...placementProps(placement)}>
      <button type="button" className="conversation-open" aria-current={isActive ? "page" : undefined} onClick={onOpen}>
        <span className="conversation-title">{conversation.title}</span>
        {snippet && <span className="conversation-snippet">{snippet}</span>}
      </button>
      <button ref={renameButton} type="button" className="conversation-action" aria-label={`Rename “${conversation.title}”`} title="Rename" onClick={() => setDraft(conversation.title)}>
        ✎
      </button>
      <button type="button" className="conversation-action" aria-label={`Delete “${conversation.title}”`} title="Delete" onClick={() => deleteConversation(conversation.id)}>
        ×
      </button>
    </li>
  );
}
