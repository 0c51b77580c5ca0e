import { memo, useRef, useState } from "react";
import type { ChatMessageRecord } from "../state/chatSlice";
import { formatUsage } from "../ui/formatUsage";
import { findLocalModel } from "../engines/catalog";
import { ErrorNotice } from "./ErrorNotice";
import { LazyMarkdownContent } from "./LazyMarkdownContent";
import { FallbackOffer } from "./FallbackOffer";
import { MessageActions } from "./MessageActions";
import { MessageAttachmentList } from "./MessageAttachmentList";
import { MessageEditor } from "./MessageEditor";

function statusNote(message: ChatMessageRecord): string | undefined {
  if (message.status === "stopped") return "Stopped";
  if (message.status === "incomplete") return "Incomplete";
  if (message.finishReason === "length") return message.filledContext ? "Cut short: the model's context is full" : "Cut at the max-tokens limit";
  return undefined;
}

/** Said above a reply the model wrote without seeing the whole chat (fitHistoryToContext.ts). */
function leftOutNote(count: number): string {
  const what = count === 1 ? "its first message" : `its first ${count.toLocaleString("en")} messages`;
  return `This chat no longer fits in the model's context: the model did not see ${what}.`;
}

/** Memoised on its message: a list that renders again for another reason (a message added, the
 * virtualizer's range moving) does not render the messages it already shows again. */
export const MessageView = memo(function MessageView({
  message,
  isLast,
}: {
  message: ChatMessageRecord;
  isLast: boolean;
}) {
  const isUser = message.role === "user";
  const note = statusNote(message);
  const [isEditing, setEditing] = useState(false);
  const articleRef = useRef<HTMLElement>(null);
  const stopEditing = () => {
    setEditing(false);
    // Cancelled with the keyboard: focus goes back to Edit, not to the top of the page.
    queueMicrotask(() => articleRef.current?.querySelector<HTMLButtonElement>("[data-action='edit']")?.focus());
  };
  return (
    <article
      ref={articleRef}
      className={`message ${isUser ? "message-user" : "message-assistant"}`}
      aria-label={isUser ? "You" : `Reply from ${message.model ?? "Mistral"}`}
      aria-busy={message.status === "streaming"}
      data-status={message.status}
    >
      {message.leftOutMessages !== undefined && message.status !== "error" && <p className="message-meta message-context-note">{leftOutNote(message.leftOutMessages)}</p>}
      {/* Shown while the text is edited too: an edited message keeps its files. */}
      {message.attachments && message.attachments.length > 0 && <MessageAttachmentList attachments={message.attachments} />}
      {isEditing ? (
        <MessageEditor messageId={message.id} initialText={message.content} onCancel={stopEditing} onSent={() => setEditing(false)} />
      ) : message.content !== "" && (
        <div className="message-text">
          {isUser ? (
            message.content
          ) : (
            <LazyMarkdownContent text={message.content} streaming={message.status === "streaming"} />
          )}
        </div>
      )}
      {message.status === "streaming" && message.content === "" && (
        <p className="muted typing" role="status">
          Waiting for the first words…
        </p>
      )}
      {(note || message.usage) && (
        <p className="message-meta">
          {note && <span className="message-note">{note}</span>}
          {note && message.usage && " · "}
          {message.usage && <span className="message-usage">{formatUsage(message.usage)}</span>}
        </p>
      )}
      {message.error && <ErrorNotice error={message.error} canRetry={isLast} />}
      {isLast && message.model && findLocalModel(message.model) && (message.error?.code === "DEVICE_LOST" || message.error?.code === "ENGINE_CRASHED") && (
        <FallbackOffer failedModelId={message.model} />
      )}
      {!isEditing && <MessageActions message={message} isLast={isLast} onEdit={() => setEditing(true)} />}
    </article>
  );
});
