import type { MessageAttachment } from "../state/messageAttachments";
import { formatBytes } from "../ui/formatBytes";

/** The largest file that can be attached: some 250,000 tokens, more than any Mistral model's context. */
export const maxAttachmentBytes = 1024 * 1024;

export type AttachmentReading = { attachment: MessageAttachment } | { problem: string };

/**
 * A file the person chose, dropped or pasted, read as an attachment: only UTF-8 text (the models
 * read text; a PDF, image or binary file would reach them as noise), up to `maxAttachmentBytes`.
 * What is refused comes back as a sentence that names the file and says why.
 */
export async function readTextAttachment(file: File): Promise<AttachmentReading> {
  if (file.size > maxAttachmentBytes) {
    return { problem: `"${file.name}" is too large: files up to ${formatBytes(maxAttachmentBytes)} can be attached.` };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return { problem: notText(file.name) };
  }
  // Valid UTF-8 can still be binary (NUL bytes are never in text).
  if (text.includes("\u0000")) return { problem: notText(file.name) };
  return { attachment: { name: file.name || "Pasted text", text: text.replace(/^\uFEFF/, "") } };
}

function notText(name: string): string {
  return `"${name}" is not a text file. Only text files (notes, code, CSV, JSON, Markdown…) can be attached: the model reads text only.`;
}
