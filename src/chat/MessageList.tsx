import { useCallback } from "react";
import { selectActiveMessages } from "../state/conversations";
import { useAppStore } from "../state/store";
import { MessageView } from "./MessageView";
import { useStickToBottom } from "./useStickToBottom";
import { VirtualMessageList } from "./VirtualMessageList";

/**
 * From this many messages on, only those near the viewport are rendered. Shorter conversations
 * keep every message in the page, so the browser's find-in-page sees all of them.
 */
export const virtualizeFromMessages = 24;

export function MessageList() {
  const messages = useAppStore(selectActiveMessages);
  const conversationId = useAppStore((state) => state.activeConversationId);
  const followIfPinned = useStickToBottom(messages.findLast((message) => message.role === "user")?.id);
  // Follows as soon as the list has grown and been laid out, before that frame is painted. The
  // virtualized list says so itself (onGrow): its height is set by the virtualizer from its own
  // ResizeObserver, and an observer of the list would only hear of that a frame later.
  const observeList = useCallback(
    (list: HTMLOListElement | null) => {
      if (!list) return;
      const observer = new ResizeObserver(followIfPinned);
      observer.observe(list);
      return () => observer.disconnect();
    },
    [followIfPinned],
  );
  return messages.length >= virtualizeFromMessages ? (
    <VirtualMessageList conversationId={conversationId} messages={messages} onGrow={followIfPinned} />
  ) : (
    <ol ref={observeList} className="messages" aria-label="Conversation">
      {messages.map((message, index) => (
        <li key={message.id}>
          <MessageView message={message} isLast={index === messages.length - 1} />
        </li>
      ))}
    </ol>
  );
}
