import type { Conversation } from "./conversations";

/**
 * Keeps conversations in step between tabs of the app. IndexedDB fires no `storage` events, and
 * each tab saves its whole state: without this, a tab with an old list would overwrite chats made
 * in another. Tabs tell each other what changed (and what was deleted) over a BroadcastChannel and
 * merge it: per conversation, the newer `updatedAt` wins.
 */

interface SyncMessage {
  changed: Conversation[];
  deleted: string[];
}

export interface SyncedStore {
  getConversations: () => Conversation[];
  setConversations: (conversations: Conversation[]) => void;
  subscribe: (listener: () => void) => () => void;
}

/** Pure: `incoming` changes merged into `local`; newer wins; a conversation streaming here is kept. */
export function mergeConversations(local: Conversation[], message: SyncMessage): Conversation[] {
  const byId = new Map(local.map((conversation) => [conversation.id, conversation]));
  const streamingHere = (id: string) => byId.get(id)?.messages.some((item) => item.status === "streaming") ?? false;
  for (const id of message.deleted) if (!streamingHere(id)) byId.delete(id);
  for (const incoming of message.changed) {
    const current = byId.get(incoming.id);
    if (current && (current.updatedAt >= incoming.updatedAt || streamingHere(incoming.id))) continue;
    byId.set(incoming.id, incoming);
  }
  return [...byId.values()].sort((a, b) => b.updatedAt - a.updatedAt);
}

export function startTabSync(store: SyncedStore, channelName = "tramontane-conversations"): () => void {
  if (typeof BroadcastChannel === "undefined") return () => undefined;
  const channel = new BroadcastChannel(channelName);
  // What the other tabs already know, by id: only differences are sent.
  let known = new Map(store.getConversations().map((conversation) => [conversation.id, conversation]));
  let timer: ReturnType<typeof setTimeout> | undefined;

  const send = () => {
    timer = undefined;
    const now = store.getConversations();
    // Not a change that other tabs would take (they keep what is as new): a chat whose messages
    // were just read from storage is the same chat.
    const changed = now.filter((conversation) => {
      const before = known.get(conversation.id);
      return before !== conversation && before?.updatedAt !== conversation.updatedAt;
    });
    const ids = new Set(now.map((conversation) => conversation.id));
    const deleted = [...known.keys()].filter((id) => !ids.has(id));
    known = new Map(now.map((conversation) => [conversation.id, conversation]));
    if (changed.length > 0 || deleted.length > 0) channel.postMessage({ changed, deleted } satisfies SyncMessage);
  };

  const unsubscribe = store.subscribe(() => {
    // At most a few messages a second while a reply streams.
    timer ??= setTimeout(send, 200);
  });

  channel.onmessage = (event: MessageEvent<SyncMessage>) => {
    const merged = mergeConversations(store.getConversations(), event.data);
    // What came from another tab is not news to send back.
    for (const conversation of event.data.changed) if (merged.includes(conversation)) known.set(conversation.id, conversation);
    for (const id of event.data.deleted) if (!merged.some((conversation) => conversation.id === id)) known.delete(id);
    store.setConversations(merged);
  };

  return () => {
    unsubscribe();
    if (timer !== undefined) clearTimeout(timer);
    channel.close();
  };
}
