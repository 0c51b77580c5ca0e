import { useVirtualizer } from "@tanstack/react-virtual";
import { useLayoutEffect, useRef, useState } from "react";
import type { SearchHit } from "../state/searchConversations";
import { ConversationItem } from "./ConversationItem";

/** A first guess at a row's height; each row is measured once it is shown. */
const estimatedRowPx = 44;

/**
 * A long history renders only the rows near the sidebar's visible part, so a thousand chats list,
 * filter and scroll as fast as ten. The sidebar (the <nav> around this list) is what scrolls.
 */
export function VirtualConversationList({ hits, activeId, onOpen }: { hits: readonly SearchHit[]; activeId: string | null; onOpen: (id: string) => void }) {
  const listRef = useRef<HTMLUListElement>(null);
  // Where the list starts inside the sidebar (below New chat and the search box).
  const [scrollMargin, setScrollMargin] = useState(0);
  useLayoutEffect(() => {
    const measure = () => setScrollMargin(listRef.current?.offsetTop ?? 0);
    measure();
    window.addEventListener("resize", measure);
    return () => window.removeEventListener("resize", measure);
  }, []);
  // TanStack Virtual hands back new functions on purpose; the React Compiler just skips this one.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: hits.length,
    getScrollElement: () => listRef.current?.closest("nav") ?? null,
    estimateSize: () => estimatedRowPx,
    overscan: 10,
    scrollMargin,
    getItemKey: (index) => hits[index]?.conversation.id ?? index,
  });
  return (
    <ul ref={listRef} className="conversation-list conversation-list-virtual" style={{ height: virtualizer.getTotalSize() }}>
      {virtualizer.getVirtualItems().map((item) => {
        const hit = hits[item.index];
        if (!hit) return null;
        return (
          <ConversationItem
            key={item.key}
            conversation={hit.conversation}
            snippet={hit.snippet}
            isActive={hit.conversation.id === activeId}
            onOpen={() => onOpen(hit.conversation.id)}
            placement={{ measureRef: virtualizer.measureElement, index: item.index, total: hits.length, offsetPx: item.start - scrollMargin }}
          />
        );
      })}
    </ul>
  );
}
