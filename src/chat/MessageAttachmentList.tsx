import type { MessageAttachment } from "../state/messageAttachments";
import { AttachmentLabel } from "./AttachmentLabel";

/** The files sent with a message: each a disclosure with its name and size, which opens on its text (as text, never rendered). */
export function MessageAttachmentList({ attachments }: { attachments: readonly MessageAttachment[] }) {
  return (
    <ul className="message-attachments" aria-label="Files">
      {attachments.map((attachment, index) => (
        <li key={`${index}:${attachment.name}`}>
          <details className="message-attachment">
            <summary>
              <AttachmentLabel attachment={attachment} />
            </summary>
            <pre tabIndex={0}>{attachment.text}</pre>
          </details>
        </li>
      ))}
    </ul>
  );
}
