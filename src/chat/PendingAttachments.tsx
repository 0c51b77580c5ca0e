import type { MessageAttachment } from "../state/messageAttachments";
import { AttachmentLabel } from "./AttachmentLabel";

/** The files attached in the Message box, each with a button that takes it off again. */
export function PendingAttachments({ attachments, onRemove }: { attachments: readonly MessageAttachment[]; onRemove: (index: number) => void }) {
  if (attachments.length === 0) return null;
  return (
    <ul className="pending-attachments" aria-label="Attached files">
      {attachments.map((attachment, index) => (
        <li key={`${index}:${attachment.name}`} className="attachment-chip">
          <AttachmentLabel attachment={attachment} />
          <button type="button" className="attachment-remove" aria-label={`Remove ${attachment.name}`} onClick={() => onRemove(index)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
