import { useCallback, useEffect, useRef } from "react";

/** Within this distance of the page's end, the person is reading the newest text: keep following it. */
const nearEndPx = 80;

function scrollRoot(): Element {
  return document.scrollingElement ?? document.documentElement;
}

/** The page is far enough from its end that the newest text is not being followed. */
export function isAwayFromEnd(): boolean {
  const { scrollTop, scrollHeight, clientHeight } = scrollRoot();
  return scrollHeight - scrollTop - clientHeight >= nearEndPx;
}

/**
 * Keeps the newest text in view while a reply streams, unless the person scrolled up to read;
 * a new `followAgainKey` (the person sent a message, or another chat opened) follows again.
 *
 * Following scrolls to the page's end, where the newest line sits just above the composer (that
 * bar sticks to the bottom of the window, so aligning the list's own end with the window's
 * bottom would leave the newest line behind it). The caller calls the returned `followIfPinned`
 * as soon as the list has grown and been laid out — from a ResizeObserver, before the frame is
 * painted — so the new words and the scroll show in the same frame.
 *
 * Only the person unpins: a scroll up that leaves the end. The page growing under a pinned view
 * (which moves the end away without any scroll) never does; nor must a scroll the page makes
 * itself while following — the virtualized list asks `isFollowing` for that (VirtualMessageList).
 */
export function useStickToBottom(followAgainKey: string | undefined): { followIfPinned: () => void; isFollowing: () => boolean; stopFollowing: () => void } {
  const pinned = useRef(true);
  const lastTop = useRef(0);
  /** Where the page is now: at its end, it is pinned; moved up since last time, it no longer is. */
  const notePosition = useCallback(() => {
    const { scrollTop } = scrollRoot();
    if (!isAwayFromEnd()) pinned.current = true;
    else if (scrollTop < lastTop.current) pinned.current = false;
    lastTop.current = scrollTop;
  }, []);
  const followIfPinned = useCallback(() => {
    // A scroll's event comes with the next frame, and the list may grow before it (messages just
    // rendered and measured): the position is read now, so that a scroll up just made is not undone.
    notePosition();
    if (!pinned.current) return;
    window.scrollTo({ top: scrollRoot().scrollHeight, behavior: "instant" });
    lastTop.current = scrollRoot().scrollTop;
  }, [notePosition]);
  useEffect(() => {
    pinned.current = true;
    followIfPinned();
  }, [followAgainKey, followIfPinned]);
  // The effect above has already noted the position (effects run in order).
  useEffect(() => {
    window.addEventListener("scroll", notePosition, { passive: true });
    return () => window.removeEventListener("scroll", notePosition);
  }, [notePosition]);
  const isFollowing = useCallback(() => pinned.current, []);
  const stopFollowing = useCallback(() => {
    pinned.current = false;
  }, []);
  return { followIfPinned, isFollowing, stopFollowing };
}

