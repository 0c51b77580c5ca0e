import { useContext, useLayoutEffect, useRef } from "react";
import type { ChatMessageRecord } from "../state/chatSlice";
import { versionPosition } from "../state/messageVersions";
import { useAppStore } from "../state/store";
import { StopFollowingContext } from "./StopFollowingContext";

/**
 * "‹ 2 / 3 ›" under a reply that was regenerated or a message that was edited: each version stays
 * and can be shown again, with the turns that followed it; the one shown is what Copy copies and
 * what the model sees next. At either end the arrow is marked unavailable rather than disabled, so
 * keyboard focus stays on it instead of falling to the page.
 *
 * The arrows stay where they were on screen while the versions change around them: the page does
 * not follow a longer conversation brought back to its end, nor leave the arrows behind when the
 * message above them grows or shrinks.
 */
export function MessageVersionSwitcher({ message, isGenerating }: { message: ChatMessageRecord; isGenerating: boolean }) {
  // Renders with every token of a streaming reply: counted, not built.
  const { count, shown } = versionPosition(message);
  const stopFollowing = useContext(StopFollowingContext);
  const group = useRef<HTMLDivElement>(null);
  const topBeforeSwitch = useRef<number | undefined>(undefined);
  useLayoutEffect(() => {
    const before = topBeforeSwitch.current;
    topBeforeSwitch.current = undefined;
    if (before === undefined || !group.current) return;
    window.scrollBy({ top: group.current.getBoundingClientRect().top - before, behavior: "instant" });
  }, [shown]);
  if (count < 2) return null;
  const unavailable = (index: number) => isGenerating || index < 0 || index >= count;
  const show = (index: number) => {
    if (unavailable(index)) return;
    topBeforeSwitch.current = group.current?.getBoundingClientRect().top;
    stopFollowing();
    useAppStore.getState().showMessageVersion(message.id, index);
  };
  return (
    <div ref={group} className="message-versions" role="group" aria-label={message.role === "user" ? "Versions of this message" : "Versions of this reply"}>
      <button type="button" className="message-action" aria-label="Previous version" aria-disabled={unavailable(shown - 1)} onClick={() => show(shown - 1)}>
        ‹
      </button>
      <span className="message-versions-count" role="status">
        <span aria-hidden="true">
          {shown + 1} / {count}
        </span>
        <span className="visually-hidden">
          Version {shown + 1} of {count}
        </span>
      </span>
      <button type="button" className="message-action" aria-label="Next version" aria-disabled={unavailable(shown + 1)} onClick={() => show(shown + 1)}>
        ›
      </button>
    </div>
  );
}
