import { useEffect, useRef } from "react";
import { selectActiveMessages } from "../state/conversations";
import type { ChatMessageRecord } from "../state/chatSlice";
import { useAppStore } from "../state/store";
import { MessageView } from "./MessageView";
import { VirtualMessageList } from "./VirtualMessageList";

/**
 * Keeps the newest text in view while streaming, unless the person scrolled up to read; sending a
 * message (or opening a chat) brings the end back into view.
 */
function useStickToBottom(messages: readonly ChatMessageRecord[]) {
  const endRef = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const lastUserMessageId = messages.findLast((message) => message.role === "user")?.id;
  useEffect(() => {
    pinned.current = true;
  }, [lastUserMessageId]);
  useEffect(() => {
    const onScroll = () => {
      const root = document.scrollingElement ?? document.documentElement;
      pinned.current = root.scrollHeight - root.scrollTop - root.clientHeight < 80;
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => window.removeEventListener("scroll", onScroll);
  }, []);
  const frame = useRef<number | undefined>(undefined);
  useEffect(() => {
    // Once per frame at most: scrolling forces a layout, and tokens can arrive far faster.
    if (!pinned.current || frame.current !== undefined) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = undefined;
      if (pinned.current) endRef.current?.scrollIntoView({ block: "end" });
    });
  }, [messages]);
  useEffect(
    () => () => {
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    },
    [],
  );
  return endRef;
}

/**
 * From this many messages on, only those near the viewport are rendered. Shorter conversations
 * keep every message in the page, so the browser's find-in-page sees all of them.
 */
export const virtualizeFromMessages = 24;

export function MessageList() {
  const messages = useAppStore(selectActiveMessages);
  const conversationId = useAppStore((state) => state.activeConversationId);
  const endRef = useStickToBottom(messages);
  return (
    <>
      {messages.length >= virtualizeFromMessages ? (
        <VirtualMessageList conversationId={conversationId} messages={messages} />
      ) : (
        <ol className="messages" aria-label="Conversation">
          {messages.map((message, index) => (
            <li key={message.id}>
              <MessageView message={message} isLast={index === messages.length - 1} />
            </li>
          ))}
        </ol>
      )}
      <div ref={endRef} />
    </>
  );
}
