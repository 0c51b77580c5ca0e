import type { SamplingSettings } from "../engines/types";
import type { ChatMessageRecord } from "./chatSlice";

/** What a chat sends with every request. New chats start from the defaults in Settings. */
export interface ConversationSettings {
  /** "" sends no system message. */
  systemPrompt: string;
  sampling: SamplingSettings;
}

/** One chat: its messages, and what the sidebar shows of it. */
export interface Conversation {
  id: string;
  title: string;
  createdAt: number;
  /** Last time a message was added or changed: the sidebar lists newest activity first. */
  updatedAt: number;
  messages: ChatMessageRecord[];
  /** Absent in chats saved before per-chat settings existed: those use the defaults. */
  settings?: ConversationSettings;
  /**
   * false: only its header has been read from storage so far (its `messages` are empty, not its
   * own), so it is never written; its messages are read soon after the start (storedConversationsSlice).
   */
  messagesLoaded?: false;
}

/** What the chat list shows of a chat, kept with the settings so that a start can show the list at once. */
export type ConversationHeader = Pick<Conversation, "id" | "title" | "createdAt" | "updatedAt">;

export function conversationHeader(conversation: Conversation): ConversationHeader {
  return { id: conversation.id, title: conversation.title, createdAt: conversation.createdAt, updatedAt: conversation.updatedAt };
}

/** A chat known by its header only, until its messages are read. */
export function headerOnlyConversation(header: ConversationHeader): Conversation {
  return { ...header, messages: [], messagesLoaded: false };
}

const noMessages: ChatMessageRecord[] = [];

/** A title from the first message: its first line, shortened at a word boundary. */
export function titleFrom(text: string): string {
  const firstLine = text.trim().split("\n")[0]?.trim() ?? "";
  if (firstLine.length <= 60) return firstLine || "New chat";
  const cut = firstLine.slice(0, 60);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > 30 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

export type OpenChatState = { conversations: Conversation[]; activeConversationId: string | null };

/** The open chat; undefined for a new chat that has no message yet. */
export function selectActiveConversation(state: OpenChatState): Conversation | undefined {
  return state.conversations.find((conversation) => conversation.id === state.activeConversationId);
}

export function selectActiveMessages(state: OpenChatState): ChatMessageRecord[] {
  return selectActiveConversation(state)?.messages ?? noMessages;
}

/** Applies `update` to one conversation and moves it to the top of the list (newest activity first). */
export function withUpdatedConversation(
  conversations: Conversation[],
  conversationId: string,
  update: (conversation: Conversation) => Conversation,
  now: number,
): Conversation[] {
  const target = conversations.find((conversation) => conversation.id === conversationId);
  if (!target) return conversations;
  const updated: Conversation = { ...update(target), updatedAt: now };
  // A streamed reply updates its chat many times a second, and that chat is first after its first
  // update: a plain copy, not a spread, which walks the list through its iterator (0.2 ms a frame
  // for 1,000 chats here).
  if (conversations[0] === target) {
    const next = conversations.slice();
    next[0] = updated;
    return next;
  }
  return [updated, ...conversations.filter((conversation) => conversation !== target)];
}

/**
 * `messages` with message `id` changed by `update` (the same array when there is none). Looked for
 * from the end, where a streamed reply is: it is updated on every frame, in chats of any length.
 */
export function withMessageChanged(messages: ChatMessageRecord[], id: string, update: (message: ChatMessageRecord) => Partial<ChatMessageRecord>): ChatMessageRecord[] {
  const index = messages.findLastIndex((message) => message.id === id);
  const message = messages[index];
  if (message === undefined) return messages;
  const changed = messages.slice();
  changed[index] = { ...message, ...update(message) };
  return changed;
}

/** Applies `update` to one conversation's messages and moves it to the top of the list. */
export function withUpdatedMessages(
  conversations: Conversation[],
  conversationId: string,
  update: (messages: ChatMessageRecord[]) => ChatMessageRecord[],
  now: number,
): Conversation[] {
  return withUpdatedConversation(conversations, conversationId, (target) => ({ ...target, messages: update(target.messages) }), now);
}

/**
 * What is saved: a reply still streaming is saved as "incomplete", so a reload or a closed tab
 * keeps the text received so far, marked as cut short.
 */
export function conversationToSave(conversation: Conversation): Conversation {
  return conversation.messages.some((message) => message.status === "streaming")
    ? {
        ...conversation,
        messages: conversation.messages.map((message) => (message.status === "streaming" ? { ...message, status: "incomplete" as const } : message)),
      }
    : conversation;
}

export function conversationsToSave(conversations: Conversation[]): Conversation[] {
  return conversations.map(conversationToSave);
}
