import { useState } from "react";
import { useAppStore } from "../state/store";

/** Edits one of the person's messages in place; sending it replaces every later turn. */
export function MessageEditor({ messageId, initialText, onCancel, onSent }: { messageId: string; initialText: string; onCancel: () => void; onSent: () => void }) {
  const [text, setText] = useState(initialText);
  const editAndResend = useAppStore((state) => state.editAndResend);
  const save = () => {
    if (!text.trim()) return;
    onSent();
    void editAndResend(messageId, text);
    document.querySelector<HTMLTextAreaElement>("textarea[aria-label='Message']")?.focus();
  };
  return (
    <form
      className="message-editor"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <textarea
        aria-label="Edit message"
        className="composer-input"
        value={text}
        // The person asked to edit: the text is theirs to change at once.
        autoFocus
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.preventDefault();
            onCancel();
          } else if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            save();
          }
        }}
      />
      <p className="help">Sending replaces the replies after this message.</p>
      <div className="message-editor-actions">
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={!text.trim()}>
          Save and send
        </button>
      </div>
    </form>
  );
}
