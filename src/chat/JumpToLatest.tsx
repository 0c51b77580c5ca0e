import { useEffect, useState } from "react";
import { selectActiveMessages } from "../state/conversations";
import { useAppStore } from "../state/store";
import { isAwayFromEnd } from "./useStickToBottom";

/**
 * "Jump to latest": shown while the chat is scrolled away from its newest message (the person
 * scrolled up to read, and the reply no longer follows), as in any chat app. A press scrolls to
 * the end, where following starts again (useStickToBottom), and gives focus to the Message box,
 * since the button goes away with the press. The page's end being reached by any other way (End,
 * the scroll bar) hides it too.
 */
export function JumpToLatest({ onJumped }: { onJumped: () => void }) {
  const hasMessages = useAppStore((state) => selectActiveMessages(state).length > 0);
  const [away, setAway] = useState(false);
  useEffect(() => {
    // Set on every scroll, but React does nothing when the answer is the same as before.
    const notePosition = () => setAway(isAwayFromEnd());
    notePosition();
    window.addEventListener("scroll", notePosition, { passive: true });
    window.addEventListener("resize", notePosition);
    // The page can also come to its end without a scroll: it got shorter below the view (another
    // version of a message shown, a message deleted). Its body's size says so.
    const pageSize = new ResizeObserver(notePosition);
    pageSize.observe(document.body);
    return () => {
      window.removeEventListener("scroll", notePosition);
      window.removeEventListener("resize", notePosition);
      pageSize.disconnect();
    };
  }, [hasMessages]);
  if (!hasMessages || !away) return null;
  return (
    <button
      type="button"
      className="jump-to-latest"
      aria-label="Jump to latest"
      title="Jump to latest"
      onClick={() => {
        // Instant, not smooth: a reply streaming meanwhile would move the end while the scroll
        // travels, and it would stop short of it, where nothing follows the reply.
        window.scrollTo({ top: document.documentElement.scrollHeight, behavior: "instant" });
        onJumped();
      }}
    >
      <svg width={20} height={20} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden focusable={false}>
        <path d="M12 5v14M6 13l6 6 6-6" />
      </svg>
    </button>
  );
}
