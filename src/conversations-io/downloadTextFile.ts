import type { Conversation } from "../state/conversations";
import { conversationsToJson, conversationsToMarkdown, exportFileName } from "./exportConversations";

/** Saves text as a file through the browser's download, without any server. */
export function downloadTextFile(fileName: string, text: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mimeType};charset=utf-8` }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoked later, not at once: some browsers start reading the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Conversations exported in either format, in a file named for what it holds. */
export function downloadConversations(kind: "json" | "md", conversations: Conversation[]): void {
  const now = new Date();
  const text = kind === "json" ? conversationsToJson(conversations, now) : conversationsToMarkdown(conversations);
  downloadTextFile(exportFileName(kind, conversations, now), text, kind === "json" ? "application/json" : "text/markdown");
}
