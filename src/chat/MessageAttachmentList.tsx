import type { MessageAttachment } from "../state/messageAttachments";
import { formatBytes } from "../ui/formatBytes";
import { attachmentBytes } from "./PendingAttachments";

/** The files sent with a message: each a disclosure with its name and size, which opens on its text (as text, never rendered). */
export function MessageAttachmentList({ attachments }: { attachments: readonly MessageAttachment[] }) {
  return (
    <ul className="message-attachments" aria-label="Files">
      {attachments.map((attachment, index) => (
        <li key={`${index}:${attachment.name}`}>
          <details className="message-attachment">
            <summary>
              <span className="attachment-name">{attachment.name}</span>
              <span className="muted"> · {formatBytes(attachmentBytes(attachment.text))}</span>
            </summary>
            <pre tabIndex={0}>{attachment.text}</pre>
          </details>
        </li>
      ))}
    </ul>
  );
}
