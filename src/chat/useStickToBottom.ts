import { useCallback, useEffect, useRef } from "react";

/** Within this distance of the page's end, the person is reading the newest text: keep following it. */
const nearEndPx = 80;

function scrollRoot(): Element {
  return document.scrollingElement ?? document.documentElement;
}

/**
 * Keeps the newest text in view while a reply streams, unless the person scrolled up to read;
 * sending a message (a new `lastUserMessageId`, also when another chat opens) follows again.
 *
 * Following scrolls to the page's end, where the newest line sits just above the composer (that
 * bar sticks to the bottom of the window, so aligning the list's own end with the window's
 * bottom would leave the newest line behind it). The caller calls the returned `followIfPinned`
 * as soon as the list has grown and been laid out — from a ResizeObserver, before the frame is
 * painted — so the new words and the scroll show in the same frame.
 *
 * Only the person unpins: a scroll up that leaves the end. The page growing under a pinned view
 * (which moves the end away without any scroll) never does.
 */
export function useStickToBottom(lastUserMessageId: string | undefined): () => void {
  const pinned = useRef(true);
  const followIfPinned = useCallback(() => {
    if (pinned.current) window.scrollTo({ top: scrollRoot().scrollHeight, behavior: "instant" });
  }, []);
  useEffect(() => {
    pinned.current = true;
    followIfPinned();
  }, [lastUserMessageId, followIfPinned]);
  useEffect(() => {
    let lastTop = scrollRoot().scrollTop;
    const onScroll = () => {
      const { scrollTop, scrollHeight, clientHeight } = scrollRoot();
      if (scrollHeight - scrollTop - clientHeight < nearEndPx) pinned.current = true;
      else if (scrollTop < lastTop) pinned.current = false;
      lastTop = scrollTop;
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => window.removeEventListener("scroll", onScroll);
  }, []);
  return followIfPinned;
}

