import type { ClipboardEvent, DragEvent, FormEvent, KeyboardEvent } from "react";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { useAppStore, useHasHydrated, whenSavedStateRead } from "../state/store";
import { JumpToLatest } from "./JumpToLatest";
import { PendingAttachments } from "./PendingAttachments";
import { readTextAttachment } from "./readTextAttachment";
import { useChatAttachments } from "./useChatAttachments";
import { useChatDraft } from "./useChatDraft";

/** A paper clip. */
const AttachIcon = () => (
  <svg width={20} height={20} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden focusable={false}>
    <path d="M21 11.5l-8.5 8.5a5 5 0 0 1-7-7L14 4.5a3.5 3.5 0 0 1 5 5L10.5 18a2 2 0 0 1-3-3L15 7.5" />
  </svg>
);

export function Composer() {
  const [draft, setDraft] = useChatDraft();
  const { attachments, add: addAttachments, remove: removeAttachment, clear: clearAttachments } = useChatAttachments();
  // Files refused at the last attempt, each with its reason.
  const [refusedFiles, setRefusedFiles] = useState<string[]>([]);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const fileInputRef = useRef<HTMLInputElement>(null);
  const isGenerating = useAppStore((state) => state.isGenerating);
  const sendMessage = useAppStore((state) => state.sendMessage);
  const stopGeneration = useAppStore((state) => state.stopGeneration);
  const hydrated = useHasHydrated();
  // The cloud cannot answer offline; local models and servers on this machine still can.
  const offlineReason = useAppStore((state) =>
    hydrated && !state.online && state.engineKind === "mistral-api"
      ? "You are offline, so the Mistral API cannot be reached. Reconnect, or switch to a model on this device in Settings."
      : undefined,
  );

  const canSend = !isGenerating && (draft.trim() !== "" || attachments.length > 0) && offlineReason === undefined;

  const attachFiles = async (files: readonly File[]) => {
    if (files.length === 0) return;
    const readings = await Promise.all(files.map(readTextAttachment));
    addAttachments(readings.flatMap((reading) => ("attachment" in reading ? [reading.attachment] : [])));
    setRefusedFiles(readings.flatMap((reading) => ("problem" in reading ? [reading.problem] : [])));
  };
  // Files dropped on the composer or pasted into the box are attached (text pasted stays text).
  const onDragOver = (event: DragEvent) => {
    if (event.dataTransfer.types.includes("Files")) event.preventDefault();
  };
  const onDrop = (event: DragEvent) => {
    if (event.dataTransfer.files.length === 0) return;
    event.preventDefault();
    void attachFiles([...event.dataTransfer.files]);
  };
  const onPaste = (event: ClipboardEvent) => {
    if (event.clipboardData.files.length === 0) return;
    event.preventDefault();
    void attachFiles([...event.clipboardData.files]);
  };

  // The box is in the prerendered page, so it can be typed in before the app's code runs: keep that text.
  useLayoutEffect(() => {
    const typedBeforeStart = inputRef.current?.value;
    if (typedBeforeStart) setDraft(typedBeforeStart);
  }, [setDraft]);

  // Typing starts with the first screen, before the saved chats are read. A message sent in that
  // moment stays in the box and goes as soon as they are (it belongs in the chat that was open).
  const sendLatest = useRef(() => {});
  const stopWaiting = useRef<(() => void) | null>(null);
  useEffect(() => () => stopWaiting.current?.(), []);
  const send = () => {
    if (!canSend) return;
    if (!useAppStore.persist.hasHydrated()) {
      stopWaiting.current ??= whenSavedStateRead(() => {
        stopWaiting.current = null;
        sendLatest.current();
      });
      return;
    }
    void sendMessage(draft, attachments);
    setDraft("");
    clearAttachments();
    setRefusedFiles([]);
    inputRef.current?.focus();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends, Shift+Enter is a new line; never send in the middle of an IME composition.
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  useEffect(() => {
    sendLatest.current = send;
  });

  useEffect(() => {
    if (!isGenerating) return;
    const onEscape = (event: globalThis.KeyboardEvent) => {
      if (event.key === "Escape" && !document.querySelector("dialog[open]")) stopGeneration();
    };
    window.addEventListener("keydown", onEscape);
    return () => window.removeEventListener("keydown", onEscape);
  }, [isGenerating, stopGeneration]);

  return (
    <form className="composer" onSubmit={onSubmit} onDragOver={onDragOver} onDrop={onDrop}>
      <JumpToLatest onJumped={() => inputRef.current?.focus({ preventScroll: true })} />
      {offlineReason && (
        <p className="composer-notice" role="status">
          {offlineReason}
        </p>
      )}
      {refusedFiles.map((problem, index) => (
        <p key={`${index}:${problem}`} className="composer-notice" role="alert">
          {problem}
        </p>
      ))}
      <PendingAttachments attachments={attachments} onRemove={(index) => {
        removeAttachment(index);
        inputRef.current?.focus();
      }} />
      <input
        ref={fileInputRef}
        type="file"
        multiple
        hidden
        onChange={(event) => {
          void attachFiles([...(event.target.files ?? [])]);
          // The same file chosen again is a change too.
          event.target.value = "";
        }}
      />
      <button type="button" className="button button-quiet composer-attach" aria-label="Attach text files" title="Attach text files" onClick={() => fileInputRef.current?.click()}>
        <AttachIcon />
      </button>
      <textarea
        ref={inputRef}
        className="composer-input"
        aria-label="Message"
        placeholder="Message Mistral…"
        rows={1}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        autoFocus
      />
      {isGenerating ? (
        <button
          type="button"
          className="button button-stop"
          onClick={() => {
            stopGeneration();
            // Stop goes away with the reply: focus goes on to the box, not to the page's top.
            inputRef.current?.focus();
          }}
        >
          Stop
        </button>
      ) : (
        <button type="submit" className="button button-primary" disabled={!canSend}>
          Send
        </button>
      )}
    </form>
  );
}
