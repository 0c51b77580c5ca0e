import { conversationJson, messagesJson } from "./conversationJson";

/**
 * A long chat's messages are stored in pages of this many, each an IndexedDB entry of its own
 * (stateEntries.ts), so that saving a change to its last messages — a reply streaming in, saved
 * every 300 ms — writes the last page, not the whole chat. At 3,000 messages, writing the whole
 * chat on every save cost the main thread more than anything else that grows with a chat.
 * A chat of up to this many messages is one entry, as before pages.
 */
export const messagesPerPage = 100;

/** What is stored of one chat: its entry's text and, for a long chat, its pages' messages. */
export interface ConversationEntryTexts {
  /** The chat's own entry: the whole chat, or for a paged chat everything but its messages. */
  entry: string;
  /** Each page's messages (empty for a chat stored whole). */
  pages: (readonly unknown[])[];
  /** The pages to put, by index, as JSON array texts: those that differ from `stored`. */
  changedPages: [index: number, text: string][];
}

/** The messages of each page of a chat stored in pages; no pages for a short chat. */
function pagesOf(messages: readonly unknown[]): (readonly unknown[])[] {
  if (messages.length <= messagesPerPage) return [];
  const pages: (readonly unknown[])[] = [];
  for (let start = 0; start < messages.length; start += messagesPerPage) pages.push(messages.slice(start, start + messagesPerPage));
  return pages;
}

/** Whether a page holds the same message objects (the store replaces a message it changes, never edits it). */
function samePage(page: readonly unknown[], stored: readonly unknown[] | undefined): boolean {
  return stored !== undefined && stored.length === page.length && page.every((message, index) => message === stored[index]);
}

/**
 * The texts that store `conversation`, given the pages this storage last stored of it (undefined:
 * none known, so every page is put). A paged chat's entry starts
 * `{"messagePages":<count>,"messagesPerPage":<size>`: the count is how a read knows to join its
 * pages (joinMessagePages), the size how it knows which messages each page holds
 * (storedPagesToAdopt). It keeps every field but `messages`.
 */
export function conversationEntryTexts(conversation: object, stored: readonly (readonly unknown[])[] | undefined): ConversationEntryTexts {
  const messages: unknown = (conversation as { messages?: unknown }).messages;
  const pages = Array.isArray(messages) ? pagesOf(messages) : [];
  if (pages.length === 0) return { entry: conversationJson(conversation), pages, changedPages: [] };
  const entry: Record<string, unknown> = { messagePages: pages.length, messagesPerPage };
  for (const [key, value] of Object.entries(conversation)) if (!(key in entry) && key !== "messages") entry[key] = value;
  const changedPages = pages.flatMap((page, index): [number, string][] => (samePage(page, stored?.[index]) ? [] : [[index, messagesJson(page)]]));
  return { entry: JSON.stringify(entry), pages, changedPages };
}

// Stored data is untrusted: a count of more than five digits (10 million messages) is not one this
// app wrote, and reading that many pages would hang the start. Such an entry reads as a chat with
// no messages, which the app refuses, reports and copies aside.
// The size follows the count in entries written since it was stored; older ones have none.
const pagedEntryStart = /^\{"messagePages":(\d{1,5})(?:,"messagesPerPage":(\d{1,5}))?[,}]/;

/** What a stored chat entry's start says of its pages; undefined for a chat stored whole. */
function pagedEntryHeader(entry: unknown): { pageCount: number; messagesPerPage: number } | undefined {
  const match = typeof entry === "string" ? pagedEntryStart.exec(entry) : null;
  if (!match) return undefined;
  // Entries written before the size was stored in them all used pages of 100.
  return { pageCount: Number(match[1]), messagesPerPage: match[2] === undefined ? 100 : Number(match[2]) };
}

/** How many pages a stored chat entry says its messages are in; 0 for a chat stored whole. */
export function storedPageCount(entry: unknown): number {
  return pagedEntryHeader(entry)?.pageCount ?? 0;
}

/** How a paged chat was stored, as read: enough to know which messages each of its pages holds. */
export interface StoredPageLayout {
  pageCount: number;
  messagesPerPage: number;
  /** The messages the pages held, all together, as read (before the app checked them). */
  messageCount: number;
}

/**
 * The layout of a stored chat, from its entry's text and the chat as read (pages joined), or
 * undefined when it is not a paged chat read whole.
 */
export function storedPageLayout(entry: unknown, read: unknown): StoredPageLayout | undefined {
  const header = pagedEntryHeader(entry);
  const messages: unknown = (read as { messages?: unknown } | null)?.messages;
  if (!header || header.pageCount === 0 || !Array.isArray(messages)) return undefined;
  return { ...header, messageCount: messages.length };
}

/**
 * The pages of `messages` (the app's checked copy of a chat it read) that are what is stored, or
 * undefined when that is not certain: then the chat's first save writes every page. Each stored
 * page holds the messages at the same places only if the pages are of today's size and the check
 * kept every message: otherwise a page taken as written could hold other messages, and a later
 * save that skips it would lose or repeat them.
 */
export function storedPagesToAdopt(messages: readonly unknown[], layout: StoredPageLayout): (readonly unknown[])[] | undefined {
  if (layout.messagesPerPage !== messagesPerPage || layout.messageCount !== messages.length) return undefined;
  const pages = pagesOf(messages);
  return pages.length === layout.pageCount ? pages : undefined;
}

/** A paged chat whose pages could not all be read: kept as it is, so it is read as damaged and copied aside whole. */
export interface DamagedPagedConversation {
  entry: string;
  pages: unknown[];
}

/**
 * A paged chat's entry and its pages (as stored, in order) joined into the text of the whole chat,
 * its messages last, as a chat stored whole reads. A missing or malformed page gives the parts as
 * they are instead: not a text, so the chat is reported as unreadable and copied aside, pages and all.
 */
export function joinMessagePages(entry: string, pages: unknown[]): string | DamagedPagedConversation {
  const arrays = pages.filter((page): page is string => typeof page === "string" && page.startsWith("[") && page.endsWith("]"));
  if (arrays.length !== pages.length || !entry.endsWith("}")) return { entry, pages };
  const messages = arrays
    .map((page) => page.slice(1, -1))
    .filter((items) => items.length > 0)
    .join(",");
  return `${entry.slice(0, -1)},"messages":[${messages}]}`;
}
