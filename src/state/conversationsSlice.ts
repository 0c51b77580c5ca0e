import type { StateCreator } from "zustand";
import type { Conversation, ConversationSettings } from "./conversations";
import { selectActiveConversation, withUpdatedConversation } from "./conversations";
import type { AppState, StoreMutators } from "./store";
import { isHeaderOnly } from "./storedConversationsSlice";

/** The conversations themselves: which exist, which is open, and what a person does to them as a whole. */
export interface ConversationsSlice {
  /** Newest activity first. */
  conversations: Conversation[];
  /** null: a new chat, created when its first message is sent. */
  activeConversationId: string | null;
  /** The last deleted conversation and where it was, for Undo. */
  lastDeleted?: { conversation: Conversation; index: number };
  /** Settings chosen for a new chat before its first message creates it. */
  newChatSettings?: ConversationSettings;
  newConversation: () => void;
  openConversation: (id: string) => void;
  deleteConversation: (id: string) => void;
  undoDelete: () => void;
  renameConversation: (id: string, title: string) => void;
  /** Changes the open chat's settings (or the next new chat's); optionally makes them the defaults. */
  updateChatSettings: (settings: ConversationSettings, options?: { makeDefault?: boolean }) => void;
  /** Adds imported conversations; they never replace existing ones (the importer gives them fresh ids). */
  addConversations: (added: Conversation[]) => void;
}

export const maxTitleLength = 200;

/** The settings the open chat (or the next new chat) uses. */
export function selectChatSettings(state: Pick<AppState, "conversations" | "activeConversationId" | "newChatSettings" | "sampling">): ConversationSettings {
  const active = selectActiveConversation(state);
  if (active) return active.settings ?? { systemPrompt: "", sampling: state.sampling };
  return state.newChatSettings ?? { systemPrompt: "", sampling: state.sampling };
}

export const createConversationsSlice: StateCreator<AppState, StoreMutators, [], ConversationsSlice> = (set, get) => {
  /**
   * Runs `action` on a chat once it is whole: at once if it is, after reading its messages if it
   * is a header still (see storedConversationsSlice.ts), never on a header, which is never saved.
   */
  const whenWhole = (id: string, action: () => void) => {
    const isWhole = () => get().conversations.some((conversation) => conversation.id === id && !isHeaderOnly(conversation));
    if (isWhole()) return action();
    void get()
      .loadConversations([id])
      .then(() => {
        if (isWhole()) action();
      });
  };
  // Opening a chat that is still being read must not win over a chat opened after it.
  let openRequest = 0;

  return {
    conversations: [],
    activeConversationId: null,

    newConversation: () => {
      openRequest += 1;
      set({ activeConversationId: null, newChatSettings: undefined });
    },
    openConversation: (id) => {
      openRequest += 1;
      const request = openRequest;
      whenWhole(id, () => {
          if (request === openRequest) set({ activeConversationId: id });
        });
      },
  
      deleteConversation: (id) =>
        whenWhole(id, () => {
        const { conversations, activeConversationId } = get();
        const index = conversations.findIndex((conversation) => conversation.id === id);
        const conversation = conversations[index];
        if (!conversation) return;
        // A reply still streaming into it has nowhere to go.
        if (conversation.messages.some((message) => message.status === "streaming")) get().stopGeneration();
        set({
          conversations: conversations.filter((candidate) => candidate !== conversation),
          activeConversationId: activeConversationId === id ? null : activeConversationId,
          lastDeleted: { conversation, index },
        });
      }),

    undoDelete: () => {
      const { lastDeleted, conversations } = get();
      if (!lastDeleted) return;
      const restored = [...conversations];
      restored.splice(Math.min(lastDeleted.index, restored.length), 0, lastDeleted.conversation);
      set({ conversations: restored, lastDeleted: undefined, activeConversationId: lastDeleted.conversation.id });
    },

    renameConversation: (id, title) => {
      const trimmed = title.trim().slice(0, maxTitleLength);
      if (!trimmed) return;
      whenWhole(id, () => set((state) => ({ conversations: withUpdatedConversation(state.conversations, id, (conversation) => ({ ...conversation, title: trimmed }), Date.now()) })));
    },

    updateChatSettings: (settings, options) => {
      const activeConversationId = selectActiveConversation(get())?.id;
      if (options?.makeDefault) set({ sampling: settings.sampling });
      if (activeConversationId) {
        set((state) => ({
          conversations: withUpdatedConversation(state.conversations, activeConversationId, (conversation) => ({ ...conversation, settings }), Date.now()),
        }));
      } else {
        set({ newChatSettings: settings });
      }
    },

    addConversations: (added) => {
      if (added.length === 0) return;
      set((state) => ({ conversations: [...added, ...state.conversations].sort((a, b) => b.updatedAt - a.updatedAt) }));
    },
  };
};
