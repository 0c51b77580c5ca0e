import { useEffect, useState } from "react";
import type { ChatMessageRecord } from "../state/chatSlice";
import { selectActiveMessages } from "../state/conversations";
import { useAppStore } from "../state/store";

/** What a screen reader hears when a reply ends; nothing for a failure, whose notice is an alert of its own. */
export function replyEndAnnouncement(reply: ChatMessageRecord | undefined): string {
  if (!reply || reply.role !== "assistant") return "";
  if (reply.status === "stopped") return "Reply stopped.";
  if (reply.status !== "done") return "";
  if (reply.finishReason !== "length") return "Reply finished.";
  return reply.filledContext ? "Reply finished, cut short: the model's context is full." : "Reply finished, cut at the max-tokens limit.";
}

/**
 * Tells screen readers that a reply is being written and when it ends: a reply streams in
 * silently (its article is aria-busy until then), so without this a person who cannot see it
 * would not know when to read it. The live region is always in the page, as it must be before
 * what it says changes.
 */
export function ReplyAnnouncer() {
  const [announcement, setAnnouncement] = useState("");
  useEffect(() => {
    let reply: { conversationId: string | null; id: string | undefined } | undefined;
    return useAppStore.subscribe((state, previous) => {
      if (state.isGenerating === previous.isGenerating) return;
      if (state.isGenerating) {
        // The reply just added to the open chat.
        reply = { conversationId: state.activeConversationId, id: selectActiveMessages(state).at(-1)?.id };
        setAnnouncement("Writing a reply…");
        return;
      }
      const messages = state.conversations.find((conversation) => conversation.id === reply?.conversationId)?.messages ?? [];
      setAnnouncement(replyEndAnnouncement(messages.find((message) => message.id === reply?.id)));
    });
  }, []);
  return (
    <p className="visually-hidden" role="status">
      {announcement}
    </p>
  );
}
