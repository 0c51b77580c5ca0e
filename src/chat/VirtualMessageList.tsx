import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { afterNextPaint } from "../ui/nextPaint";
import { correctScrollOnlyWhenNotFollowing } from "./correctScrollOnlyWhenNotFollowing";
import { MessageById } from "./MessageById";

/** A first guess at a message's height; each one is measured once it is on screen. */
const estimatedMessagePx = 160;
/**
 * Messages rendered beyond each edge of the viewport, so that scrolling shows them at once; the
 * first render of a chat has one only, the others follow once it is painted: each is formatted
 * (Markdown, highlighted code), and six more in the first render held up the chat's first frame.
 */
const overscan = 6;
const firstRenderOverscan = 1;

/**
 * A long conversation renders only the messages near the viewport (plus a few either side), so
 * opening it and streaming into it cost the same at 50 messages as at 5,000. The page itself
 * scrolls, so the list follows the window's scroll. Each item says its place in the whole list
 * (aria-setsize/aria-posinset) for screen readers.
 */
export function VirtualMessageList({
  messageIds,
  onGrow,
  isFollowing,
}: {
  messageIds: readonly string[];
  /** Called when the list's height changes, once the new height is in the page (before it is painted). */
  onGrow: () => void;
  /** Whether the page is following the newest text (useStickToBottom). */
  isFollowing: () => boolean;
}) {
  const listRef = useRef<HTMLOListElement>(null);
  // Where the list starts in the page (below the chat header), for the window's scroll offsets.
  const [scrollMargin, setScrollMargin] = useState(0);
  const lastHeight = useRef<number | undefined>(undefined);
  useLayoutEffect(() => {
    const measure = () => setScrollMargin((listRef.current?.getBoundingClientRect().top ?? 0) + window.scrollY);
    measure();
    window.addEventListener("resize", measure);
    return () => window.removeEventListener("resize", measure);
  }, []);
  const [shownOverscan, setShownOverscan] = useState(firstRenderOverscan);
  useEffect(() => {
    let mounted = true;
    void afterNextPaint().then(() => {
      if (mounted) setShownOverscan(overscan);
    });
    return () => {
      mounted = false;
    };
  }, []);
  const virtualizer = useWindowVirtualizer({
    count: messageIds.length,
    estimateSize: () => estimatedMessagePx,
    overscan: shownOverscan,
    scrollMargin,
    // A chat opens at its end (below), so its first render is of the messages there (by the
    // estimates, in a window-sized viewport) rather than of those at the page's current scroll
    // position, which the scroll to the end would replace at once: opening a long chat rendered
    // and formatted twice the messages it showed.
    initialOffset: () => Math.max(0, messageIds.length * estimatedMessagePx - window.innerHeight),
    initialRect: { width: window.innerWidth, height: window.innerHeight },
    getItemKey: (index) => messageIds[index] ?? index,
    // While a reply streams, its message grows every frame. The virtualizer then writes the
    // list's height and the messages' positions itself, instead of re-rendering the list (a
    // second render and layout in every frame); it re-renders only when other messages come
    // into range.
    directDomUpdates: true,
    directDomUpdatesMode: "position",
    // Called on scrolling too: only a change of height is news for onGrow.
    onChange: (instance) => {
      const height = instance.getTotalSize();
      if (height === lastHeight.current) return;
      lastHeight.current = height;
      onGrow();
    },
  });
  useLayoutEffect(() => correctScrollOnlyWhenNotFollowing(virtualizer, isFollowing), [virtualizer, isFollowing]);
  const setList = useCallback(
    (node: HTMLOListElement | null) => {
      listRef.current = node;
      virtualizer.containerRef(node);
    },
    [virtualizer],
  );
  const lastIndex = messageIds.length - 1;
  // Each chat gets a list of its own (MessageList keys it by chat), which opens at the chat's end,
  // as a chat does: once, not on every new message (the list below sticks to the end while it is
  // in view).
  const openedAtEnd = useRef(false);
  useLayoutEffect(() => {
    if (openedAtEnd.current) return;
    openedAtEnd.current = true;
    if (lastIndex >= 0) virtualizer.scrollToIndex(lastIndex, { align: "end" });
  }, [lastIndex, virtualizer]);

  return (
    <ol ref={setList} className="messages messages-virtual" aria-label="Conversation">
      {virtualizer.getVirtualItems().map((item) => {
        const id = messageIds[item.index];
        if (id === undefined) return null;
        return (
          <li
            key={item.key}
            data-index={item.index}
            ref={virtualizer.measureElement}
            aria-setsize={messageIds.length}
            aria-posinset={item.index + 1}
          >
            <MessageById id={id} isLast={item.index === lastIndex} />
          </li>
        );
      })}
    </ol>
  );
}
