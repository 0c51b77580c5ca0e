import { useReducer } from "react";
import type { MessageAttachment } from "../state/messageAttachments";
import { newChatDraftKey } from "../storage/draftStorage";
import { useAppStore } from "../state/store";

// Files attached and not sent yet, by chat (as drafts are): a file never goes to a chat it was
// not attached in. Kept in memory only: the file is still on the person's disk.
const pending = new Map<string, MessageAttachment[]>();
const none: MessageAttachment[] = [];

export interface ChatAttachments {
  attachments: readonly MessageAttachment[];
  add: (files: readonly MessageAttachment[]) => void;
  remove: (index: number) => void;
  clear: () => void;
}

/** The open chat's files waiting to be sent with its next message. */
export function useChatAttachments(): ChatAttachments {
  const key = useAppStore((state) => state.activeConversationId) ?? newChatDraftKey;
  const [, changed] = useReducer((count: number) => count + 1, 0);
  const attachments = pending.get(key) ?? none;
  const keep = (next: MessageAttachment[]) => {
    if (next.length > 0) pending.set(key, next);
    else pending.delete(key);
    changed();
  };
  return {
    attachments,
    add: (files) => keep([...(pending.get(key) ?? none), ...files]),
    remove: (index) => keep((pending.get(key) ?? none).filter((_, at) => at !== index)),
    clear: () => keep([]),
  };
}
