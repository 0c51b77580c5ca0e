import type { ChatMessageRecord } from "../state/chatSlice";
import type { Conversation } from "../state/conversations";
import { conversationsToSave } from "../state/conversations";
import { engineTextOf } from "../state/messageAttachments";

/**
 * Exports are files a person keeps, moves to another browser or reads: JSON that
 * importConversations reads back exactly, and Markdown for people. Neither ever holds an API key
 * or a setting beyond each chat's own.
 */

export const exportFormat = "tramontane-conversations";
/** Raised when the file's layout changes; an older app refuses files from a newer one. */
export const exportVersion = 1;

export interface ConversationsExport {
  format: typeof exportFormat;
  version: typeof exportVersion;
  exportedAt: string;
  conversations: Conversation[];
}

export function conversationsToJson(conversations: Conversation[], now: Date): string {
  const file: ConversationsExport = {
    format: exportFormat,
    version: exportVersion,
    exportedAt: now.toISOString(),
    // A reply still arriving is exported as what it is once the file exists: cut short.
    conversations: conversationsToSave(conversations),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

const pad = (value: number) => String(value).padStart(2, "0");

/** The person's local date, in a form every locale reads the same way. */
function localDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function localDateTime(date: Date): string {
  return `${localDate(date)} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** One line, so a title can never start a new Markdown block. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function blockquote(text: string): string {
  return text
    .split("\n")
    .map((line) => (line ? `> ${line}` : ">"))
    .join("\n");
}

function speaker(message: ChatMessageRecord): string {
  if (message.role === "user") return "**You**";
  const model = message.model ? oneLine(message.model) : "";
  return model ? `**Assistant (${model})**` : "**Assistant**";
}

/** Why a reply is not a whole one; undefined for a finished message. */
function statusNote(message: ChatMessageRecord): string | undefined {
  const why = message.error ? ` ${oneLine(message.error.message)}` : "";
  switch (message.status) {
    case "stopped":
      return "_(Stopped before the reply was finished.)_";
    case "streaming":
    case "incomplete":
      return `_(Cut short: the reply did not finish.${why})_`;
    case "error":
      return `_(Error:${why || " the reply failed."})_`;
    case "done":
      return message.finishReason === "length" ? "_(Cut at the length limit.)_" : undefined;
  }
}

function conversationToMarkdown(conversation: Conversation): string {
  const parts = [`# ${oneLine(conversation.title) || "Untitled chat"}`, `_${localDateTime(new Date(conversation.createdAt))}_`];
  const systemPrompt = conversation.settings?.systemPrompt.trim();
  if (systemPrompt) parts.push(`System prompt:\n\n${blockquote(systemPrompt)}`);
  for (const message of conversation.messages) {
    parts.push(speaker(message));
    // The person's files as the model read them: each in a fence, before the message's text.
    const text = engineTextOf(message);
    if (text) parts.push(text);
    const note = statusNote(message);
    if (note) parts.push(note);
  }
  return parts.join("\n\n");
}

export function conversationsToMarkdown(conversations: Conversation[]): string {
  return `${conversations.map(conversationToMarkdown).join("\n\n---\n\n")}\n`;
}

/** ASCII letters and digits joined by dashes: safe on every file system and in every URL. */
function slug(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

/** `tramontane-<title>.md` for one chat, `tramontane-<date>.json` for several (or a title with no ASCII). */
export function exportFileName(kind: "json" | "md", conversations: Conversation[], now: Date): string {
  const only = conversations.length === 1 ? conversations[0] : undefined;
  const name = (only && slug(only.title)) || localDate(now);
  return `tramontane-${name}.${kind}`;
}
