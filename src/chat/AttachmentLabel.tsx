import type { MessageAttachment } from "../state/messageAttachments";
import { formatBytes } from "../ui/formatBytes";

/** A file's name and the size of its text in UTF-8, as the Message box's chips and a sent message's files show them. */
export function AttachmentLabel({ attachment }: { attachment: MessageAttachment }) {
  return (
    <>
      <span className="attachment-name">{attachment.name}</span>
      <span className="muted"> · {formatBytes(new TextEncoder().encode(attachment.text).length)}</span>
    </>
  );
}
