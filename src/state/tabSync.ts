import type { Conversation } from "./conversations";

/**
 * Keeps conversations in step between tabs of the app. IndexedDB fires no `storage` events, and
 * each tab saves its whole state: without this, a tab with an old list would overwrite chats made
 * in another. Tabs tell each other what changed (and what was deleted) over a BroadcastChannel and
 * merge it: per conversation, the newer `updatedAt` wins.
 *
 * A tab sends its changes only while another tab is there to take them: a lone tab (the usual
 * case) would otherwise copy the open chat, history and all, into a message five times a second
 * while a reply streams. Each message says which tab sent it; a tab says hello when it starts (the
 * others answer) and bye when it closes. A message that names no tab comes from an older version
 * of the app, which always sends: that tab counts as there for good.
 */

interface SyncMessage {
  changed: Conversation[];
  deleted: string[];
  /** The sending tab. */
  from?: string;
  /** The sender just started: every other tab answers, so that it knows they are there. */
  hello?: boolean;
  /** The sender is closing. */
  bye?: boolean;
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
  const tabId = crypto.randomUUID();
  const otherTabs = new Set<string>();
  let olderVersionHeard = false;
  const post = (message: Omit<SyncMessage, "from">) => channel.postMessage({ ...message, from: tabId } satisfies SyncMessage);
  // What the other tabs already know: only differences are sent. Kept up while alone too: a tab
  // that joins has just read the saved chats, and hears every change from its hello on. While
  // alone, that is just the latest list; the map by id is made when another tab is there to tell
  // (making it five times a second cost 1 ms each time with 1,000 chats, while a reply streamed).
  let knownList = store.getConversations();
  let knownById: Map<string, Conversation> | undefined;
  const known = () => (knownById ??= new Map(knownList.map((conversation) => [conversation.id, conversation])));
  const knowNow = (conversations: Conversation[]) => {
    knownList = conversations;
    knownById = undefined;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;

  const send = () => {
    timer = undefined;
    const now = store.getConversations();
    if (otherTabs.size === 0 && !olderVersionHeard) {
      knowNow(now);
      return;
    }
    const before = known();
    // Not a change that other tabs would take (they keep what is as new): a chat whose messages
    // were just read from storage is the same chat.
    const changed = now.filter((conversation) => {
      const told = before.get(conversation.id);
      return told !== conversation && told?.updatedAt !== conversation.updatedAt;
    });
    const ids = new Set(now.map((conversation) => conversation.id));
    const deleted = [...before.keys()].filter((id) => !ids.has(id));
    knowNow(now);
    if (changed.length > 0 || deleted.length > 0) post({ changed, deleted });
  };

  const unsubscribe = store.subscribe(() => {
    // At most a few messages a second while a reply streams.
    timer ??= setTimeout(send, 200);
  });

  channel.onmessage = (event: MessageEvent<SyncMessage>) => {
    const { from, hello, bye } = event.data;
    if (from === undefined) olderVersionHeard = true;
    else if (bye) otherTabs.delete(from);
    else otherTabs.add(from);
    if (hello) post({ changed: [], deleted: [] });
    if (event.data.changed.length === 0 && event.data.deleted.length === 0) return;
    const merged = mergeConversations(store.getConversations(), event.data);
    // What came from another tab is not news to send back.
    for (const conversation of event.data.changed) if (merged.includes(conversation)) known().set(conversation.id, conversation);
    for (const id of event.data.deleted) if (!merged.some((conversation) => conversation.id === id)) known().delete(id);
    store.setConversations(merged);
  };

  // A page going into the back-forward cache may come back: it says no bye, so the other tabs
  // keep sending to it, as all tabs did before they said hello.
  const onPageHide = (event: PageTransitionEvent) => {
    if (!event.persisted) post({ changed: [], deleted: [], bye: true });
  };
  globalThis.addEventListener?.("pagehide", onPageHide);
  post({ changed: [], deleted: [], hello: true });

  return () => {
    unsubscribe();
    globalThis.removeEventListener?.("pagehide", onPageHide);
    if (timer !== undefined) clearTimeout(timer);
    post({ changed: [], deleted: [], bye: true });
    channel.close();
  };
}
