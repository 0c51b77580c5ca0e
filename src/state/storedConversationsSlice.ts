import type { StateCreator } from "zustand";
import type { Conversation } from "./conversations";
import { parseConversation } from "./parseConversations";
import { rejectedConversationsProblem } from "./sanitizePersistedState";
import type { AppState, StoreMutators } from "./store";
import { nextTask } from "../ui/nextPaint";

/**
 * A start reads the chat list's headers and the open chat only (see idbStateStorage.ts), so that
 * the list shows at once however long the history. The other chats' messages are read right
 * after, in slices, and any one of them at once when it is needed (opened, renamed, deleted).
 */
export interface StoredConversationsSlice {
  /**
   * false from a start that read the list's headers until every stored chat has been read: until
   * then, some chats are headers only, and a search cannot look into their messages.
   */
  allConversationsLoaded: boolean;
  /** Reads these chats' messages now unless they are read already. A chat that cannot be read leaves the list. */
  loadConversations: (ids: readonly string[]) => Promise<void>;
  /** Reads every chat not read yet, a slice at a time so that the page stays responsive. One run at a time. */
  loadAllConversations: () => Promise<void>;
}

/** Where the stored chats come from: the storage, as unchecked values. */
export interface StoredConversationSource {
  readConversations: (ids: readonly string[]) => Promise<unknown[]>;
  readConversationSlice: (after: string | undefined, count: number) => Promise<{ conversations: unknown[]; last: string | undefined }>;
  /** Tells the storage these objects are what it has stored, so they are not written again. */
  adoptStoredConversations: (conversations: readonly Conversation[]) => void;
  /** Keeps a copy of a stored chat the app cannot use, before it leaves the list. */
  keepUnreadable: (value: unknown) => void;
}

/** About 5 ms of parsing and checking per slice for chats of 50 messages. */
const sliceSize = 50;

export function isHeaderOnly(conversation: Conversation): boolean {
  return conversation.messagesLoaded === false;
}

export function createStoredConversationsSlice(source: StoredConversationSource): StateCreator<AppState, StoreMutators, [], StoredConversationsSlice> {
  return (set, get) => {
    let loadingAll: Promise<void> | undefined;

    /** The checked chats in the place of their headers; `isNew` says which chats not in the list join it. */
    const merge = (values: unknown[], isNew: (id: string) => boolean) => {
      const loaded = new Map<string, Conversation>();
      let rejected = 0;
      for (const value of values) {
        const conversation = parseConversation(value);
        if (conversation) loaded.set(conversation.id, conversation);
        else {
          rejected += 1;
          source.keepUnreadable(value);
        }
      }
      if (rejected > 0) get().reportReadProblems([rejectedConversationsProblem(rejected)]);
      const current = get().conversations;
      const inList = new Set(current.map((conversation) => conversation.id));
      // Only a header is replaced: a chat already whole here (opened, or sent by another tab) is newer.
      const replaced = current.map((conversation) => (isHeaderOnly(conversation) ? (loaded.get(conversation.id) ?? conversation) : conversation));
      const joining = [...loaded.values()].filter((conversation) => !inList.has(conversation.id) && isNew(conversation.id));
      const adopted = [...replaced.filter((conversation, index) => conversation !== current[index]), ...joining];
      if (adopted.length === 0) return;
      source.adoptStoredConversations(adopted);
      set({ conversations: [...replaced, ...joining] });
    };

    /** Headers whose chat could not be read (no entry, or damaged and reported) leave the list. */
    const dropHeaders = (which: (id: string) => boolean) => {
      const conversations = get().conversations.filter((conversation) => !(isHeaderOnly(conversation) && which(conversation.id)));
      if (conversations.length < get().conversations.length) set({ conversations });
    };

    return {
      allConversationsLoaded: true,

      loadConversations: async (ids) => {
        const wanted = get().conversations.filter((conversation) => isHeaderOnly(conversation) && ids.includes(conversation.id));
        if (wanted.length === 0) return;
        const wantedIds = new Set(wanted.map((conversation) => conversation.id));
        let values: unknown[];
        try {
          values = await source.readConversations([...wantedIds]);
        } catch {
          // Storage failed for now: the headers stay, to be read again.
          return;
        }
        merge(values, () => false);
        dropHeaders((id) => wantedIds.has(id));
      },

      loadAllConversations: () => {
        if (get().allConversationsLoaded) return Promise.resolve();
        loadingAll ??= (async () => {
          // A chat in storage that this list never had (saved by another tab) joins it; one that
          // was listed and is gone now was deleted meanwhile, and stays deleted.
          const listedAtStart = new Set(get().conversations.map((conversation) => conversation.id));
          let after: string | undefined;
          try {
            do {
              await nextTask();
              const slice = await source.readConversationSlice(after, sliceSize);
              merge(slice.conversations, (id) => !listedAtStart.has(id));
              after = slice.last;
            } while (after !== undefined);
            dropHeaders(() => true);
            set({ allConversationsLoaded: true });
          } catch {
            // Storage failed for now: what is still a header is read on the next call.
          } finally {
            loadingAll = undefined;
          }
        })();
        return loadingAll;
      },
    };
  };
}
