import type { ChatMessageRecord } from "../state/chatSlice";
import { replyVersions } from "../state/replyVersions";
import { useAppStore } from "../state/store";

/**
 * "‹ 2 / 3 ›" under a reply that was regenerated: each version stays and can be shown again; the
 * one shown is what Copy copies and what the model sees next. At either end the arrow is marked
 * unavailable rather than disabled, so keyboard focus stays on it instead of falling to the page.
 */
export function ReplyVersionSwitcher({ message, isGenerating }: { message: ChatMessageRecord; isGenerating: boolean }) {
  const { versions, shown } = replyVersions(message);
  if (versions.length < 2) return null;
  const show = (index: number) => {
    if (isGenerating || index < 0 || index >= versions.length) return;
    useAppStore.getState().showReplyVersion(message.id, index);
  };
  const unavailable = (index: number) => isGenerating || index < 0 || index >= versions.length;
  return (
    <div className="reply-versions" role="group" aria-label="Versions of this reply">
      <button type="button" className="message-action" aria-label="Previous version" aria-disabled={unavailable(shown - 1)} onClick={() => show(shown - 1)}>
        ‹
      </button>
      <span className="reply-versions-count" role="status">
        <span aria-hidden="true">
          {shown + 1} / {versions.length}
        </span>
        <span className="visually-hidden">
          Version {shown + 1} of {versions.length}
        </span>
      </span>
      <button type="button" className="message-action" aria-label="Next version" aria-disabled={unavailable(shown + 1)} onClick={() => show(shown + 1)}>
        ›
      </button>
    </div>
  );
}
