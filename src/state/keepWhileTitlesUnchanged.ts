import type { Conversation } from "./conversations";

type ConversationsState = { conversations: Conversation[] };

export const selectConversations = (state: ConversationsState): Conversation[] => state.conversations;

/**
 * A selector for lists that show titles only (the sidebar): it hands back the list it gave last
 * time while the chats' order, ids and titles are the same, so a streamed token, which makes a new
 * messages array and a new list, does not re-render them. O(chats) per change, no allocation.
 *
 * Each list is compared with the one seen last, not the one handed back: after the chats read at
 * a start replace their headers (new objects, same titles), the comparison stays one of objects
 * for all but the chat that changed. Against the list handed back, it read every chat's id and
 * title on every token (0.16 ms a frame for 1,000 chats here).
 */
export function keepWhileTitlesUnchanged(): (state: ConversationsState) => Conversation[] {
  let listed: Conversation[] | undefined;
  let seen: Conversation[] | undefined;
  return (state) => {
    const next = state.conversations;
    const previous = seen;
    seen = next;
    if (listed === undefined || previous === undefined || !sameTitles(previous, next)) listed = next;
    return listed;
  };
}

function sameTitles(previous: Conversation[], next: Conversation[]): boolean {
  if (previous.length !== next.length) return false;
  for (let index = 0; index < next.length; index++) {
    const before = previous[index];
    const now = next[index];
    if (now !== before && (now?.id !== before?.id || now?.title !== before?.title)) return false;
  }
  return true;
}
