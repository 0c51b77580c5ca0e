import { useCallback, useRef } from "react";
import { selectActiveMessages } from "../state/conversations";
import { useAppStore } from "../state/store";
import type { AppState } from "../state/store";
import { MessageById } from "./MessageById";
import { StopFollowingContext } from "./StopFollowingContext";
import { useStickToBottom } from "./useStickToBottom";
import { VirtualMessageList } from "./VirtualMessageList";

/**
 * From this many messages on, only those near the viewport are rendered. Shorter conversations
 * keep every message in the page, so the browser's find-in-page sees all of them.
 */
export const virtualizeFromMessages = 24;

const noIds: readonly string[] = [];

/**
 * The open chat's message ids: the same array for as long as they are the same ids (a token
 * changes none), so the list re-renders only when a message comes or goes. Checked with a plain
 * loop on every store update: zustand's `shallow` builds two Maps per check, which at 3,000
 * messages cost more than the rest of a token.
 */
function useMessageIds(): readonly string[] {
  const kept = useRef(noIds);
  return useAppStore((state) => {
    const messages = selectActiveMessages(state);
    const same = messages.length === kept.current.length && messages.every((message, index) => message.id === kept.current[index]);
    if (!same) kept.current = messages.map((message) => message.id);
    return kept.current;
  });
}

/**
 * Whether the open chat's list is virtualized: from virtualizeFromMessages messages on, and as soon
 * as a message has other versions. Showing another version can take a chat across the threshold
 * either way (an earlier question's turns come back, or go), and swapping one list for the other
 * then would lose the person's place: the virtualized list opens at the chat's end.
 */
const selectVirtualized = (state: AppState) => {
  const messages = selectActiveMessages(state);
  return messages.length >= virtualizeFromMessages || messages.some((message) => message.otherVersions !== undefined);
};

/** Changes when the person sends a message or another chat opens: the view follows the newest text again. */
const selectFollowAgainKey = (state: AppState) => `${state.activeConversationId ?? "new"}:${state.lastSentMessageId ?? ""}`;

/**
 * The open chat's messages. The list holds their ids only (a new token changes no id), and each
 * row reads its own message (MessageById): a streaming reply re-renders its row alone.
 */
export function MessageList() {
  const messageIds = useMessageIds();
  const virtualized = useAppStore(selectVirtualized);
  const conversationId = useAppStore((state) => state.activeConversationId);
  const { followIfPinned, isFollowing, stopFollowing } = useStickToBottom(useAppStore(selectFollowAgainKey));
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
  return (
    <StopFollowingContext value={stopFollowing}>
      {virtualized ? (
        // A list per chat: a chat opened starts from its own end, not from where the last one was.
        <VirtualMessageList key={conversationId} messageIds={messageIds} onGrow={followIfPinned} isFollowing={isFollowing} />
      ) : (
        <ol ref={observeList} className="messages" aria-label="Conversation">
          {messageIds.map((id, index) => (
            <li key={id}>
              <MessageById id={id} isLast={index === messageIds.length - 1} />
            </li>
          ))}
        </ol>
      )}
    </StopFollowingContext>
  );
}
