import { useEffect, useRef } from "react";
import { selectActiveMessages } from "../state/conversations";
import { useAppStore } from "../state/store";
import { MessageView } from "./MessageView";

/** Keeps the newest text in view while streaming, unless the person scrolled up to read. */
function useStickToBottom(dependency: unknown) {
  const endRef = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
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
  }, [dependency]);
  useEffect(
    () => () => {
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    },
    [],
  );
  return endRef;
}

export function MessageList() {
  const messages = useAppStore(selectActiveMessages);
  const endRef = useStickToBottom(messages);
  return (
    <>
      <ol className="messages" aria-label="Conversation">
        {messages.map((message, index) => (
          <li key={message.id}>
            <MessageView message={message} isLast={index === messages.length - 1} />
          </li>
        ))}
      </ol>
      <div ref={endRef} />
    </>
  );
}
