import type { Conversation } from "./conversations";

export interface SearchHit {
  conversation: Conversation;
  /** Where the text matched, when it is in a message rather than the title. */
  snippet?: string;
}

/** Case- and accent-insensitive: "ete" finds "Été". Same length as the input for plain Latin text. */
function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
}

function snippetAround(text: string, at: number, length: number): string {
  const start = Math.max(0, at - 30);
  const end = Math.min(text.length, at + length + 50);
  const middle = text.slice(start, end).replace(/\s+/g, " ").trim();
  return `${start > 0 ? "…" : ""}${middle}${end < text.length ? "…" : ""}`;
}

/** Conversations whose title or messages contain `query`, in list order (newest activity first). */
export function searchConversations(conversations: Conversation[], query: string): SearchHit[] {
  const needle = fold(query.trim());
  if (!needle) return conversations.map((conversation) => ({ conversation }));
  const hits: SearchHit[] = [];
  for (const conversation of conversations) {
    if (fold(conversation.title).includes(needle)) {
      hits.push({ conversation });
      continue;
    }
    for (const message of conversation.messages) {
      const snippet = snippetOf(message.content, needle) ?? message.attachments?.map((file) => snippetOf(file.name, needle)).find((found) => found !== undefined);
      if (snippet === undefined) continue;
      hits.push({ conversation, snippet });
      break;
    }
  }
  return hits;
}

/** The words around `needle` in `text` (its own text or, for a file sent with it, the file's name); undefined when absent. */
function snippetOf(text: string, needle: string): string | undefined {
  const folded = fold(text);
  const at = folded.indexOf(needle);
  if (at === -1) return undefined;
  // Folding can change lengths (rare scripts); the snippet then falls back to the folded text.
  const source = folded.length === text.length ? text : folded;
  return snippetAround(source, at, needle.length);
}
