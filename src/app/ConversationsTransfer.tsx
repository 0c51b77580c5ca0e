import { useRef, useState } from "react";
import { downloadConversations } from "../conversations-io/downloadTextFile";
import { checkImportSize, importConversations } from "../conversations-io/importConversations";
import type { Conversation } from "../state/conversations";
import { useAppStore } from "../state/store";

type TransferOutcome = { kind: "done"; text: string } | { kind: "error"; text: string };

const chats = (count: number) => (count === 1 ? "1 chat" : `${count} chats`);

function describeImport(added: number, skipped: number): string {
  if (added === 0 && skipped === 0) return "This file holds no chats.";
  if (added === 0) return `Nothing new: ${skipped === 1 ? "the chat in this file is" : `all ${skipped} chats in this file are`} already here.`;
  return skipped === 0 ? `Imported ${chats(added)}.` : `Imported ${chats(added)}; ${chats(skipped)} were already here.`;
}

export const chatsNotReadMessage = "Some of your chats could not be read from this browser's storage just now, so nothing was done. Try again in a moment.";

/**
 * Every chat with its messages: right after a start, some are still being read (see
 * storedConversationsSlice.ts). Undefined when the storage could not give them all.
 */
async function wholeConversations(): Promise<Conversation[] | undefined> {
  await useAppStore.getState().loadAllConversations();
  const { conversations, allConversationsLoaded } = useAppStore.getState();
  return allConversationsLoaded ? conversations : undefined;
}

/** The sidebar's footer: every chat out as JSON (to re-import) or Markdown (to read), and import. */
export function ConversationsTransfer() {
  const hasConversations = useAppStore((state) => state.conversations.length > 0);
  const addConversations = useAppStore((state) => state.addConversations);
  const fileInput = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<TransferOutcome>();
  const showPersistenceNotice = useAppStore((state) => state.storagePersistence === "refused" && !state.persistenceNoticeDismissed);
  const dismissPersistenceNotice = useAppStore((state) => state.dismissPersistenceNotice);

  async function exportAll(format: "json" | "md") {
    const conversations = await wholeConversations();
    if (conversations) downloadConversations(format, conversations);
    else setOutcome({ kind: "error", text: chatsNotReadMessage });
  }

  async function importFile(file: File) {
    const tooBig = checkImportSize(file.size);
    if (tooBig) {
      setOutcome({ kind: "error", text: tooBig });
      return;
    }
    const text = await file.text();
    // Read the list now, not before the file was read: another tab may have added chats meanwhile.
    const existing = await wholeConversations();
    if (!existing) {
      setOutcome({ kind: "error", text: chatsNotReadMessage });
      return;
    }
    const result = importConversations(text, existing, () => crypto.randomUUID());
    if (!result.ok) {
      setOutcome({ kind: "error", text: result.error });
      return;
    }
    addConversations(result.added);
    setOutcome({ kind: "done", text: describeImport(result.added.length, result.skipped) });
  }

  return (
    <section className="transfer" aria-label="Export and import">
      {showPersistenceNotice && (
        <div className="persistence-notice" role="status">
          <p className="help">
            This browser has not promised to keep this site's data: when space runs low it may delete your chats. Export them now and then
            (installing the app as a program often makes the browser keep its data).
          </p>
          <button type="button" className="link-button" onClick={dismissPersistenceNotice}>
            Got it
          </button>
        </div>
      )}
      {hasConversations && (
        <div className="transfer-row">
          <button type="button" className="button button-quiet" onClick={() => void exportAll("json")}>
            Export all (JSON)
          </button>
          <button type="button" className="button button-quiet" onClick={() => void exportAll("md")}>
            Export all (Markdown)
          </button>
        </div>
      )}
      <button type="button" className="button button-quiet" onClick={() => fileInput.current?.click()}>
        Import chats…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept="application/json,.json"
        hidden
        aria-label="Import chats from a JSON export"
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Cleared so choosing the same file again still fires a change.
          event.target.value = "";
          if (file) void importFile(file);
        }}
      />
      {outcome && (
        <p className={outcome.kind === "error" ? "help field-error" : "help"} role={outcome.kind === "error" ? "alert" : "status"}>
          {outcome.text}
        </p>
      )}
    </section>
  );
}
