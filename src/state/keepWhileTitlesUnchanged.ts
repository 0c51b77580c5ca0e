import type { Conversation } from "./conversations";

type ConversationsState = { conversations: Conversation[] };

export const selectConversations = (state: ConversationsState): Conversation[] => state.conversations;

/**
 * A selector for lists that show titles only (the sidebar): it hands back the list it gave last
 * time while the chats' order, ids and titles are the same, so a streamed token, which makes a new
 * messages array and a new list, does not re-render them. O(chats) per change, no allocation.
 */
export function keepWhileTitlesUnchanged(): (state: ConversationsState) => Conversation[] {
  let listed: Conversation[] | undefined;
  return (state) => {
    const next = state.conversations;
    const previous = listed;
    const same = previous !== undefined && previous.length === next.length && next.every((conversation, index) => conversation === previous[index] || (conversation.id === previous[index]?.id && conversation.title === previous[index].title));
    if (!same) listed = next;
    return same ? previous : next;
  };
}
