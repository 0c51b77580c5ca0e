import type { ChatMessageRecord } from "./chatSlice";

/**
 * Text files attached to a message of the person's. The message keeps its own text and its files
 * apart, so the chat shows each file as a file (not pages of text in the bubble); the model is
 * sent both (`engineTextOf`).
 */
export interface MessageAttachment {
  /** The file's name, as the person's system gave it. */
  name: string;
  /** Its whole text, read as UTF-8. */
  text: string;
}

/** A Markdown code fence longer than any run of backticks in `text`, so the text cannot close it. */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (run) => run[0].length));
  return "`".repeat(Math.max(3, longest + 1));
}

/** One file as the model reads it: its name, then its text in a fence. */
function fileBlock({ name, text }: MessageAttachment): string {
  const fence = fenceFor(text);
  return `File "${name}":\n${fence}\n${text}\n${fence}`;
}

/** What the model is sent of a message: its files first (a document, then what to do with it), then its text. */
export function engineTextOf(message: Pick<ChatMessageRecord, "content" | "attachments">): string {
  const files = message.attachments ?? [];
  if (files.length === 0) return message.content;
  return [...files.map(fileBlock), message.content].filter((part) => part !== "").join("\n\n");
}
