import { useCallback, useEffect, useRef, useState } from "react";
import { createDraftStorage, newChatDraftKey } from "../storage/draftStorage";
import type { DraftStorage } from "../storage/draftStorage";
import { useAppStore, useHasHydrated } from "../state/store";

let sharedDrafts: DraftStorage | undefined;
function appDrafts(): DraftStorage {
  sharedDrafts ??= createDraftStorage();
  return sharedDrafts;
}

/**
 * The Message box's text, one draft per chat: switching chats shows the other chat's own draft
 * (a message is never sent to a chat it was not written in), and a draft survives a reload or a
 * closed tab (draftStorage.ts). Until the saved chats and drafts are read, typing is kept as it
 * is; then an empty box takes the open chat's stored draft, and a box already typed in keeps its
 * text as that chat's draft.
 */
export function useChatDraft(drafts: DraftStorage = appDrafts()): [draft: string, setDraft: (text: string) => void] {
  const [draft, setDraftState] = useState("");
  // The box's text as last set, for the effect below (which must not run on every keystroke).
  const text = useRef("");
  const hydrated = useHasHydrated();
  const chatId = useAppStore((state) => state.activeConversationId);
  const [draftsRead, setDraftsRead] = useState(false);
  // The chat the box's text belongs to; undefined until both reads are done.
  const draftKey = useRef<string | undefined>(undefined);

  const show = useCallback((shown: string) => {
    text.current = shown;
    setDraftState(shown);
  }, []);

  useEffect(() => {
    let live = true;
    void drafts.read().then(() => {
      if (live) setDraftsRead(true);
    });
    return () => {
      live = false;
    };
  }, [drafts]);

  useEffect(() => {
    if (!hydrated || !draftsRead) return;
    const key = chatId ?? newChatDraftKey;
    if (draftKey.current === key) return;
    const first = draftKey.current === undefined;
    draftKey.current = key;
    if (!first) {
      show(drafts.get(key));
      return;
    }
    // Chats deleted since (here or in another tab) leave no draft behind; unless the stored chats
    // could not all be read, when the list is not the whole truth.
    const { conversations, readProblems } = useAppStore.getState();
    if (readProblems.length === 0) drafts.forgetAllBut(new Set(conversations.map((conversation) => conversation.id)));
    if (text.current === "") show(drafts.get(key));
    else drafts.save(key, text.current);
  }, [hydrated, draftsRead, chatId, drafts, show]);

  const setDraft = useCallback(
    (typed: string) => {
      show(typed);
      if (draftKey.current !== undefined) drafts.save(draftKey.current, typed);
    },
    [drafts, show],
  );
  return [draft, setDraft];
}
